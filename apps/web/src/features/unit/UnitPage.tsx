// 单位页: one unit's composite, a radar of its first-level scores against the peer average and,
// when one is loaded for the period, a reference such as the national average (全国平均; its values
// are scored server-side like a member of the peer group, so the axes stay 0–100 scores), every
// indicator with value, target, score, weight, contribution and light, and 溯源 down to the facts.
import { Button, Card, Descriptions, Drawer, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { api, type Explanation, type IndicatorResult, type ReferenceScores, type RunResult, type TrendPoint } from '../../api-client';
import { useLocalized, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';

interface Row extends IndicatorResult {
  name: string;
  unit: string | null;
  target: number | null;
  children?: Row[];
}

const LIGHT_COLOURS = { green: 'green', yellow: 'gold', red: 'red' } as const;
const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));

export function UnitPage({ run, unit, onBack, onError }: { run: RunResult; unit: string; onBack: () => void; onError: (message: string) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [explained, setExplained] = useState<{ code: string; data: Explanation | null } | null>(null);
  const [trend, setTrend] = useState<TrendPoint[] | null>(null);
  useEffect(() => {
    api.trend(run.system.code, unit).then(setTrend, (e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  }, [run.system.code, unit, onError]);
  const result = run.result.units.find((u) => u.unit === unit);
  const [references, setReferences] = useState<ReferenceScores[] | null>(null);
  const peerGroup = result?.peerGroup;
  useEffect(() => {
    if (!peerGroup) return;
    setReferences(null);
    api.referenceScores(run.id, peerGroup).then(setReferences, (e: unknown) => {
      setReferences([]);
      onError(e instanceof Error ? e.message : String(e));
    });
  }, [run.id, peerGroup, onError]);
  const peers = run.result.peerGroups.find((g) => g.code === result?.peerGroup);
  // Inside an ancestor's run with too few other units in the group: no peer figures (decision 0008).
  const withheld = peers?.suppressed ? t('groupWithheld').replace('{k}', String(peers.suppressed.minGroup)) : null;
  const definitions = useMemo(() => new Map(run.system.indicators.map((d) => [d.code, d])), [run]);

  const tree = useMemo(() => {
    const rows = new Map<string, Row>();
    for (const i of result?.indicators ?? []) {
      const d = definitions.get(i.code);
      rows.set(i.code, { ...i, name: d ? localized(d.name) : i.code, unit: d?.unit ?? null, target: d?.target ?? null });
    }
    const roots: Row[] = [];
    for (const row of rows.values()) {
      const parent = row.parent ? rows.get(row.parent) : undefined;
      if (parent) (parent.children ??= []).push(row);
      else roots.push(row);
    }
    return roots;
  }, [result, definitions, localized]);

  if (!result) return null;
  // An axis a reference does not reach stays empty ('-'): no number is invented for it.
  const referenceSeries = (references ?? []).map((r) => ({
    name: localized(r.label),
    value: tree.map((row) => {
      const score = r.scores[row.code];
      return score === null || score === undefined ? '-' : Math.round(score * 100) / 100;
    }),
    lineStyle: { type: 'dotted', width: 2 },
    symbol: 'diamond',
  }));
  const radar = {
    aria: { enabled: true },
    legend: { bottom: 0, data: [t('thisUnit'), ...(withheld ? [] : [t('peerAverage')]), ...referenceSeries.map((r) => r.name)] },
    tooltip: {},
    radar: { indicator: tree.map((r) => ({ name: r.name, max: 100 })), radius: '62%' },
    series: [
      {
        type: 'radar',
        data: [
          { name: t('thisUnit'), value: tree.map((r) => r.score ?? 0) },
          ...(withheld ? [] : [{ name: t('peerAverage'), value: tree.map((r) => peers?.indicators[r.code]?.score ?? '-'), lineStyle: { type: 'dashed' } }]),
          ...referenceSeries,
        ],
      },
    ],
  };

  const trendOption = trend && {
    aria: { enabled: true },
    legend: { bottom: 0, data: [t('thisUnit'), t('peerAverage')] },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: trend.map((p) => p.period) },
    yAxis: { type: 'value', min: 0, max: 100, name: t('score') },
    series: [
      { type: 'line', name: t('thisUnit'), data: trend.map((p) => p.score), label: { show: true } },
      { type: 'line', name: t('peerAverage'), data: trend.map((p) => p.peerAverage), lineStyle: { type: 'dashed' } },
    ],
  };

  const explain = async (code: string) => {
    setExplained({ code, data: null });
    try {
      setExplained({ code, data: await api.explain(run.id, unit, code) });
    } catch (e) {
      setExplained(null);
      onError(e instanceof Error ? e.message : String(e));
    }
  };

  const columns: ColumnsType<Row> = [
    { title: t('indicator'), dataIndex: 'name', render: (name: string, row) => <span title={row.code}>{name}</span> },
    { title: t('value'), dataIndex: 'value', align: 'right', render: (v: number | null, row) => (row.leaf ? `${fmt(v)}${row.unit && v !== null ? ` ${row.unit}` : ''}` : '') },
    { title: t('target'), dataIndex: 'target', align: 'right', render: (v: number | null) => fmt(v) },
    { title: t('indicatorScore'), dataIndex: 'score', align: 'right', render: (v: number | null) => fmt(v) },
    { title: t('weight'), dataIndex: 'weight', align: 'right', render: (w: number) => `${(w * 100).toFixed(1)}%` },
    { title: t('contribution'), dataIndex: 'contribution', align: 'right', render: (v: number | null) => fmt(v) },
    { title: t('light'), dataIndex: 'light', render: (l: Row['light']) => (l ? <Tag color={LIGHT_COLOURS[l]}>{t(l)}</Tag> : null) },
    {
      title: t('explain'),
      render: (_: unknown, row) =>
        row.leaf ? (
          <Button size="small" onClick={() => explain(row.code)} aria-label={`${t('explain')} ${row.name}`}>
            {t('explain')}
          </Button>
        ) : null,
    },
  ];

  const data = explained?.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Button onClick={onBack}>← {t('back')}</Button>
      <Card>
        <Typography.Title level={3}>{result.name ?? result.unit}</Typography.Title>
        <Descriptions column={4}>
          <Descriptions.Item label={t('score')}>{fmt(result.scoreRounded)}</Descriptions.Item>
          <Descriptions.Item label={t('grade')}>{localized(result.gradeName) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rank')}>{result.rank === null ? (withheld ?? '—') : `${result.rank} / ${peers?.ranked ?? '?'}`}</Descriptions.Item>
          <Descriptions.Item label={t('veto')}>{result.vetoed ? <Tag color="red">{t('veto')}</Tag> : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('radar')}>
        <Chart option={radar} height={360} label={t('radar')} />
        {withheld && (
          <Typography.Paragraph type="secondary" className="peer-withheld">
            {withheld}
          </Typography.Paragraph>
        )}
        {references === null ? null : references.length === 0 ? (
          <Typography.Paragraph type="secondary" className="reference-caption">
            {t('noReference')}
          </Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary" className="reference-caption">
            {references.map((r) => `${localized(r.label)} · ${t('referenceSource')}：${r.sources.join('；')}`).join(' ')}
            <br />
            {t('referenceScale')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card title={t('trend')}>{trendOption ? <Chart option={trendOption} height={280} label={t('trend')} /> : <Spin />}</Card>
      <Card title={t('indicator')}>
        <Table<Row> className="indicators" rowKey="code" columns={columns} dataSource={tree} pagination={false} size="small" expandable={{ defaultExpandAllRows: true }} />
      </Card>
      <Drawer open={explained !== null} onClose={() => setExplained(null)} size="large" title={data ? `${t('explain')} · ${localized(data.indicator.name)}` : t('explain')}>
        {!data ? (
          <Spin />
        ) : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="explanation">
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('formula')}>
                <code>{data.formula?.source ?? '—'}</code> = {fmt(data.formula?.value)}
                {data.indicator.unit ? ` ${data.indicator.unit}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('scoring')}>
                {data.scoring?.method ?? '—'} · {t('target')} {fmt(data.scoring?.target ?? null)} → {fmt(data.score)}
              </Descriptions.Item>
              <Descriptions.Item label={t('weight')}>
                {data.weight.method} · {(data.weight.global * 100).toFixed(2)}% → {t('contribution')} {fmt(data.contribution)}
              </Descriptions.Item>
            </Descriptions>
            <Table
              className="facts"
              rowKey="metric"
              size="small"
              pagination={false}
              columns={[
                { title: t('metric'), dataIndex: 'metric' },
                { title: t('value'), dataIndex: 'value', align: 'right', render: (v: number | null) => fmt(v, 4) },
              ]}
              dataSource={data.facts}
            />
            {Object.entries(data.samples).map(([metric, rows]) =>
              rows.length ? (
                <Card key={metric} size="small" title={`${t('sampleFacts')} · ${metric}`}>
                  <Table
                    className="samples"
                    rowKey={(row) => JSON.stringify(row)}
                    size="small"
                    scroll={{ x: true }}
                    pagination={false}
                    columns={Object.keys(rows[0]!)
                      .slice(0, 8)
                      .map((key) => ({ title: key, dataIndex: key, render: (v: unknown) => (v === null || v === undefined ? '' : String(v)) }))}
                    dataSource={rows.slice(0, 10)}
                  />
                </Card>
              ) : null,
            )}
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
