// 熵权与组合权重预览: for a system and period with stored results, the children of one indicator
// group weighed three ways — the system's AHP weights, entropy weights from the units' data, and
// α·AHP + (1 − α)·entropy — as a grouped bar chart, with α on a slider (docs/weights.md §3).
import { Alert, Card, Select, Slider, Space, Statistic, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type RunSummary, type WeightsPreview } from '../../api-client';
import { useLocalized, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';

const pct = (w: number) => `${(w * 100).toFixed(1)}%`;

export function PreviewPanel({ onError }: { onError: (message: string) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [system, setSystem] = useState<string | null>(null);
  const [period, setPeriod] = useState<string | null>(null);
  const [node, setNode] = useState<string>('$root');
  const [peerGroup, setPeerGroup] = useState<string | undefined>(undefined);
  const [alpha, setAlpha] = useState(0.5);
  const [preview, setPreview] = useState<WeightsPreview | null>(null);

  useEffect(() => {
    api.runs().then((all) => {
      const done = all.filter((r) => r.status === 'succeeded');
      setRuns(done);
      const latest = [...done].sort((a, b) => b.period.localeCompare(a.period))[0];
      if (latest) {
        setSystem(latest.system.code);
        setPeriod(latest.period);
      }
    }, (e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  }, [onError]);

  const systems = useMemo(() => [...new Set((runs ?? []).map((r) => r.system.code))].sort(), [runs]);
  const periods = useMemo(() => [...new Set((runs ?? []).filter((r) => r.system.code === system).map((r) => r.period))].sort().reverse(), [runs, system]);

  useEffect(() => {
    if (!system || !period) return;
    const timer = setTimeout(() => {
      api.weightsPreview({ system, period, node, alpha, peerGroup }).then(setPreview, (e: unknown) => onError(e instanceof Error ? e.message : String(e)));
    }, 150);
    return () => clearTimeout(timer);
  }, [system, period, node, alpha, peerGroup, onError]);

  if (runs !== null && runs.length === 0) return <Alert type="info" showIcon title={t('w_noPreviewRuns')} />;
  const names = (preview?.indicators ?? []).map((i) => localized(i.name));
  const series = preview
    ? [
        { key: 'ahp', name: t('w_subjective'), values: preview.indicators.map((i) => i.ahp) },
        { key: 'entropy', name: t('w_entropy'), values: preview.indicators.map((i) => i.entropy) },
        { key: 'combined', name: t('w_combined'), values: preview.indicators.map((i) => i.combined) },
      ]
    : [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} className="weights-preview">
      <Space wrap size="large">
        <label>
          {t('system')}{' '}
          <Select aria-label={t('system')} style={{ minWidth: 220 }} value={system} onChange={(v: string) => { setSystem(v); setPeriod(null); setNode('$root'); setPeerGroup(undefined); }} options={systems.map((s) => ({ value: s, label: s }))} />
        </label>
        <label>
          {t('period')}{' '}
          <Select aria-label={t('period')} style={{ minWidth: 140 }} value={period} onChange={(v: string) => { setPeriod(v); setPeerGroup(undefined); }} options={periods.map((p) => ({ value: p, label: p }))} />
        </label>
        <label>
          {t('group')}{' '}
          <Select
            aria-label={t('group')}
            style={{ minWidth: 240 }}
            value={node}
            onChange={setNode}
            options={(preview?.nodes ?? [{ code: '$root', name: { zh: '', en: '' } }]).map((n) => ({ value: n.code, label: n.code === '$root' ? t('topLevel') : `${n.code} ${localized(n.name)}` }))}
          />
        </label>
        <label>
          {t('w_peerGroup')}{' '}
          <Select
            aria-label={t('w_peerGroup')}
            style={{ minWidth: 160 }}
            value={preview?.peerGroup ?? null}
            onChange={setPeerGroup}
            options={(preview?.peerGroups ?? []).map((g) => ({ value: g.code, label: `${g.code}（${g.units}）` }))}
          />
        </label>
        <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          {t('w_alpha')} {alpha.toFixed(2)}
          <Slider style={{ width: 200 }} min={0} max={1} step={0.05} value={alpha} onChange={(v: number) => setAlpha(v)} ariaLabelForHandle={t('w_alpha')} />
        </label>
      </Space>
      {preview && (
        <Card>
          <Space size="large">
            <Statistic title={t('w_units')} value={preview.units} />
            <Statistic title={t('w_peerGroup')} value={preview.peerGroup} />
            <Statistic title={t('w_alpha')} value={preview.alpha} precision={2} />
          </Space>
          {preview.degenerate && <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t('w_degenerate')} />}
          <Chart
            label={t('w_previewChart')}
            height={320}
            option={{
              aria: { enabled: true },
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 60, right: 20, top: 40, bottom: 60 },
              xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0 } },
              yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
              series: series.map((s) => ({ name: s.name, type: 'bar', data: s.values.map((v) => Number(v.toFixed(4))) })),
            }}
          />
          <Table
            className="preview-table"
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={preview.indicators}
            columns={[
              { title: t('indicator'), render: (_: unknown, i: WeightsPreview['indicators'][number]) => `${i.code} ${localized(i.name)}` },
              { title: t('w_subjective'), render: (_: unknown, i: WeightsPreview['indicators'][number]) => pct(i.ahp) },
              { title: t('w_entropy'), render: (_: unknown, i: WeightsPreview['indicators'][number]) => pct(i.entropy) },
              { title: t('w_combined'), render: (_: unknown, i: WeightsPreview['indicators'][number]) => pct(i.combined) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
