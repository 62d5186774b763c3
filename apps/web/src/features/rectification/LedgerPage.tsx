// 整改台账: the tasks published results set in motion, charted by status first and tabled behind;
// a task opens in a drawer with its reason, measurements, plan and full history, and with the
// steps the signed-in user may take (plan, progress, submit for re-measurement, close a review).
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, InputNumber, Progress, Segmented, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type RectificationTask, type TaskEvent, type TaskStatus } from '../../api-client';
import { LanguageContext, translate, useLocalized, useT, type MessageKey } from '../../i18n';
import { Chart } from '../../ui/Chart';

const STATUS_COLOUR: Record<TaskStatus, string> = { open: 'default', in_progress: 'processing', checking: 'warning', closed: 'success' };
const STATUSES: TaskStatus[] = ['open', 'in_progress', 'checking', 'closed'];
/** Measurements to two decimals, as the reports show them. */
const figure = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Math.round(v * 100) / 100));

export function LedgerPage({ onError, permissions }: { onError: (message: string) => void; permissions: readonly string[] }) {
  const t = useT();
  const language = useContext(LanguageContext);
  const [view, setView] = useState<'all' | 'supervised'>('all');
  const [tasks, setTasks] = useState<RectificationTask[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const report = useCallback((e: unknown) => onError(e instanceof Error ? e.message : String(e)), [onError]);

  const load = useCallback(() => {
    setTasks(null);
    api.tasks({ supervised: view === 'supervised' }).then(setTasks, report);
  }, [view, report]);
  useEffect(load, [load]);

  const counts = useMemo(() => STATUSES.map((s) => (tasks ?? []).filter((x) => x.status === s).length), [tasks]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['40%', '70%'], data: STATUSES.map((s, i) => ({ name: translate(language, s), value: counts[i] })) }],
    }),
    [counts, language],
  );

  const subject = (task: RectificationTask) => task.indicator ?? task.itemCode ?? task.tag ?? t('composite');
  const columns: ColumnsType<RectificationTask> = [
    { title: t('unit'), dataIndex: 'unitName', key: 'unit', render: (name: string, task) => `${name} ${task.unit}` },
    { title: t('level'), dataIndex: 'level', key: 'level', render: (level: 1 | 2 | 3) => <Tag color={level === 1 ? 'red' : level === 2 ? 'orange' : 'blue'}>{t(`level${level}` as MessageKey)}</Tag> },
    { title: t('subject'), key: 'subject', render: (_, task) => subject(task) },
    {
      title: t('status'),
      key: 'status',
      render: (_, task) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOUR[task.status]}>{t(task.status)}</Tag>
          {task.overdue && <Tag color="error">{t('overdue')}</Tag>}
          {task.reopenCount > 0 && <Tag color="magenta">{`${t('reopened')} ×${task.reopenCount}`}</Tag>}
        </Space>
      ),
    },
    { title: t('due'), dataIndex: 'dueAt', key: 'due', render: (d: string) => d.slice(0, 10) },
    { title: t('progress'), dataIndex: 'progressPercent', key: 'progress', render: (p: number) => <Progress percent={p} size="small" style={{ width: 100 }} /> },
    { title: t('escalatedTo'), key: 'escalation', render: (_, task) => task.escalation.to ?? '' },
    {
      title: t('details'),
      key: 'open',
      render: (_, task) => (
        <Button size="small" onClick={() => setOpenId(task.id)} aria-label={`${t('details')} ${task.unitName} ${subject(task)}`}>
          {t('details')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>{t('ledger')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ledgerIntro')}</Typography.Paragraph>
      <Segmented
        value={view}
        onChange={(v) => setView(v as 'all' | 'supervised')}
        options={[
          { label: t('allTasks'), value: 'all' },
          { label: t('supervisedOnly'), value: 'supervised' },
        ]}
        style={{ marginBottom: 16 }}
      />
      {tasks === null ? (
        <Spin />
      ) : tasks.length === 0 ? (
        <Empty description={t('noData')} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Chart option={option} height={260} label={t('statusChart')} />
          </Card>
          <Table rowKey="id" columns={columns} dataSource={tasks} size="middle" pagination={{ pageSize: 20 }} />
        </>
      )}
      <TaskDrawer id={openId} permissions={permissions} onClose={() => setOpenId(null)} onChanged={load} onError={report} />
    </>
  );
}

function TaskDrawer({ id, permissions, onClose, onChanged, onError }: { id: string | null; permissions: readonly string[]; onClose: () => void; onChanged: () => void; onError: (e: unknown) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [task, setTask] = useState<(RectificationTask & { history: TaskEvent[] }) | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = useCallback(() => {
    if (id) api.task(id).then(setTask, onError);
  }, [id, onError]);
  useEffect(() => {
    setTask(null);
    setNotice(null);
    reload();
  }, [reload]);

  const act = (work: Promise<unknown>) =>
    work.then(() => {
      setNotice(t('saved'));
      reload();
      onChanged();
    }, onError);
  const canUpdate = permissions.includes('rectification.update');
  const canManage = permissions.includes('rectification.manage');
  const open = task && task.status !== 'closed';

  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={task ? `${task.unitName} · ${localized(task.reason).slice(0, 40)}` : t('loading')}>
      {!task ? (
        <Spin />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          {notice && <Alert type="success" title={notice} showIcon role="status" />}
          <Typography.Paragraph>{localized(task.reason)}</Typography.Paragraph>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('status')}>{t(task.status)}</Descriptions.Item>
            <Descriptions.Item label={t('due')}>{task.dueAt.slice(0, 10)}</Descriptions.Item>
            <Descriptions.Item label={t('baseline')}>{figure(task.baseline.value)}</Descriptions.Item>
            <Descriptions.Item label={t('target')}>{figure(task.target)}</Descriptions.Item>
            <Descriptions.Item label={t('lastMeasured')}>{task.lastMeasurement ? `${figure(task.lastMeasurement.value)} (${task.lastMeasurement.period})` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('escalatedTo')}>{task.escalation.to ?? '—'}</Descriptions.Item>
          </Descriptions>
          {task.plan && (
            <Card size="small" title={t('plan')}>
              <Typography.Paragraph>{task.plan.goal}</Typography.Paragraph>
              <ul>
                {task.plan.measures.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
              <Typography.Text type="secondary">{`${t('owner')}: ${task.plan.owner} · ${t('deadline')}: ${task.plan.deadline}`}</Typography.Text>
            </Card>
          )}
          {open && canUpdate && task.status !== 'checking' && task.kind !== 'user_review' && <PlanForm task={task} onSave={(plan) => act(api.planTask(task.id, plan))} />}
          {open && canUpdate && task.status !== 'checking' && (
            <Form layout="vertical" onFinish={(v: { note: string; percent: number; evidence?: string }) => act(api.reportProgress(task.id, { note: v.note, percent: v.percent, evidence: v.evidence ? [{ name: v.evidence }] : [] }))}>
              <Typography.Title level={5}>{t('reportProgress')}</Typography.Title>
              <Form.Item name="note" label={t('note')} rules={[{ required: true, message: t('required') }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Space>
                <Form.Item name="percent" label={t('percent')} initialValue={task.progressPercent} rules={[{ required: true, message: t('required') }]}>
                  <InputNumber min={0} max={100} />
                </Form.Item>
                <Form.Item name="evidence" label={t('evidence')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Space>
              <Button htmlType="submit">{t('reportProgress')}</Button>
            </Form>
          )}
          {open && canUpdate && task.plan && task.status !== 'checking' && task.kind !== 'user_review' && (
            <Button type="primary" onClick={() => act(api.submitTask(task.id, t('submitForCheck')))}>
              {t('submitForCheck')}
            </Button>
          )}
          {open && canManage && task.kind === 'user_review' && (
            <Form layout="vertical" onFinish={(v: { conclusion: string }) => act(api.closeReview(task.id, v.conclusion))}>
              <Form.Item name="conclusion" label={t('conclusion')} rules={[{ required: true, message: t('required') }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button htmlType="submit">{t('closeReview')}</Button>
            </Form>
          )}
          <Card size="small" title={t('history')}>
            <Timeline
              items={task.history.map((e) => ({
                color: e.kind === 'closed' ? 'green' : e.kind === 'reopened' || e.kind === 'escalated' ? 'red' : 'blue',
                content: `${e.at.slice(0, 16).replace('T', ' ')} · ${t(`ev_${e.kind}` as MessageKey)} · ${e.actor}${typeof e.details.value === 'number' ? ` · ${figure(e.details.value)}` : ''}${typeof e.details.note === 'string' ? ` · ${e.details.note}` : ''}`,
              }))}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

function PlanForm({ task, onSave }: { task: RectificationTask; onSave: (plan: { goal: string; measures: string[]; owner: string; deadline: string }) => void }) {
  const t = useT();
  const due = new Date(new Date(task.dueAt).getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
  return (
    <Form
      layout="vertical"
      initialValues={{ goal: task.plan?.goal, measures: task.plan?.measures.join('\n'), owner: task.plan?.owner, deadline: task.plan?.deadline ?? due }}
      onFinish={(v: { goal: string; measures: string; owner: string; deadline: string }) =>
        onSave({ goal: v.goal, measures: v.measures.split('\n').map((m) => m.trim()).filter(Boolean), owner: v.owner, deadline: v.deadline })
      }
    >
      <Typography.Title level={5}>{t('plan')}</Typography.Title>
      <Form.Item name="goal" label={t('goal')} rules={[{ required: true, message: t('required') }]}>
        <Input maxLength={1000} />
      </Form.Item>
      <Form.Item name="measures" label={t('measures')} rules={[{ required: true, message: t('required') }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space>
        <Form.Item name="owner" label={t('owner')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="deadline" label={t('deadline')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
      </Space>
      <Button htmlType="submit">{t('savePlan')}</Button>
    </Form>
  );
}
