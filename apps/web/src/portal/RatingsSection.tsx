// 好差评 in a region for a period: totals, a pie of the five levels, and per child region the
// good-review rate, bad reviews and how many of them were rectified.
import { Alert, Card, Col, Empty, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Chart } from '../ui/Chart';
import { portalApi, type RatingAggregate, type Ratings } from './api';
import { LEVEL_KEYS, useT } from './i18n';
import { percent, runsByPeriod } from './regions';
import { useThemed } from './theme';

const LEVEL_COLOURS = ['#cf1322', '#fa8c16', '#fadb14', '#73d13d', '#389e0d'];

/** The last complete quarter: the default when no published run names a period. */
function lastQuarter(now = new Date()): string {
  const q = Math.floor(now.getMonth() / 3);
  return q === 0 ? `${now.getFullYear() - 1}-Q4` : `${now.getFullYear()}-Q${q}`;
}

export function RatingsSection({ region }: { region: string }) {
  const t = useT();
  const themed = useThemed();
  const [periods, setPeriods] = useState<string[] | null>(null);
  const [period, setPeriod] = useState<string | null>(null);
  const [data, setData] = useState<Ratings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    portalApi.runs(region).then(
      (runs) => {
        const list = [...new Set(runsByPeriod(runs).map((r) => r.period))];
        const offered = list.length ? list : [lastQuarter()];
        setPeriods(offered);
        setPeriod((current) => (current && offered.includes(current) ? current : offered[0]!));
      },
      (e: unknown) => setError(String(e instanceof Error ? e.message : e)),
    );
  }, [region]);
  useEffect(() => {
    if (!period) return;
    setData(null);
    portalApi.ratings(region, period).then(setData, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [region, period]);

  if (error) return <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" />;
  if (!periods || !period) return <Spin description={t('loading')} />;

  const columns: ColumnsType<RatingAggregate> = [
    { title: t('unit'), dataIndex: 'name' },
    { title: t('ratingsTotal'), dataIndex: 'total', align: 'right' },
    { title: t('goodRate'), dataIndex: 'goodRate', align: 'right', render: (r: number | null) => percent(r) },
    { title: t('badCount'), dataIndex: 'bad', align: 'right' },
    { title: t('badRectifiedRate'), dataIndex: 'badRectifiedRate', align: 'right', render: (r: number | null) => percent(r) },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="portal-ratings">
      <div className="portal-field">
        <label htmlFor="portal-ratings-period">{t('period')}</label>
        <select id="portal-ratings-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
          {periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      {!data ? (
        <Spin description={t('loading')} />
      ) : data.totals.total === 0 ? (
        <Empty description={t('noRatings')} />
      ) : (
        <>
          <Row gutter={[12, 12]}>
            {(
              [
                ['ratingsTotal', String(data.totals.total)],
                ['goodRate', percent(data.totals.goodRate)],
                ['badCount', String(data.totals.bad)],
                ['badRectifiedRate', percent(data.totals.badRectifiedRate)],
              ] as const
            ).map(([key, value]) => (
              <Col xs={12} md={6} key={key}>
                <Card size="small">
                  <Statistic title={t(key)} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Chart
            label={t('levelsChart')}
            height={300}
            option={themed({
              aria: { enabled: true },
              tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
              legend: { bottom: 0 },
              series: [
                {
                  type: 'pie',
                  name: t('levelsChart'),
                  label: { formatter: '{b}\n{d}%' },
                  radius: ['35%', '65%'],
                  center: ['50%', '45%'],
                  data: LEVEL_KEYS.map((key, i) => ({ name: t(key), value: data.totals.levels[String(i + 1) as '1'], itemStyle: { color: LEVEL_COLOURS[i] } }))
                    .filter((slice) => slice.value > 0)
                    .reverse(),
                },
              ],
            })}
          />
          {data.units.length > 0 && <Table rowKey="unit" size="small" columns={columns} dataSource={data.units} pagination={false} scroll={{ x: 'max-content' }} />}
          <Typography.Paragraph type="secondary">{t('ratingsNote')}</Typography.Paragraph>
        </>
      )}
    </Space>
  );
}
