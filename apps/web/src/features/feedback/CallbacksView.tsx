// 差评回访 and 差评申诉: real-name bad ratings waiting for a callback (charted open / overdue / done,
// then listed with their deadline), closed with an outcome (feedback.handle); a department may
// appeal a rating it holds mistaken or malicious (feedback.handle), and a reviewer other than the
// appellant decides (feedback.manage). Every server text is rendered as text.
import { Alert, Button, Card, Empty, Form, Input, Modal, Radio, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useContext, useEffect, useMemo, useState } from 'react';
import { api, type RatingAppeal, type RatingCallback } from '../../api-client';
import { LanguageContext, translate, useLocalized, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';

const minute = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

function useList<T>(load: () => Promise<T[]>, version: number, onError: (e: unknown) => void): T[] | null {
  const [list, setList] = useState<T[] | null>(null);
  useEffect(() => {
    let current = true;
    setList(null);
    load().then(
      (l) => current && setList(l),
      (e: unknown) => {
        if (!current) return;
        setList([]);
        onError(e);
      },
    );
    return () => {
      current = false;
    };
  }, [load, version, onError]);
  return list;
}

export function CallbacksView({ permissions, onError }: { permissions: readonly string[]; onError: (e: unknown) => void }) {
  const t = useT();
  const language = useContext(LanguageContext);
  const [version, setVersion] = useState(0);
  const callbacks = useList(api.callbacks, version, onError);
  const [closing, setClosing] = useState<RatingCallback | null>(null);
  const [appealing, setAppealing] = useState<RatingCallback | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canHandle = permissions.includes('feedback.handle');

  const option = useMemo(() => {
    const list = callbacks ?? [];
    const values = [list.filter((c) => c.status === 'open' && !c.overdue).length, list.filter((c) => c.overdue).length, list.filter((c) => c.status === 'done').length];
    const names = [translate(language, 'cb_open'), translate(language, 'cb_overdue'), translate(language, 'cb_done')];
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['40%', '70%'], data: values.map((value, i) => ({ value, name: names[i], itemStyle: { color: ['#1677ff', '#f5222d', '#52c41a'][i] } })) }],
    };
  }, [callbacks, language]);

  const columns: ColumnsType<RatingCallback> = [
    { title: t('trackingCode'), dataIndex: 'trackingCode', key: 'code' },
    { title: t('cb_level'), dataIndex: 'level', key: 'level', render: (level: number) => <Tag color={level === 1 ? 'red' : 'volcano'}>{t(level === 1 ? 'cb_level1' : 'cb_level2')}</Tag> },
    { title: t('unit'), dataIndex: 'unit', key: 'unit' },
    { title: t('cb_phone'), dataIndex: 'phone', key: 'phone', render: (p: string | null) => p ?? t('cb_phoneSealed') },
    { title: t('cb_deadline'), dataIndex: 'dueAt', key: 'due', render: (d: string) => minute(d) },
    {
      title: t('status'),
      key: 'status',
      render: (_, c) => (
        <Space size={4} wrap>
          <Tag color={c.status === 'done' ? 'green' : 'blue'}>{t(c.status === 'done' ? 'cb_done' : 'cb_open')}</Tag>
          {c.overdue && <Tag color="error">{t('timedOut')}</Tag>}
        </Space>
      ),
    },
    { title: t('cb_outcome'), dataIndex: 'outcome', key: 'outcome', render: (o: string | null) => o ?? '—' },
    {
      title: t('cb_actions'),
      key: 'actions',
      render: (_, c) =>
        canHandle ? (
          <Space size={4} wrap>
            {c.status === 'open' && (
              <Button size="small" type="primary" onClick={() => setClosing(c)} aria-label={`${t('cb_close')} ${c.trackingCode}`}>
                {t('cb_close')}
              </Button>
            )}
            <Button size="small" onClick={() => setAppealing(c)} aria-label={`${t('ra_submit')} ${c.trackingCode}`}>
              {t('ra_submit')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  const done = (message: string) => {
    setNotice(message);
    setVersion((v) => v + 1);
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('cb_intro')}</Typography.Paragraph>
      {notice && <Alert type="success" title={notice} showIcon role="status" closable onClose={() => setNotice(null)} style={{ marginBottom: 16 }} />}
      {callbacks === null ? (
        <Spin />
      ) : callbacks.length === 0 ? (
        <Empty description={t('cb_none')} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Chart option={option} height={220} label={t('cb_chart')} />
          </Card>
          <Table rowKey="id" columns={columns} dataSource={callbacks} size="middle" pagination={{ pageSize: 20 }} aria-label={t('callbacks')} />
        </>
      )}
      <CloseCallbackModal callback={closing} onCancel={() => setClosing(null)} onDone={() => { setClosing(null); done(t('cb_closed')); }} onError={onError} />
      <AppealModal callback={appealing} onCancel={() => setAppealing(null)} onDone={() => { setAppealing(null); done(t('ra_submitted')); }} onError={onError} />
    </>
  );
}

function CloseCallbackModal({ callback, onCancel, onDone, onError }: { callback: RatingCallback | null; onCancel: () => void; onDone: () => void; onError: (e: unknown) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ outcome: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={callback !== null} title={callback ? `${t('cb_close')} ${callback.trackingCode}` : ''} onCancel={onCancel} okText={t('cb_close')} confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Form
        form={form}
        name="callbackClose"
        preserve={false}
        layout="vertical"
        onFinish={(v) => {
          if (!callback) return;
          setBusy(true);
          api.closeCallback(callback.id, v.outcome).then(onDone, onError).finally(() => setBusy(false));
        }}
      >
        <Form.Item name="outcome" label={t('cb_outcome')} extra={t('cb_outcomeHint')} rules={[{ required: true, whitespace: true, min: 2, message: t('required') }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AppealModal({ callback, onCancel, onDone, onError }: { callback: RatingCallback | null; onCancel: () => void; onDone: () => void; onError: (e: unknown) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ kind: 'mistaken' | 'malicious'; grounds: string; evidence: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={callback !== null} title={callback ? `${t('ra_submit')} ${callback.trackingCode}` : ''} onCancel={onCancel} okText={t('ra_submit')} confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Form
        form={form}
        name="ratingAppeal"
        preserve={false}
        layout="vertical"
        initialValues={{ kind: 'mistaken' }}
        onFinish={(v) => {
          if (!callback) return;
          setBusy(true);
          api
            .submitRatingAppeal({ ratingId: callback.ratingId, kind: v.kind, grounds: v.grounds, evidence: v.evidence.split(/[,，;；\n]/).map((name) => name.trim()).filter(Boolean).map((name) => ({ name })) })
            .then(onDone, onError)
            .finally(() => setBusy(false));
        }}
      >
        <Form.Item name="kind" label={t('ra_kind')} rules={[{ required: true, message: t('required') }]}>
          <Select options={[{ value: 'mistaken', label: t('ra_mistaken') }, { value: 'malicious', label: t('ra_malicious') }]} />
        </Form.Item>
        <Form.Item name="grounds" label={t('ra_grounds')} rules={[{ required: true, whitespace: true, min: 10, message: t('ra_groundsHint') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="evidence" label={t('ra_evidence')} extra={t('ra_evidenceHint')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RatingAppealsView({ permissions, onError }: { permissions: readonly string[]; onError: (e: unknown) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [version, setVersion] = useState(0);
  const appeals = useList(api.ratingAppeals, version, onError);
  const [me, setMe] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<RatingAppeal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canDecide = permissions.includes('feedback.manage');
  useEffect(() => {
    api.me().then((u) => setMe(u?.id ?? null), onError);
  }, [onError]);

  const columns: ColumnsType<RatingAppeal> = [
    { title: t('ra_rating'), dataIndex: 'ratingId', key: 'rating', render: (id: string) => <Typography.Text code>{id.slice(0, 14)}</Typography.Text> },
    { title: t('unit'), dataIndex: 'unit', key: 'unit' },
    { title: t('cb_level'), dataIndex: 'level', key: 'level', render: (level: number) => <Tag color={level === 1 ? 'red' : 'volcano'}>{t(level === 1 ? 'cb_level1' : 'cb_level2')}</Tag> },
    { title: t('ra_kind'), key: 'kind', render: (_, a) => localized(a.kindLabel) },
    { title: t('ra_grounds'), dataIndex: 'grounds', key: 'grounds', ellipsis: true },
    { title: t('ra_submittedBy'), key: 'by', render: (_, a) => `${a.submittedBy} · ${minute(a.submittedAt)}` },
    {
      title: t('status'),
      key: 'status',
      render: (_, a) => <Tag color={a.status === 'pending' ? 'gold' : a.status === 'upheld' ? 'green' : 'default'}>{localized(a.statusLabel)}</Tag>,
    },
    { title: t('ra_decision'), key: 'decision', render: (_, a) => (a.decision ? `${a.decision.reason} (${a.decision.by})` : '—') },
    {
      title: t('cb_actions'),
      key: 'actions',
      render: (_, a) =>
        canDecide && a.status === 'pending' ? (
          a.submittedBy === me ? (
            <Typography.Text type="secondary">{t('ra_ownAppeal')}</Typography.Text>
          ) : (
            <Button size="small" type="primary" onClick={() => setDeciding(a)} aria-label={`${t('ra_decide')} ${a.id}`}>
              {t('ra_decide')}
            </Button>
          )
        ) : null,
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('ra_intro')}</Typography.Paragraph>
      {notice && <Alert type="success" title={notice} showIcon role="status" closable onClose={() => setNotice(null)} style={{ marginBottom: 16 }} />}
      {appeals === null ? <Spin /> : appeals.length === 0 ? <Empty description={t('ra_none')} /> : <Table rowKey="id" columns={columns} dataSource={appeals} size="middle" pagination={{ pageSize: 20 }} />}
      <DecideModal
        appeal={deciding}
        onCancel={() => setDeciding(null)}
        onDone={() => {
          setDeciding(null);
          setNotice(t('ra_decided'));
          setVersion((v) => v + 1);
        }}
        onError={onError}
      />
    </>
  );
}

function DecideModal({ appeal, onCancel, onDone, onError }: { appeal: RatingAppeal | null; onCancel: () => void; onDone: () => void; onError: (e: unknown) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'rejected'; reason: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={appeal !== null} title={t('ra_decide')} onCancel={onCancel} okText={t('confirm')} confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      {appeal && <Typography.Paragraph>{appeal.grounds}</Typography.Paragraph>}
      <Form
        form={form}
        name="appealDecision"
        preserve={false}
        layout="vertical"
        onFinish={(v) => {
          if (!appeal) return;
          setBusy(true);
          api.decideRatingAppeal(appeal.id, v).then(onDone, onError).finally(() => setBusy(false));
        }}
      >
        <Form.Item name="outcome" label={t('ra_outcome')} rules={[{ required: true, message: t('required') }]}>
          <Radio.Group options={[{ value: 'upheld', label: t('ra_upheld') }, { value: 'rejected', label: t('ra_rejected') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('ra_reason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
