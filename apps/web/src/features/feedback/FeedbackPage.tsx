// 诉求工单: the feedback loop's staff side. Work orders charted by tier first and tabled behind, the
// overdue list, and the demand pool on its four-quadrant board. A work order opens in a drawer with
// its full history and, for users with feedback.handle, transfer (转办), pause/resume (挂起/恢复) and
// status steps. Every server text is rendered as text.
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, Segmented, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Demand, type WorkOrder, type WorkOrderEvent, type WorkOrderStatus } from '../../api-client';
import { LanguageContext, translate, useLocalized, useT, type MessageKey } from '../../i18n';
import { Chart } from '../../ui/Chart';
import { CallbacksView, RatingAppealsView } from './CallbacksView';
import { HallFormView, HotlineImportView } from './IntakeViews';

type View = 'orders' | 'overdue' | 'demands' | 'callbacks' | 'appeals' | 'hotline' | 'hall';
const TIERS = ['red', 'orange', 'yellow', 'blue'] as const;
const TIER_COLOUR: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };
const TIER_CHART_COLOUR: Record<string, string> = { red: '#f5222d', orange: '#fa8c16', yellow: '#fadb14', blue: '#1677ff' };
const STATUSES: WorkOrderStatus[] = ['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'];
const EVENT_KINDS = new Set(['received', 'processed', 'transferred', 'paused', 'resumed', 'status', 'escalated']);
const URGENCY_COLOUR: Record<string, string> = { P0: 'red', P1: 'volcano', P2: 'orange', P3: 'gold', P4: 'default' };

const minute = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
const isOverdue = (o: WorkOrder) => o.sla?.state === 'overdue';
const isTier = (tier: string | null): tier is (typeof TIERS)[number] => tier !== null && (TIERS as readonly string[]).includes(tier);
const isStatus = (status: string): status is WorkOrderStatus => (STATUSES as string[]).includes(status);

/** The value and effort (0–100) the engine placed the demand at, when its assessment carries them. */
function position(demand: Demand): { value: number; effort: number } | null {
  const quadrant = (demand.priority as { quadrant?: { value?: unknown; effort?: unknown } } | null | undefined)?.quadrant;
  return typeof quadrant?.value === 'number' && typeof quadrant.effort === 'number' ? { value: quadrant.value, effort: quadrant.effort } : null;
}

