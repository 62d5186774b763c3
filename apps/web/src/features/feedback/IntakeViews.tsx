// Staff intake: 12345 热线导入 (a CSV/XLSX export uploaded, feedback.manage; the answer's counts and
// the rejected rows with their row, field and reason) and 服务大厅代录 (a citizen's words entered at
// the window, optionally with a 好差评 rating on the national offline dimensions; feedback.handle).
// Both go through the public intake's own path on the server. Every server text is rendered as text.
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Switch, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type HallFormReceipt, type HotlineImportResult, type OrgUnit } from '../../api-client';
import { useT, type MessageKey } from '../../i18n';

const LEVELS = [5, 4, 3, 2, 1] as const;
const OFFLINE_DIMENSIONS = ['overall', 'efficiency', 'service_level', 'attitude'] as const;
const KINDS = ['complaint', 'suggestion', 'consultation', 'demand', 'bug'] as const;

export function HotlineImportView({ onError }: { onError: (e: unknown) => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<HotlineImportResult | null>(null);

  const submit = () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    api
      .importHotline(file)
      .then(setResult, onError)
      .finally(() => setBusy(false));
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('hl_intro')}</Typography.Paragraph>
      <Card size="small">
        <Space wrap align="center">
          <label htmlFor="hotline-file">{t('hl_file')}</label>
          <input
            id="hotline-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
            }}
          />
          <Button type="primary" onClick={submit} disabled={!file} loading={busy}>
            {t('hl_import')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('hl_columns')}
        </Typography.Paragraph>
      </Card>
      {result && (
        <Card size="small" title={t('hl_result')}>
          <Row gutter={16} style={{ marginBottom: 16 }} role="status" aria-live="polite">
            <Col>
              <Statistic title={t('hl_accepted')} value={result.accepted} />
            </Col>
            <Col>
              <Statistic title={t('hl_duplicates')} value={result.duplicates} />
            </Col>
            <Col>
              <Statistic title={t('hl_rejected')} value={new Set(result.rejected.map((r) => r.row)).size} />
            </Col>
          </Row>
          {result.rejected.length > 0 ? (
            <Table
              rowKey={(r) => `${r.row}-${r.field}-${r.reason}`}
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={result.rejected}
              columns={[
                { title: t('hl_row'), dataIndex: 'row', key: 'row' },
                { title: t('hl_field'), dataIndex: 'field', key: 'field' },
                { title: t('hl_reason'), dataIndex: 'reason', key: 'reason' },
              ]}
            />
          ) : (
            <Alert type="success" title={t('hl_allTaken')} showIcon />
          )}
        </Card>
      )}
    </Space>
  );
}

interface HallValues {
  orgUnit: string;
  window?: string;
  itemCode?: string;
  text: string;
  kind?: string;
  rated: boolean;
  level?: number;
  caseId?: string;
  realName: boolean;
  name?: string;
  phone?: string;
  dims?: Record<string, number | undefined>;
}

export function HallFormView({ onError }: { onError: (e: unknown) => void }) {
  const t = useT();
  const [form] = Form.useForm<HallValues>();
  const [units, setUnits] = useState<OrgUnit[]>([]);
  const [receipt, setReceipt] = useState<HallFormReceipt | null>(null);
  const [busy, setBusy] = useState(false);
  const rated = Form.useWatch('rated', form);
  const realName = Form.useWatch('realName', form);

  useEffect(() => {
    api.orgUnits().then(setUnits, onError);
  }, [onError]);
  const unitOptions = useMemo(() => units.map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` })), [units]);

  const submit = (v: HallValues) => {
    setBusy(true);
    setReceipt(null);
    const dimensions: Record<string, number> = {};
    if (v.rated && v.level) {
      dimensions.overall = v.level;
      for (const d of OFFLINE_DIMENSIONS) {
        const value = v.dims?.[d];
        if (d !== 'overall' && value) dimensions[d] = value;
      }
    }
    api
      .hallForm({
        orgUnit: v.orgUnit,
        window: v.window?.trim() || undefined,
        itemCode: v.itemCode?.trim() || undefined,
        text: v.text,
        kind: v.kind || undefined,
        rating: v.rated && v.level ? { level: v.level, dimensions, caseId: v.caseId?.trim() || undefined } : undefined,
        contact: v.realName && v.phone ? { name: v.name?.trim() || undefined, phone: v.phone.trim() } : undefined,
      })
      .then((r) => {
        setReceipt(r);
        form.resetFields(['text', 'caseId', 'name', 'phone']);
      }, onError)
      .finally(() => setBusy(false));
  };

  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`hf_level${l}` as MessageKey) }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('hf_intro')}</Typography.Paragraph>
      {receipt && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={`${t('hf_saved')} ${t('trackingCode')}: ${receipt.trackingCode}${receipt.ratingTrackingCode ? ` · ${t('hf_ratingCode')}: ${receipt.ratingTrackingCode}` : ''}`}
        />
      )}
      <Card size="small">
        <Form form={form} name="hallForm" layout="vertical" onFinish={submit} initialValues={{ rated: false, realName: false }} style={{ maxWidth: 720 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="orgUnit" label={t('hf_unit')} rules={[{ required: true, message: t('required') }]}>
                <Select showSearch optionFilterProp="label" options={unitOptions} placeholder={t('hf_unitHint')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="window" label={t('hf_window')}>
                <Input maxLength={100} placeholder="3号综合窗口" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="itemCode" label={t('hf_item')}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={t('hf_kind')}>
                <Select allowClear options={KINDS.map((k) => ({ value: k, label: t(`hf_kind_${k}` as MessageKey) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="text" label={t('content')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="rated" label={t('hf_rated')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {rated && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="level" label={t('hf_dim_overall')} rules={[{ required: true, message: t('required') }]}>
                  <Select options={levelOptions} />
                </Form.Item>
              </Col>
              {OFFLINE_DIMENSIONS.filter((d) => d !== 'overall').map((d) => (
                <Col xs={24} md={12} key={d}>
                  <Form.Item name={['dims', d]} label={t(`hf_dim_${d}` as MessageKey)}>
                    <Select allowClear options={levelOptions} />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24} md={12}>
                <Form.Item name="caseId" label={t('hf_case')} extra={t('hf_caseHint')}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Form.Item name="realName" label={t('hf_realName')} valuePropName="checked" extra={t('hf_realNameHint')}>
            <Switch />
          </Form.Item>
          {realName && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="name" label={t('hf_name')}>
                  <Input maxLength={50} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="phone" label={t('hf_phone')} rules={[{ required: true, message: t('required') }, { pattern: /^[0-9+\-() ]{5,20}$/, message: t('hf_phoneHint') }]}>
                  <Input maxLength={20} autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('hf_submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
