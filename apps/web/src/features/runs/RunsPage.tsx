// 评估运行: the runs of the caller's area (system, period, scope, status, publication), a form that
// starts a run in the background (a queue job: retried after an error, resumed after a server
// restart) and follows its progress to the end, two runs compared (rank changes and the grade
// distribution charted, then per unit and per indicator tables, grades by their names), and
// publishing behind a confirmation.
import { Alert, Button, Card, Empty, Form, Input, Popconfirm, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useContext, useEffect, useMemo, useRef, useState, type Key } from 'react';
import { api, type OrgUnit, type RunComparison, type RunProgress, type RunSummary, type UnitStanding } from '../../api-client';
import { LanguageContext, useLocalized, useT, type MessageKey } from '../../i18n';
import { Chart } from '../../ui/Chart';
import { defaultPeerGroup, gradeDistributionOption, rankChangeOption, signed } from './compare-chart';

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;
const STATUS_COLOUR: Record<string, string> = { running: 'processing', succeeded: 'success', failed: 'error' };
const POLL_MS = 500;
const LEVEL_KEYS = new Set(['province', 'city', 'county', 'township']);

export function RunsPage({ onError, permissions, area }: { onError: (message: string) => void; permissions: readonly string[]; area: string }) {
  const t = useT();
  const localized = useLocalized();
  const language = useContext(LanguageContext);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [units, setUnits] = useState<OrgUnit[]>([]);
  const [systems, setSystems] = useState<string[]>([]);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const report = useCallback((e: unknown) => onError(e instanceof Error ? e.message : String(e)), [onError]);
  const canRun = permissions.includes('evaluation.run');
  const canPublish = permissions.includes('evaluation.publish');

  const load = useCallback(() => api.runs().then(setRuns, report), [report]);
  useEffect(() => {
    void load();
    api.orgUnits().then(setUnits, report);
    if (permissions.includes('system.read')) api.systems().then((list) => setSystems(list.map((s) => s.code)), () => undefined);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load, report, permissions]);

  const unitName = useMemo(() => new Map(units.map((u) => [u.code, u.name])), [units]);
  const systemOptions = useMemo(() => [...new Set([...systems, ...(runs ?? []).map((r) => r.system.code)])].sort().map((code) => ({ value: code, label: code })), [systems, runs]);
  const scopeOptions = useMemo(() => units.filter((u) => u.level !== 'township').map((u) => ({ value: u.code, label: `${u.name} ${u.code}` })), [units]);
  const byId = useMemo(() => new Map((runs ?? []).map((r) => [r.id, r])), [runs]);
  const runLabel = (r: RunSummary) => `${r.system.code}@${r.system.version} · ${r.period} · ${unitName.get(r.scope) ?? r.scope} · ${r.startedAt.slice(0, 16).replace('T', ' ')}`;

  const follow = useCallback(
    (id: string) => {
      api.runProgress(id).then((p) => {
        setProgress(p);
        if (p.status === 'running') timer.current = setTimeout(() => follow(id), POLL_MS);
        else void load();
      }, report);
    },
    [load, report],
  );

  const start = async (values: { system: string; period: string; scope: string }) => {
    setNotice(null);
    try {
      const { id } = await api.startRunInBackground(values);
      setProgress({ id, system: values.system, period: values.period, scope: values.scope, status: 'running', stage: 'queued', done: 0, total: 0, percent: 0, attempts: 1, maxAttempts: 1, error: null });
      follow(id);
    } catch (e) {
      report(e);
    }
  };

  const compare = async (base: string, other: string) => {
    try {
      setComparison(await api.compareRuns(base, other));
    } catch (e) {
      report(e);
    }
  };

  const publish = async (run: RunSummary) => {
    try {
      await api.publishRun(run.id);
      setNotice(`${t('runs_publishedOk')}：${runLabel(run)}`);
      await load();
    } catch (e) {
      report(e);
    }
  };

  const onSelect = (keys: Key[]) => {
    const ids = keys.map(String);
    // Only runs of the same indicator system compare: a new system starts the selection again.
    const last = ids.at(-1);
    const system = last ? byId.get(last)?.system.code : undefined;
    const same = ids.filter((id) => byId.get(id)?.system.code === system);
    setSelected(same.slice(-2));
  };

  const columns: ColumnsType<RunSummary> = [
    { title: t('system'), key: 'system', render: (_, r) => `${r.system.code}@${r.system.version}` },
    { title: t('period'), dataIndex: 'period', key: 'period' },
    { title: t('runs_scope'), key: 'scope', render: (_, r) => `${unitName.get(r.scope) ?? ''} ${r.scope}` },
    { title: t('runs_status'), key: 'status', render: (_, r) => <Tag color={STATUS_COLOUR[r.status] ?? 'default'}>{t(`runs_${r.status}` as MessageKey)}</Tag> },
    {
      title: t('runs_publishState'),
      key: 'published',
      render: (_, r) =>
        r.publishedAt ? (
          <Tag color="green">{`${t('published')} ${r.publishedAt.slice(0, 10)}`}</Tag>
        ) : canPublish && r.status === 'succeeded' && (r as RunSummary & { access?: string }).access !== 'own-subtree' ? (
          <Popconfirm title={t('runs_publishConfirm')} okText={t('runs_publishOk')} cancelText={t('runs_publishCancel')} onConfirm={() => publish(r)}>
            <Button size="small" aria-label={`${t('runs_publish')} ${runLabel(r)}`}>
              {t('runs_publish')}
            </Button>
          </Popconfirm>
        ) : (
          <Tag>{t('draft')}</Tag>
        ),
    },
    { title: t('runs_created'), dataIndex: 'startedAt', key: 'created', render: (d: string) => new Date(d).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB') },
  ];

  const stageText = progress
    ? t(`runs_stage_${progress.stage}` as MessageKey) +
      (progress.stage === 'metrics' && progress.total ? ` ${progress.done}/${progress.total}` : '') +
      (progress.attempts > 1 ? `（${t('runs_attempt').replace('{n}', String(progress.attempts)).replace('{max}', String(progress.maxAttempts))}）` : '')
    : '';
  // While running, an error is the previous attempt's: the run is being retried.
  const errorText = progress?.error ? (progress.status === 'running' ? `${t('runs_retrying')}：${localized(progress.error)}` : localized(progress.error)) : '';

  return (
    <div className="runs-page">
      <Typography.Title level={2}>{t('runs_tab')}</Typography.Title>
      {notice && <Alert type="success" showIcon title={notice} closable onClose={() => setNotice(null)} style={{ marginBottom: 16 }} />}
      {canRun && (
        <Card title={t('runs_start')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('runs_resumeNote')}</Typography.Paragraph>
          <Form layout="inline" onFinish={start} initialValues={{ scope: area === '*' ? undefined : area, system: runs?.[0]?.system.code, period: runs?.[0]?.period }} key={runs ? 'ready' : 'loading'}>
            <Form.Item name="system" label={t('system')} rules={[{ required: true, message: t('required') }]}>
              <Select options={systemOptions} style={{ width: 200 }} aria-label={t('system')} showSearch />
            </Form.Item>
            <Form.Item name="period" label={t('period')} rules={[{ required: true, message: t('required') }, { pattern: PERIOD, message: t('runs_periodInvalid') }]}>
              <Input placeholder={t('runs_periodHint')} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="scope" label={t('runs_scope')} rules={[{ required: true, message: t('required') }]}>
              <Select options={scopeOptions} style={{ width: 220 }} aria-label={t('runs_scope')} showSearch optionFilterProp="label" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" disabled={progress?.status === 'running'}>
                {t('runs_startSubmit')}
              </Button>
            </Form.Item>
          </Form>
          {progress && (
            <div className="run-progress" style={{ marginTop: 16 }}>
              <Progress percent={progress.percent} status={progress.status === 'failed' ? 'exception' : progress.status === 'succeeded' ? 'success' : 'active'} aria-label={t('runs_progress')} format={(p) => `${p} %`} />
              <div className="run-stage" aria-live="polite">
                {stageText}
                {errorText ? `：${errorText}` : ''}
              </div>
            </div>
          )}
        </Card>
      )}

      <Card
        title={t('runs_list')}
        extra={
          <Button onClick={() => void load()} size="small">
            {t('runs_refresh')}
          </Button>
        }
        style={{ marginBottom: 16 }}
      >
        {runs && runs.length === 0 ? (
          <Empty description={t('runs_none')} />
        ) : (
          <Table
            className="run-list"
            rowKey="id"
            size="small"
            loading={runs === null}
            dataSource={runs ?? []}
            columns={columns}
            pagination={{ pageSize: 10 }}
            rowSelection={{ selectedRowKeys: selected, onChange: onSelect, getCheckboxProps: (r) => ({ disabled: r.status !== 'succeeded', 'aria-label': `${t('runs_select')} ${runLabel(r)}` }) }}
          />
        )}
      </Card>

      <Card title={t('runs_compare')}>
        <Typography.Paragraph type="secondary">{t('runs_compareHint')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            aria-label={t('runs_compareBase')}
            placeholder={t('runs_compareBase')}
            style={{ width: 380 }}
            value={selected[0]}
            onChange={(v: string) => setSelected([v, ...selected.slice(1)].filter((id, i, all) => all.indexOf(id) === i && byId.get(id)?.system.code === byId.get(v)?.system.code))}
            options={(runs ?? []).filter((r) => r.status === 'succeeded').map((r) => ({ value: r.id, label: runLabel(r) }))}
          />
          <Select
            aria-label={t('runs_compareOther')}
            placeholder={t('runs_compareOther')}
            style={{ width: 380 }}
            value={selected[1]}
            onChange={(v: string) => setSelected([selected[0] ?? '', v])}
            options={(runs ?? []).filter((r) => r.status === 'succeeded' && r.id !== selected[0] && (!selected[0] || r.system.code === byId.get(selected[0])?.system.code)).map((r) => ({ value: r.id, label: runLabel(r) }))}
          />
          <Button type="primary" disabled={selected.length !== 2 || !selected[0] || !selected[1]} onClick={() => void compare(selected[0]!, selected[1]!)}>
            {t('runs_compareSubmit')}
          </Button>
        </Space>
        {comparison && <ComparisonView comparison={comparison} unitName={unitName} />}
      </Card>
    </div>
  );
}

function ComparisonView({ comparison, unitName }: { comparison: RunComparison; unitName: ReadonlyMap<string, string> }) {
  const t = useT();
  const localized = useLocalized();
  const language = useContext(LanguageContext);
  /** A grade by its name in that run's system version (优秀 …), its code only when it has none. */
  const gradeText = (s: UnitStanding | null) => (s?.grade ? (s.gradeName ? localized(s.gradeName) : s.grade) : '—');
  const name = (u: { unit: string; name: string | null }) => u.name ?? unitName.get(u.unit) ?? u.unit;
  const groups = useMemo(() => [...new Set(comparison.units.map((u) => u.peerGroup))], [comparison]);
  const [group, setGroup] = useState<string | undefined>(() => defaultPeerGroup(comparison.units));
  useEffect(() => setGroup(defaultPeerGroup(comparison.units)), [comparison]);
  const shown = useMemo(() => comparison.units.filter((u) => u.peerGroup === group), [comparison, group]);
  const option = useMemo(() => rankChangeOption(shown.map((u) => ({ name: u.name ?? unitName.get(u.unit) ?? u.unit, change: u.rankChange }))), [shown, unitName]);
  const gradeOption = useMemo(
    () =>
      gradeDistributionOption(
        comparison.grades.map((g) => ({ code: g.code, label: localized(g.name) })),
        shown.map((u) => ({ base: u.base?.grade ?? null, other: u.other?.grade ?? null })),
        { base: t('runs_compareBase'), other: t('runs_compareOther') },
      ),
    // t and localized are new on every render: the language is what changes them.
    [comparison, shown, language],
  );
  const unitColumns: ColumnsType<RunComparison['units'][number]> = [
    { title: t('unit'), key: 'unit', render: (_, u) => `${name(u)} ${u.unit}` },
    { title: `${t('score')}（${t('runs_compareBase')}）`, key: 'bs', render: (_, u) => u.base?.score ?? '—' },
    { title: `${t('score')}（${t('runs_compareOther')}）`, key: 'os', render: (_, u) => u.other?.score ?? '—' },
    { title: t('runs_scoreChange'), key: 'sc', render: (_, u) => signed(u.scoreChange) },
    { title: `${t('rank')}`, key: 'rank', render: (_, u) => `${u.base?.rank ?? '—'} → ${u.other?.rank ?? '—'}` },
    { title: t('runs_rankChange'), key: 'rc', render: (_, u) => <Tag color={u.rankChange === null || u.rankChange === 0 ? 'default' : u.rankChange > 0 ? 'green' : 'red'}>{signed(u.rankChange)}</Tag> },
    {
      title: t('grade'),
      key: 'grade',
      render: (_, u) => {
        const text = `${gradeText(u.base)} → ${gradeText(u.other)}`;
        return u.gradeChanged ? (
          <Tag color="blue" title={t('runs_gradeChanged')}>
            {text}
          </Tag>
        ) : (
          text
        );
      },
    },
  ];
  const indicatorColumns: ColumnsType<RunComparison['indicators'][number]> = [
    { title: t('runs_indicator'), key: 'code', render: (_, i) => `${i.code} ${localized(i.name)}` },
    { title: t('runs_baseAverage'), dataIndex: 'baseAverage', key: 'b', render: (v: number | null) => v ?? '—' },
    { title: t('runs_otherAverage'), dataIndex: 'otherAverage', key: 'o', render: (v: number | null) => v ?? '—' },
    { title: t('runs_scoreChange'), dataIndex: 'change', key: 'c', render: (v: number | null) => signed(v) },
    { title: t('runs_improved'), dataIndex: 'improved', key: 'up' },
    { title: t('runs_declined'), dataIndex: 'declined', key: 'down' },
  ];
  return (
    <div className="run-comparison">
      {comparison.warnings.map((w) => (
        <Alert key={w.en} type="warning" showIcon title={localized(w)} style={{ marginBottom: 8 }} />
      ))}
      <Space style={{ marginBottom: 8 }}>
        <span>{t('runs_peerGroup')}</span>
        <Select aria-label={t('runs_peerGroup')} value={group} onChange={setGroup} style={{ width: 160 }} options={groups.map((g) => ({ value: g, label: LEVEL_KEYS.has(g) ? t(`runs_level_${g}` as MessageKey) : g }))} />
      </Space>
      <Chart label={t('runs_rankChart')} option={option} height={Math.max(240, Math.min(shown.length, 30) * 24)} />
      <Chart label={t('runs_gradeChart')} option={gradeOption} height={240} />
      <Table className="compare-units" rowKey="unit" size="small" dataSource={shown} columns={unitColumns} pagination={{ pageSize: 20 }} />
      <Table className="compare-indicators" rowKey="code" size="small" dataSource={comparison.indicators.filter((i) => i.depth <= 2)} columns={indicatorColumns} pagination={{ pageSize: 20 }} />
    </div>
  );
}