export function FeedbackPage({ onError, permissions }: { onError: (message: string) => void; permissions: readonly string[] }) {
  const t = useT();
  const [view, setView] = useState<View>('orders');
  const [openId, setOpenId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const report = useCallback((e: unknown) => onError(e instanceof Error ? e.message : String(e)), [onError]);
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  return (
    <>
      <Typography.Title level={2}>{t('feedback')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('feedbackIntro')}</Typography.Paragraph>
      <Segmented
        value={view}
        onChange={(v) => setView(v as View)}
        options={[
          { label: t('workOrders'), value: 'orders' },
          { label: t('overdueList'), value: 'overdue' },
          { label: t('demandPool'), value: 'demands' },
          { label: t('callbacks'), value: 'callbacks' },
          { label: t('ratingAppeals'), value: 'appeals' },
          ...(permissions.includes('feedback.manage') ? [{ label: t('hotlineImport'), value: 'hotline' }] : []),
          ...(permissions.includes('feedback.handle') ? [{ label: t('hallForm'), value: 'hall' }] : []),
        ]}
        style={{ marginBottom: 16 }}
      />
      {view === 'demands' ? (
        <DemandPool onError={report} />
      ) : view === 'callbacks' ? (
        <CallbacksView permissions={permissions} onError={report} />
      ) : view === 'appeals' ? (
        <RatingAppealsView permissions={permissions} onError={report} />
      ) : view === 'hotline' ? (
        <HotlineImportView onError={report} />
      ) : view === 'hall' ? (
        <HallFormView onError={report} />
      ) : (
        <WorkOrders overdueOnly={view === 'overdue'} version={version} onOpen={setOpenId} onError={report} />
      )}
      <WorkOrderDrawer id={openId} permissions={permissions} onClose={() => setOpenId(null)} onChanged={changed} onError={report} />
    </>
  );
}

function WorkOrders({ overdueOnly, version, onOpen, onError }: { overdueOnly: boolean; version: number; onOpen: (id: string) => void; onError: (e: unknown) => void }) {
  const t = useT();
  const localized = useLocalized();
  const language = useContext(LanguageContext);
  const [orders, setOrders] = useState<WorkOrder[] | null>(null);

  useEffect(() => {
    let current = true;
    setOrders(null);
    (overdueOnly ? api.overdueWorkOrders() : api.workOrders()).then(
      (list) => current && setOrders(list),
      (e: unknown) => {
        if (!current) return;
        setOrders([]);
        onError(e);
      },
    );
    return () => {
      current = false;
    };
  }, [overdueOnly, version, onError]);

  const option = useMemo(() => {
    const counts = TIERS.map((tier) => (orders ?? []).filter((o) => o.tier === tier).length);
    return {
      tooltip: { trigger: 'item' },
      xAxis: { type: 'category', data: TIERS.map((tier) => translate(language, `tier_${tier}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: counts.map((value, i) => ({ value, itemStyle: { color: TIER_CHART_COLOUR[TIERS[i]!] } })) }],
    };
  }, [orders, language]);

  const columns: ColumnsType<WorkOrder> = [
    { title: t('trackingCode'), dataIndex: 'trackingCode', key: 'code' },
    { title: t('tier'), dataIndex: 'tier', key: 'tier', render: (tier: string | null) => (isTier(tier) ? <Tag color={TIER_COLOUR[tier]}>{t(`tier_${tier}`)}</Tag> : '—') },
    {
      title: t('status'),
      key: 'status',
      render: (_, order) => (
        <Space size={4} wrap>
          <Tag>{localized(order.statusLabel)}</Tag>
          {order.paused && <Tag color="default">{t('paused')}</Tag>}
          {isOverdue(order) && <Tag color="error">{t('timedOut')}</Tag>}
          {order.sla?.state === 'due_soon' && <Tag color="warning">{t('dueSoon')}</Tag>}
        </Space>
      ),
    },
    { title: t('unit'), key: 'unit', render: (_, order) => [order.unit, order.department].filter(Boolean).join(' · ') || '—' },
    { title: t('due'), dataIndex: 'dueAt', key: 'due', render: (d: string | null) => minute(d) },
    {
      title: t('details'),
      key: 'open',
      render: (_, order) => (
        <Button size="small" onClick={() => onOpen(order.id)} aria-label={`${t('details')} ${order.trackingCode}`}>
          {t('details')}
        </Button>
      ),
    },
  ];

  if (orders === null) return <Spin />;
  if (orders.length === 0) return <Empty description={overdueOnly ? t('noOverdue') : t('noWorkOrders')} />;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Chart option={option} height={240} label={t('tierChart')} />
      </Card>
      <Table rowKey="id" columns={columns} dataSource={orders} size="middle" pagination={{ pageSize: 20 }} />
    </>
  );
}

function DemandPool({ onError }: { onError: (e: unknown) => void }) {
  const t = useT();
  const localized = useLocalized();
  const language = useContext(LanguageContext);
  const [pool, setPool] = useState<{ demands: Demand[]; board: Record<string, number> } | null>(null);

  useEffect(() => {
    let current = true;
    api.demands().then(
      (p) => current && setPool(p),
      (e: unknown) => {
        if (!current) return;
        setPool({ demands: [], board: {} });
        onError(e);
      },
    );
    return () => {
      current = false;
    };
  }, [onError]);

  const option = useMemo(() => {
    const points = (pool?.demands ?? []).flatMap((d) => {
      const p = position(d);
      return p ? [{ name: d.title, value: [p.effort, p.value, d.support] }] : [];
    });
    return {
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', min: 0, max: 100, name: translate(language, 'demandEffort') },
      yAxis: { type: 'value', min: 0, max: 100, name: translate(language, 'demandValue') },
      series: [
        {
          type: 'scatter',
          data: points,
          symbolSize: (v: number[]) => Math.min(40, 8 + 4 * Math.sqrt(v[2] ?? 1)),
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed' }, data: [{ xAxis: 50 }, { yAxis: 50 }] },
        },
      ],
    };
  }, [pool, language]);

  const columns: ColumnsType<Demand> = [
    { title: t('demandTitle'), dataIndex: 'title', key: 'title' },
    { title: t('unit'), dataIndex: 'unit', key: 'unit' },
    { title: t('priorityScore'), dataIndex: 'score', key: 'score', render: (s: number) => String(Math.round(s * 10) / 10) },
    { title: t('urgency'), dataIndex: 'urgency', key: 'urgency', render: (u: string) => <Tag color={URGENCY_COLOUR[u] ?? 'default'}>{u}</Tag> },
    { title: t('quadrant'), key: 'quadrant', render: (_, d) => localized(d.quadrant) },
    { title: t('supportCount'), dataIndex: 'support', key: 'support' },
  ];

  if (pool === null) return <Spin />;
  if (pool.demands.length === 0) return <Empty description={t('noDemands')} />;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 8 }}>
          {Object.entries(pool.board).map(([key, count]) => (
            <Tag key={key}>{`${localized(pool.demands.find((d) => d.quadrant.key === key)?.quadrant) || key}: ${count}`}</Tag>
          ))}
        </Space>
        <Chart option={option} height={320} label={t('quadrantChart')} />
      </Card>
      <Table rowKey="id" columns={columns} dataSource={pool.demands} size="middle" pagination={{ pageSize: 20 }} />
    </>
  );
}

function WorkOrderDrawer({ id, permissions, onClose, onChanged, onError }: { id: string | null; permissions: readonly string[]; onClose: () => void; onChanged: () => void; onError: (e: unknown) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [order, setOrder] = useState<(WorkOrder & { history: WorkOrderEvent[] }) | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [target, setTarget] = useState<WorkOrderStatus | undefined>(undefined);
  const reload = useCallback(() => {
    if (id) api.workOrder(id).then(setOrder, onError);
  }, [id, onError]);
  useEffect(() => {
    setOrder(null);
    setNotice(null);
    setTarget(undefined);
    reload();
  }, [reload]);

  const act = (work: Promise<unknown>) =>
    work.then(() => {
      setNotice(t('saved'));
      reload();
      onChanged();
    }, onError);
  const canHandle = permissions.includes('feedback.handle');
  const open = order && order.status !== 'online' && order.status !== 'rejected';
  const eventLabel = (kind: string) => (EVENT_KINDS.has(kind) ? t(`fev_${kind}` as MessageKey) : kind);
  const statusLabel = (status: string | null) => (status && isStatus(status) ? t(`wo_${status}`) : (status ?? ''));

  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={order ? `${t('workOrders')} ${order.trackingCode}` : t('loading')}>
      {!order ? (
        <Spin />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          {notice && <Alert type="success" title={notice} showIcon role="status" />}
          {order.content && <Typography.Paragraph>{order.content}</Typography.Paragraph>}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('status')}>{localized(order.statusLabel)}</Descriptions.Item>
            <Descriptions.Item label={t('tier')}>{isTier(order.tier) ? <Tag color={TIER_COLOUR[order.tier]}>{t(`tier_${order.tier}`)}</Tag> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('unit')}>{order.unit ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('department')}>{order.department ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('due')}>
              <Space size={4}>
                {minute(order.dueAt)}
                {isOverdue(order) && <Tag color="error">{t('timedOut')}</Tag>}
                {order.paused && <Tag>{t('paused')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('escalationLevel')}>{String(order.sla?.escalationLevel ?? order.escalation?.level ?? 0)}</Descriptions.Item>
          </Descriptions>
          {order.statusReason && <Alert type="info" title={`${t('rejectReason')}: ${order.statusReason}`} />}
          {open && canHandle && (
            <>
              <Form
                name="woTransfer"
                layout="vertical"
                onFinish={(v: { department?: string; orgUnit?: string; reason: string }) =>
                  act(api.transferWorkOrder(order.id, { department: v.department || undefined, orgUnit: v.orgUnit || undefined, reason: v.reason }))
                }
              >
                <Typography.Title level={5}>{t('transfer')}</Typography.Title>
                <Space wrap>
                  <Form.Item name="department" label={t('transferDepartment')} rules={[({ getFieldValue }) => ({ validator: (_, value) => (value || getFieldValue('orgUnit') ? Promise.resolve() : Promise.reject(new Error(t('transferTarget')))) })]}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name="orgUnit" label={t('transferOrgUnit')} rules={[{ pattern: /^\d{6}(\d{3}(\d{3})?)?$/, message: '330102' }]}>
                    <Input maxLength={12} />
                  </Form.Item>
                </Space>
                <Form.Item name="reason" label={t('transferReason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
                <Button htmlType="submit">{t('transfer')}</Button>
              </Form>
              <Form name="woPause" layout="vertical" onFinish={(v: { note?: string }) => act(order.paused ? api.resumeWorkOrder(order.id, v.note) : api.pauseWorkOrder(order.id, v.note))}>
                <Typography.Title level={5}>{order.paused ? t('resume') : t('pause')}</Typography.Title>
                <Form.Item name="note" label={t('actionNote')}>
                  <Input maxLength={2000} />
                </Form.Item>
                <Button htmlType="submit">{order.paused ? t('resume') : t('pause')}</Button>
              </Form>
              <Form name="woAdvance" layout="vertical" onFinish={(v: { status: WorkOrderStatus; reason?: string; note?: string }) => act(api.advanceWorkOrder(order.id, { status: v.status, reason: v.reason, note: v.note }))}>
                <Typography.Title level={5}>{t('advanceStatus')}</Typography.Title>
                <Form.Item name="status" label={t('nextStatus')} rules={[{ required: true, message: t('required') }]}>
                  <Select
                    style={{ width: 200 }}
                    onChange={(s: WorkOrderStatus) => setTarget(s)}
                    options={STATUSES.filter((s) => s !== 'pending_review' && s !== order.status).map((s) => ({ value: s, label: t(`wo_${s}`) }))}
                  />
                </Form.Item>
                {target === 'rejected' ? (
                  <Form.Item name="reason" label={t('rejectReason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                ) : (
                  <Form.Item name="note" label={t('actionNote')}>
                    <Input maxLength={2000} />
                  </Form.Item>
                )}
                <Button htmlType="submit">{t('advanceStatus')}</Button>
              </Form>
            </>
          )}
          <Card size="small" title={t('history')}>
            <Timeline
              items={order.history.map((e) => ({
                color: e.kind === 'escalated' ? 'red' : e.kind === 'status' && e.status === 'online' ? 'green' : 'blue',
                content: [minute(e.at), eventLabel(e.kind), e.actor, e.kind === 'status' ? statusLabel(e.status) : '', e.note ?? ''].filter(Boolean).join(' · '),
              }))}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
