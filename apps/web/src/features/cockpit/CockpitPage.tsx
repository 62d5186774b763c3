// 绩效驾驶舱: a period's composite ranking of the focused unit's children, charted first and
// tabled behind, with the change against the previous period; a row with children drills down
// (省 → 市 → 县) and the breadcrumb climbs back. Everything comes from stored run results.
// In a run of a unit above the caller (access 'own-subtree', decision 0008) the caller's own unit
// shows first with its rank among its peers; the server sends no other unit's row.
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { api, type CockpitRun, type OrgUnit, type RunResult, type RunSummary } from '../../api-client';
import { useLocalized, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';
import { heatMapData, warningBoard, type WarningRow } from './heatmap';
import { cockpitData, cockpitRun } from './preload';
import { breadcrumb, latestRuns, previousRun, rankingRows, type RankingRow } from './ranking';

const runKey = (r: RunSummary) => `${r.system.code}|${r.period}|${r.scope}`;
// The unit page is opened from a row: fetched then, with the run's full result (the cockpit holds
// only its cockpit view: indicators to the second level and red/yellow leaves).
const UnitPage = lazy(() => import('../unit/UnitPage').then((m) => ({ default: m.UnitPage })));

function UnitOfRun({ runId, unit, onBack, onError }: { runId: string; unit: string; onBack: () => void; onError: (message: string) => void }) {
  const t = useT();
  const [run, setRun] = useState<RunResult | null>(null);
  useEffect(() => {
    let live = true;
    api.run(runId).then(
      (full) => live && setRun(full),
      (e: unknown) => onError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [runId, onError]);
  if (!run) return <Spin description={t('loading')} />;
  return (
    <Suspense fallback={<Spin description={t('loading')} />}>
      <UnitPage run={run} unit={unit} onBack={onBack} onError={onError} />
    </Suspense>
  );
}

export function CockpitPage({ onError, canRun }: { onError: (message: string) => void; canRun: boolean }) {
  const t = useT();
  const localized = useLocalized();
  const [units, setUnits] = useState<OrgUnit[] | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const [current, setCurrent] = useState<CockpitRun | null>(null);
  const [previous, setPrevious] = useState<CockpitRun | null>(null);
  const [unitView, setUnitView] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    cockpitData()
      .then(([u, r]) => {
        setUnits(u);
        const latest = latestRuns(r.filter((x) => x.status === 'succeeded'));
        setRuns(latest);
        setSelected(latest[0] ? runKey(latest[0]) : null);
        const codes = new Set(u.map((x) => x.code));
        setFocus(u.find((x) => !x.parent || !codes.has(x.parent))?.code ?? null);
      })
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  }, [onError]);

  const run = runs?.find((r) => runKey(r) === selected);
  useEffect(() => {
    if (!run || !runs) return;
    const before = previousRun(runs, run);
    setCurrent(null);
    Promise.all([cockpitRun(run.id), before ? cockpitRun(before.id) : Promise.resolve(null)])
      .then(([now, then]) => {
        setCurrent(now);
        setPrevious(then);
      })
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  }, [run, runs, onError]);

  const rows = useMemo(
    () => (units && current && focus ? rankingRows(units, current.result.units, previous?.result.units, focus) : []),
    [units, current, previous, focus],
  );
  const heat = useMemo(() => (current ? heatMapData(current, rows.map((r) => r.unit)) : null), [current, rows]);
  const warnings = useMemo(() => (current ? warningBoard(current, rows.map((r) => r.unit)) : []), [current, rows]);
  const peerGroup = rows[0]?.peerGroup;
  const average = current?.result.peerGroups.find((g) => g.code === peerGroup)?.average ?? null;
  const ownView = current?.access === 'own-subtree';
  const own = ownView && focus ? current.result.units.find((u) => u.unit === focus) : undefined;
  const ownGroup = own ? current?.result.peerGroups.find((g) => g.code === own.peerGroup) : undefined;
  // Too few other units in the group for its figures to be shown to this caller (decision 0008).
  const withheld = (group: { suppressed?: { minGroup: number } } | undefined) => (group?.suppressed ? t('groupWithheld').replace('{k}', String(group.suppressed.minGroup)) : null);
  const rowsWithheld = withheld(current?.result.peerGroups.find((g) => g.code === peerGroup));

  if (!runs || !units) return <Spin description={t('loading')} />;
  if (!runs.length) return <Empty description={t('noRuns')} />;

  const systems = [...new Set(runs.map((r) => r.system.code))];
  const option = {
    aria: { enabled: true },
    grid: { left: 48, right: 24, top: 24, bottom: 80 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.name ?? r.unit), axisLabel: { rotate: rows.length > 12 ? 45 : 0, interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, name: t('score') },
    series: [
      {
        type: 'bar',
        name: t('score'),
        data: rows.map((r) => ({ value: r.scoreRounded, itemStyle: { color: r.vetoed ? '#cf1322' : average !== null && (r.scoreRounded ?? 0) < average ? '#faad14' : '#1677ff' } })),
        markLine: average === null ? undefined : { symbol: 'none', data: [{ yAxis: average, name: t('peerAverage') }], label: { formatter: `${t('peerAverage')} {c}` } },
      },
    ],
  };

  const heatOption = heat && {
    aria: { enabled: true },
    tooltip: { position: 'top' },
    grid: { left: 96, right: 24, top: 16, bottom: 110 },
    xAxis: { type: 'category', data: heat.indicators.map((i) => localized(i.name)), axisLabel: { rotate: 40, interval: 0 }, splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: heat.units.map((u) => u.name), splitArea: { show: true } },
    visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#cf1322', '#faad14', '#fadb14', '#52c41a'] } },
    series: [{ type: 'heatmap', name: t('heatMap'), data: heat.cells, label: { show: heat.units.length * heat.indicators.length <= 240 } }],
  };
  const warningColumns: ColumnsType<WarningRow> = [
    { title: t('unit'), dataIndex: 'name' },
    { title: t('redLights'), dataIndex: 'red', align: 'right', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
    { title: t('yellowLights'), dataIndex: 'yellow', align: 'right', render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : 0) },
    {
      title: t('redIndicators'),
      dataIndex: 'redIndicators',
      render: (list: WarningRow['redIndicators']) => (
        <Space size={[4, 4]} wrap>
          {list.slice(0, 8).map((i) => (
            <Tag key={i.code}>{`${localized(i.name)}（${i.owner}）`}</Tag>
          ))}
          {list.length > 8 ? `+${list.length - 8}` : null}
        </Space>
      ),
    },
  ];

  const columns: ColumnsType<RankingRow> = [
    { title: t('rank'), dataIndex: 'rank', width: 80, render: (rank: number | null) => rank ?? '—' },
    {
      title: t('unit'),
      dataIndex: 'name',
      render: (_: unknown, row) =>
        row.hasChildren ? (
          <Button type="link" onClick={() => setFocus(row.unit)} aria-label={`${t('drillDown')} ${row.name ?? row.unit}`}>
            {row.name ?? row.unit}
          </Button>
        ) : (
          row.name ?? row.unit
        ),
    },
    { title: t('score'), dataIndex: 'scoreRounded', align: 'right', render: (s: number | null) => (s === null ? t('noData') : s.toFixed(2)) },
    { title: t('grade'), dataIndex: 'gradeName', render: (g: RankingRow['gradeName'], row) => (g ? <Tag color={row.grade === 'excellent' ? 'green' : row.grade === 'poor' ? 'red' : 'blue'}>{localized(g)}</Tag> : '—') },
    {
      title: t('change'),
      dataIndex: 'change',
      render: (change: number | null) =>
        change === null ? '—' : change > 0 ? <span className="up">↑{change}</span> : change < 0 ? <span className="down">↓{-change}</span> : '—',
    },
    { title: t('veto'), dataIndex: 'vetoed', render: (v: boolean) => (v ? <Tag color="red">{t('veto')}</Tag> : null) },
    {
      title: t('details'),
      render: (_: unknown, row) => (
        <Button size="small" onClick={() => setUnitView(row.unit)} aria-label={`${t('details')} ${row.name ?? row.unit}`}>
          {t('details')}
        </Button>
      ),
    },
  ];

  if (unitView && current) return <UnitOfRun runId={current.id} unit={unitView} onBack={() => setUnitView(null)} onError={onError} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <label>
          {t('system')}{' '}
          <Select
            aria-label={t('system')}
            style={{ minWidth: 220 }}
            value={run?.system.code}
            options={systems.map((s) => ({ value: s, label: s }))}
            onChange={(code: string) => setSelected(runKey(runs.find((r) => r.system.code === code)!))}
          />
        </label>
        <label>
          {t('period')}{' '}
          <Select
            aria-label={t('period')}
            style={{ minWidth: 160 }}
            value={selected}
            options={runs.filter((r) => r.system.code === run?.system.code).map((r) => ({ value: runKey(r), label: `${r.period} · ${r.publishedAt ? t('published') : t('draft')}` }))}
            onChange={(key: string) => setSelected(key)}
          />
        </label>
        {canRun && run && (
          <Button
            type="primary"
            loading={running}
            onClick={async () => {
              setRunning(true);
              setNotice(null);
              try {
                const started = await api.startRun(run.system.code, run.period);
                setNotice(`${t('runFinished')}: ${started.system.code} ${started.period} · ${started.units} ${t('units')} · ${started.id}`);
              } catch (e) {
                onError(e instanceof Error ? e.message : String(e));
              } finally {
                setRunning(false);
              }
            }}
          >
            {t('startRun')}
          </Button>
        )}
      </Space>
      {notice && <Alert type="success" showIcon role="status" title={notice} closable onClose={() => setNotice(null)} />}
      {ownView && (
        <Card title={t('ownResult')} className="own-result">
          <Alert type="info" showIcon title={t('ownSubtreeView')} style={{ marginBottom: 12 }} />
          {own ? (
            <Descriptions column={{ xs: 1, sm: 2, md: 5 }}>
              <Descriptions.Item label={t('unit')}>{own.name ?? own.unit}</Descriptions.Item>
              <Descriptions.Item label={t('score')}>{own.scoreRounded === null ? t('noData') : own.scoreRounded.toFixed(2)}</Descriptions.Item>
              <Descriptions.Item label={t('rank')}>{own.rank === null ? '—' : `${own.rank} / ${ownGroup?.ranked ?? '?'}`}</Descriptions.Item>
              <Descriptions.Item label={t('grade')}>{localized(own.gradeName) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('peerAverage')}>{withheld(ownGroup) ?? (ownGroup?.average == null ? '—' : ownGroup.average.toFixed(2))}</Descriptions.Item>
              <Descriptions.Item label={t('details')}>
                <Button size="small" onClick={() => setUnitView(own.unit)} aria-label={`${t('details')} ${own.name ?? own.unit}`}>
                  {t('details')}
                </Button>
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Empty description={t('noData')} />
          )}
        </Card>
      )}
      <Breadcrumb items={(focus ? breadcrumb(units, focus) : []).map((u) => ({ title: <a onClick={() => setFocus(u.code)}>{u.name}</a> }))} />
      {/* A county in a province run has no units below it in the result: its own card says it all. */}
      {ownView && rows.length === 0 ? null : (
        <>
          <Card title={`${t('scoresChart')} · ${run?.period ?? ''}`}>
            {current ? <Chart option={option} label={t('scoresChart')} /> : <Spin />}
          </Card>
          <Card title={t('ranking')}>
            <Typography.Paragraph type="secondary">{rowsWithheld ?? (average !== null ? `${t('peerAverage')}: ${average.toFixed(2)}` : '')}</Typography.Paragraph>
            <Table<RankingRow> className="ranking" rowKey="unit" columns={columns} dataSource={rows} loading={!current} pagination={false} size="middle" />
          </Card>
          <Card title={t('heatMap')}>{heatOption ? <Chart option={heatOption} height={Math.max(260, 36 * (heat?.units.length ?? 0) + 150)} label={t('heatMap')} /> : <Spin />}</Card>
          <Card title={t('warningBoard')}>
            <Table<WarningRow> className="warnings" rowKey="unit" columns={warningColumns} dataSource={warnings} loading={!current} pagination={false} size="small" locale={{ emptyText: t('noWarnings') }} />
          </Card>
        </>
      )}
    </Space>
  );
}
