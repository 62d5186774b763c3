// Rectification progress in a region: counts by status, a stacked progress chart per child region,
// and the tasks (status, progress, due and closed dates, re-rating summary); a closed task can be
// re-rated by citizens, once per mobile number.
import { Alert, Button, Card, Col, Empty, Form, Input, Modal, Progress, Radio, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Chart } from '../ui/Chart';
import { PortalApiError, portalApi, type PublicTask, type Rectification, type ReratingOutcome } from './api';
import { LEVEL_KEYS, useLocalized, useT } from './i18n';
import { isMobile } from './regions';
import { useThemed } from './theme';

const STATUS_COLOURS: Record<PublicTask['status'], string> = { open: 'default', in_progress: 'processing', checking: 'warning', closed: 'success' };
const SERIES = [
  { key: 'open', colour: '#8c8c8c' },
  { key: 'inProgress', colour: '#1677ff' },
  { key: 'checking', colour: '#faad14' },
  { key: 'closed', colour: '#389e0d' },
] as const;

export function RectificationSection({ region }: { region: string }) {
  const t = useT();
  const themed = useThemed();
  const [data, setData] = useState<Rectification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rerating, setRerating] = useState<PublicTask | null>(null);
  const [filter, setFilter] = useState<TaskFilter>('all');
  const [loadingTasks, setLoadingTasks] = useState(false);
  // Only the latest request's answer is shown (a quick change of region or filter overtakes the last).
  const latest = useRef(0);
  const load = useCallback(() => {
    const request = ++latest.current;
    setLoadingTasks(true);
    portalApi.rectification(region, filter === 'all' ? undefined : filter).then(
      (answer) => {
        if (request !== latest.current) return;
        setData(answer);
        setLoadingTasks(false);
      },
      (e: unknown) => {
        if (request !== latest.current) return;
        setError(String(e instanceof Error ? e.message : e));
        setLoadingTasks(false);
      },
    );
  }, [region, filter]);
  useEffect(() => {
    setData(null);
    setFilter('all');
  }, [region]);
  useEffect(() => {
    load();
  }, [load]);

  if (error) return <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" />;
  if (!data) return <Spin description={t('loading')} />;

  const stats = [
    ['total', data.totals.total],
    ['open', data.totals.open],
    ['inProgress', data.totals.inProgress],
    ['checking', data.totals.checking],
    ['closed', data.totals.closed],
    ['overdue', data.totals.overdue],
  ] as const;
  const chartUnits = data.units.filter((u) => u.total > 0);
  const option = {
    aria: { enabled: true },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: chartUnits.map((u) => u.name) },
    series: SERIES.map((s) => ({ type: 'bar', stack: 'status', name: t(s.key), data: chartUnits.map((u) => u[s.key]), itemStyle: { color: s.colour } })),
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="portal-rectification">
      <Row gutter={[12, 12]}>
        {stats.map(([key, value]) => (
          <Col xs={12} sm={8} md={4} key={key}>
            <Card size="small">
              <Statistic title={t(key)} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      {data.totals.total > 0 && (
        <Card size="small">
          <Progress percent={Math.round((data.totals.closed / data.totals.total) * 100)} aria-label={`${t('closed')} / ${t('total')}`} />
        </Card>
      )}
      {chartUnits.length > 0 && <Chart option={themed(option)} height={Math.max(180, chartUnits.length * 36 + 60)} label={t('progressChart')} />}
      <Typography.Title level={3}>{t('tasks')}</Typography.Title>
      {data.totals.total === 0 ? (
        <Empty description={t('noTasks')} />
      ) : (
        <Spin spinning={loadingTasks}>
          <TaskList data={data} filter={filter} onFilter={setFilter} onRerate={setRerating} />
        </Spin>
      )}
      {rerating && (
        <ReratingDialog
          task={rerating}
          onClose={(changed) => {
            setRerating(null);
            if (changed) load();
          }}
        />
      )}
    </Space>
  );
}

type TaskFilter = 'all' | 'active' | 'closed';
const PAGE = 20;

function TaskList({ data, filter, onFilter, onRerate }: { data: Rectification; filter: TaskFilter; onFilter: (filter: TaskFilter) => void; onRerate: (task: PublicTask) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [visible, setVisible] = useState(PAGE);
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
  const shown = data.tasks;
  const { totals } = data;
  const expected = filter === 'all' ? totals.total : filter === 'closed' ? totals.closed : totals.total - totals.closed;
  return (
    <>
      <Radio.Group
        name="task-filter"
        optionType="button"
        value={filter}
        onChange={(e) => {
          onFilter(e.target.value as TaskFilter);
          setVisible(PAGE);
        }}
        aria-label={t('status')}
        options={[
          { value: 'all', label: `${t('all')} (${totals.total})` },
          { value: 'active', label: `${t('notClosed')} (${totals.total - totals.closed})` },
          { value: 'closed', label: `${t('closed')} (${totals.closed})` },
        ]}
      />
      {shown.length < expected && (
        <Typography.Paragraph type="secondary" className="portal-truncated">
          {t('shownFirst').replace('{n}', String(shown.length))}
        </Typography.Paragraph>
      )}
      <ul className="portal-tasks">
        {shown.slice(0, visible).map((task) => (
          <li key={task.id} className="portal-task" data-status={task.status}>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap size={[8, 4]}>
                <strong>{task.unitName}</strong>
                <Tag color={STATUS_COLOURS[task.status]}>{localized(task.statusLabel)}</Tag>
                {task.overdue && <Tag color="red">{t('overdue')}</Tag>}
                <Tag>{localized(task.levelLabel)}</Tag>
                <Tag>{localized(task.kindLabel)}</Tag>
                {task.indicatorName && <Tag color="blue">{localized(task.indicatorName)}</Tag>}
              </Space>
              <Typography.Paragraph style={{ marginBottom: 0 }}>
                {t('reason')}: {localized(task.reason)}
              </Typography.Paragraph>
              <Progress percent={task.progressPercent} size="small" aria-label={`${t('progress')} ${task.unitName}`} status={task.status === 'closed' ? 'success' : task.overdue ? 'exception' : 'active'} />
              <Space wrap size={[16, 4]} className="portal-task-meta">
                <span>
                  {t('dueAt')}: {day(task.dueAt)}
                </span>
                <span>
                  {t('closedAt')}: {day(task.closedAt)}
                </span>
                <span className="portal-rerating-summary">
                  {t('reratings')}:{' '}
                  {task.rerating.count === 0
                    ? t('noReratings')
                    : `${task.rerating.count} ${t('reratingCount')} · ${t('average')} ${task.rerating.average?.toFixed(2)} · ${t('level4')}+ ${Math.round((task.rerating.satisfiedRate ?? 0) * 100)}%`}
                </span>
              </Space>
              {task.status === 'closed' && (
                <div>
                  <Button type="primary" onClick={() => onRerate(task)} aria-label={`${t('rerate')} ${task.unitName} ${localized(task.indicatorName ?? task.kindLabel)}`}>
                    {t('rerate')}
                  </Button>
                </div>
              )}
            </Space>
          </li>
        ))}
      </ul>
      {shown.length > visible && (
        <Button onClick={() => setVisible((v) => v + PAGE)}>
          {t('more')} ({shown.length - visible})
        </Button>
      )}
    </>
  );
}

interface ReratingForm {
  level: number;
  phone: string;
  comment?: string;
}

function ReratingDialog({ task, onClose }: { task: PublicTask; onClose: (changed: boolean) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [form] = Form.useForm<ReratingForm>();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [done, setDone] = useState<ReratingOutcome | null>(null);

  const submit = async (values: ReratingForm) => {
    setSending(true);
    setRefusal(null);
    try {
      setDone(await portalApi.rerate(task.id, { level: values.level, phone: values.phone, ...(values.comment?.trim() ? { comment: values.comment } : {}) }));
    } catch (e) {
      setRefusal(e instanceof PortalApiError ? e.message : String(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal open title={t('rerateTitle')} onCancel={() => onClose(done !== null)} footer={null} destroyOnHidden>
      <Typography.Paragraph>
        <strong>{task.unitName}</strong> · {localized(task.indicatorName ?? task.kindLabel)}
      </Typography.Paragraph>
      {done ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="success" showIcon role="status" title={t('thanks')} />
          {done.comment && (
            <div className="portal-rerating-comment">
              {t('yourComment')}: <span>{done.comment}</span>
            </div>
          )}
          <Button onClick={() => onClose(true)}>{t('cancel')}</Button>
        </Space>
      ) : (
        <Form form={form} name="rerate" layout="vertical" onFinish={submit} requiredMark>
          <Typography.Paragraph type="secondary">{t('rerateIntro')}</Typography.Paragraph>
          <Form.Item name="level" label={t('level')} rules={[{ required: true, message: t('required') }]}>
            <Radio.Group name="rerate-level" className="portal-levels">
              {LEVEL_KEYS.map((key, i) => (
                <Radio key={key} value={i + 1}>
                  {t(key)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('phone')}
            rules={[{ required: true, message: t('required') }, { validator: async (_, value: string | undefined) => (!value || isMobile(value) ? undefined : Promise.reject(new Error(t('phoneInvalid')))) }]}
          >
            <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name="comment" label={t('comment')}>
            <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
          </Form.Item>
          {refusal && <Alert type="error" showIcon role="alert" title={refusal} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={sending}>
              {t('submit')}
            </Button>
            <Button onClick={() => onClose(false)}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}
    </Modal>
  );
}
