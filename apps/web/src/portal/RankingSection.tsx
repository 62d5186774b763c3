// The published ranking of a region's units (chart and table) for a chosen period, and one unit's
// indicator results with their lights.
import { Alert, Button, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../ui/Chart';
import { portalApi, type PublishedRun, type PublishedUnit, type Region, type UnitIndicators } from './api';
import { useLocalized, useT } from './i18n';
import { rankedUnits, runsByPeriod } from './regions';
import { useThemed } from './theme';

const LIGHT_COLOURS = { green: 'green', yellow: 'gold', red: 'red' } as const;

export function RankingSection({ regions, region }: { regions: Region[]; region: string }) {
  const t = useT();
  const themed = useThemed();
  const localized = useLocalized();
  const [runs, setRuns] = useState<PublishedRun[] | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [units, setUnits] = useState<PublishedUnit[] | null>(null);
  const [unitView, setUnitView] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setRuns(null);
    setUnitView(null);
    portalApi.runs(region).then(
      (all) => {
        const latest = runsByPeriod(all);
        setRuns(latest);
        setRunId((current) => (current && latest.some((r) => r.id === current) ? current : (latest[0]?.id ?? null)));
      },
      (e: unknown) => setError(String(e instanceof Error ? e.message : e)),
    );
  }, [region]);
  useEffect(() => {
    if (!runId) return;
    setUnits(null);
    portalApi.run(runId, region).then(
      (run) => setUnits(run.units),
      (e: unknown) => setError(String(e instanceof Error ? e.message : e)),
    );
  }, [runId, region]);

  const rows = useMemo(() => (units ? rankedUnits(regions, units, region) : []), [regions, units, region]);
  const names = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);

  if (error) return <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" />;
  if (!runs) return <Spin description={t('loading')} />;
  if (!runs.length) return <Empty description={t('noRuns')} />;
  if (unitView && runId) return <UnitIndicatorsView runId={runId} unit={unitView} onBack={() => setUnitView(null)} />;

  const chartRows = [...rows].reverse();
  const option = {
    aria: { enabled: true },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: chartRows.map((r) => r.name ?? names.get(r.unit) ?? r.unit) },
    series: [{ type: 'bar', name: t('score'), data: chartRows.map((r) => r.score), label: { show: true, position: 'right' }, itemStyle: { color: '#c41d24' } }],
  };
  const columns: ColumnsType<PublishedUnit> = [
    { title: t('rank'), dataIndex: 'rank', width: 64, render: (rank: number | null) => rank ?? '—' },
    { title: t('unit'), dataIndex: 'name', render: (_: unknown, row) => row.name ?? names.get(row.unit) ?? row.unit },
    { title: t('score'), dataIndex: 'score', align: 'right', render: (s: number | null) => (s === null ? t('noData') : s.toFixed(2)) },
    { title: t('grade'), dataIndex: 'gradeName', render: (g: PublishedUnit['gradeName'], row) => (g ? <Tag color={row.grade === 'excellent' ? 'green' : row.grade === 'poor' ? 'red' : 'blue'}>{localized(g)}</Tag> : '—') },
    {
      title: t('details'),
      render: (_: unknown, row) => (
        <Button size="small" onClick={() => setUnitView(row.unit)} aria-label={`${t('details')} ${row.name ?? names.get(row.unit) ?? row.unit}`}>
          {t('details')}
        </Button>
      ),
    },
  ];
  const run = runs.find((r) => r.id === runId);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="portal-field">
        <label htmlFor="portal-period">{t('period')}</label>
        <select id="portal-period" value={runId ?? ''} onChange={(e) => setRunId(e.target.value)}>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.period} · {r.system.code}
            </option>
          ))}
        </select>
        {run && (
          <Typography.Text type="secondary">
            {t('publishedAt')} {run.publishedAt.slice(0, 10)}
          </Typography.Text>
        )}
      </div>
      {!units ? (
        <Spin description={t('loading')} />
      ) : (
        <>
          <Chart option={themed(option)} height={Math.max(160, rows.length * 36 + 24)} label={t('scoresChart')} />
          <Table className="portal-ranking" rowKey="unit" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
        </>
      )}
    </Space>
  );
}

function UnitIndicatorsView({ runId, unit, onBack }: { runId: string; unit: string; onBack: () => void }) {
  const t = useT();
  const localized = useLocalized();
  const [data, setData] = useState<UnitIndicators | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    portalApi.unit(runId, unit).then(setData, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [runId, unit]);

  const number = (v: number | null, suffix?: string | null) => (v === null ? t('noData') : `${Math.round(v * 100) / 100}${suffix ? ` ${suffix}` : ''}`);
  const columns: ColumnsType<UnitIndicators['indicators'][number]> = [
    { title: t('indicator'), dataIndex: 'name', render: (name: UnitIndicators['indicators'][number]['name'], row) => <span style={{ paddingLeft: (row.depth - 1) * 16, fontWeight: row.leaf ? 400 : 600 }}>{localized(name)}</span> },
    { title: t('value'), dataIndex: 'value', align: 'right', render: (v: number | null, row) => (row.leaf ? number(v, row.unit) : '') },
    { title: t('target'), dataIndex: 'target', align: 'right', render: (v: number | null, row) => (v === null ? '—' : number(v, row.unit)) },
    { title: t('indicatorScore'), dataIndex: 'score', align: 'right', render: (v: number | null) => (v === null ? t('noData') : v.toFixed(1)) },
    { title: t('light'), dataIndex: 'light', render: (light: 'green' | 'yellow' | 'red' | null) => (light ? <Tag color={LIGHT_COLOURS[light]}>{t(light)}</Tag> : '—') },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button onClick={onBack}>← {t('back')}</Button>
      {error && <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" />}
      {!data && !error && <Spin description={t('loading')} />}
      {data && (
        <>
          <Typography.Title level={2}>{data.name ?? unit}</Typography.Title>
          <Space wrap>
            <Tag>{localized(data.system.name)}</Tag>
            <span>
              {t('score')}: <strong>{data.score === null ? t('noData') : data.score.toFixed(2)}</strong>
            </span>
            <span>
              {t('rank')}: <strong>{data.rank ?? '—'}</strong>
            </span>
            {data.gradeName && <Tag color="blue">{localized(data.gradeName)}</Tag>}
            {data.vetoed && <Tag color="red">{t('vetoed')}</Tag>}
          </Space>
          <Table className="portal-indicators" rowKey="code" size="small" columns={columns} dataSource={data.indicators} pagination={false} scroll={{ x: 'max-content' }} />
        </>
      )}
    </Space>
  );
}
