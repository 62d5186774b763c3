// 权重计算: pairwise judgements on Saaty's 1–9 scale for one indicator group of the current system;
// weights and CR recomputed by the server's engine as soon as a judgement changes, with the
// judgements that break consistency named and a consistent value suggested.
import { Alert, Card, Select, Space, Spin, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type AhpAnswer, type IndicatorDefinition } from '../../api-client';
import { useLocalized, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';
import { latestRuns } from '../cockpit/ranking';
import { JudgementTable } from './JudgementTable';
import { judgementMatrix, saatyLabel } from './saaty';

export function AhpPage({ onError }: { onError: (message: string) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [indicators, setIndicators] = useState<IndicatorDefinition[] | null>(null);
  const [group, setGroup] = useState<string>('');
  const [judgements, setJudgements] = useState<Map<string, number>>(new Map());
  const [answer, setAnswer] = useState<AhpAnswer | null>(null);

  useEffect(() => {
    api
      .runs()
      .then((runs) => latestRuns(runs)[0])
      .then((run) => (run ? api.run(run.id) : null))
      .then((run) => setIndicators(run?.system.indicators ?? []))
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  }, [onError]);

  const criteria = useMemo(() => (indicators ?? []).filter((i) => (group ? i.parent === group : i.depth === 1)), [indicators, group]);
  const groups = useMemo(() => (indicators ?? []).filter((i) => !i.leaf), [indicators]);

  useEffect(() => {
    if (criteria.length < 2) return setAnswer(null);
    const timer = setTimeout(() => {
      api.ahp(judgementMatrix(criteria.length, judgements)).then(setAnswer, (e: unknown) => onError(e instanceof Error ? e.message : String(e)));
    }, 150);
    return () => clearTimeout(timer);
  }, [criteria, judgements, onError]);

  if (!indicators) return <Spin description={t('loading')} />;
  const name = (i: number) => (criteria[i] ? localized(criteria[i].name) : '');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <label>
        {t('group')}{' '}
        <Select
          aria-label={t('group')}
          style={{ minWidth: 280 }}
          value={group}
          onChange={(value: string) => {
            setGroup(value);
            setJudgements(new Map());
          }}
          options={[{ value: '', label: t('topLevel') }, ...groups.map((g) => ({ value: g.code, label: `${g.code} ${localized(g.name)}` }))]}
        />
      </label>
      <Card title={t('judgement')}>
        <JudgementTable names={criteria.map((c) => localized(c.name))} judgements={judgements} onChange={setJudgements} />
      </Card>
      {answer && (
        <Card title={t('weight')}>
          <Space size="large" className="ahp-stats">
            <Statistic title="CR" value={answer.cr} precision={4} styles={{ content: { color: answer.consistent ? '#389e0d' : '#cf1322' } }} />
            <Statistic title="λmax" value={answer.lambdaMax} precision={4} />
            <Statistic title="CI" value={answer.ci} precision={4} />
          </Space>
          {answer.consistent ? (
            <Alert type="success" showIcon title={t('consistent')} style={{ margin: '16px 0' }} />
          ) : (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ margin: '16px 0' }}
              title={t('inconsistent')}
              description={
                <ul>
                  {answer.inconsistencies.map((x) => (
                    <li key={`${x.row}-${x.col}`}>
                      {name(x.row)} {t('moreImportant')} {name(x.col)}: {saatyLabel(x.given)} → {t('suggested')} {saatyLabel(x.suggested)}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Chart
            label={t('weight')}
            height={280}
            option={{
              aria: { enabled: true },
              grid: { left: 160, right: 40, top: 10, bottom: 30 },
              xAxis: { type: 'value', max: 1 },
              yAxis: { type: 'category', data: criteria.map((c) => localized(c.name)), inverse: true },
              series: [{ type: 'bar', data: answer.weights.map((w) => Number(w.toFixed(4))), label: { show: true, position: 'right', formatter: ({ value }: { value: number }) => `${(value * 100).toFixed(1)}%` } }],
            }}
          />
          <Typography.Paragraph type="secondary">{criteria.map((c, i) => `${localized(c.name)} ${(answer.weights[i]! * 100).toFixed(1)}%`).join(' · ')}</Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}
