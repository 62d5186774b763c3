// 体验官排行 / top contributors of the region: the citizens (pseudonymous SDK devices, ids masked by
// the server to their last four characters) who earned most points with their feedback — 1 per
// processed feedback, +5 accepted, +20 delivered — with their star level, and a chart of the top ten.
import { Alert, Empty, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Chart } from '../ui/Chart';
import { portalApi, type ContributorBoard, type ContributorRow } from './api';
import { useLocalized, useT } from './i18n';
import { useThemed } from './theme';

/** ★★★☆☆ for 3 of 5; the text alternative is given by the caller. */
export const starText = (stars: number) => {
  const n = Math.min(5, Math.max(1, Math.trunc(stars)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
};

export function ContributorsSection({ region }: { region: string }) {
  const t = useT();
  const localized = useLocalized();
  const themed = useThemed();
  const [data, setData] = useState<ContributorBoard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setData(null);
    setError(null);
    portalApi.contributors(region).then(setData, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [region]);

  if (error) return <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" />;
  if (!data) return <Spin description={t('loading')} />;

  const rows = data.contributors.map((c, i) => ({ ...c, rank: i + 1 }));
  const columns: ColumnsType<ContributorRow & { rank: number }> = [
    { title: t('contributorRank'), dataIndex: 'rank', width: 64, align: 'right' },
    { title: t('contributorId'), dataIndex: 'id', render: (id: string) => <span className="portal-contributor-id">{id}</span> },
    {
      title: t('contributorLevel'),
      key: 'level',
      render: (_: unknown, c) => (
        <span className="portal-contributor-level">
          <span className="portal-stars" role="img" aria-label={t('starsOf').replace('{n}', String(c.stars))}>
            {starText(c.stars)}
          </span>{' '}
          {localized(c.title)}
        </span>
      ),
    },
    { title: t('contributorPoints'), dataIndex: 'points', align: 'right', render: (p: number) => <strong>{p}</strong> },
    { title: t('contributorFeedback'), dataIndex: 'feedback', align: 'right', responsive: ['md'] },
    { title: t('contributorAccepted'), dataIndex: 'accepted', align: 'right', responsive: ['md'] },
    { title: t('contributorDelivered'), dataIndex: 'delivered', align: 'right', responsive: ['md'] },
  ];
  const top = rows.slice(0, 10).reverse();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="portal-contributors">
      <Typography.Paragraph type="secondary">{t('contributorsIntro')}</Typography.Paragraph>
      {rows.length === 0 ? (
        <Empty description={t('contributorsEmpty')} />
      ) : (
        <>
          <Table
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            pagination={false}
            caption={<span className="portal-visually-hidden">{t('contributors')}</span>}
          />
          <Chart
            label={t('contributorsChart')}
            height={Math.max(160, top.length * 36 + 40)}
            option={themed({
              aria: { enabled: true },
              tooltip: { trigger: 'axis' },
              grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
              xAxis: { type: 'value', minInterval: 1 },
              yAxis: { type: 'category', data: top.map((c) => `${c.id} ${starText(c.stars)}`) },
              series: [{ type: 'bar', name: t('contributorPoints'), data: top.map((c) => c.points), barMaxWidth: 28, label: { show: true, position: 'right' }, itemStyle: { color: '#d48806' } }],
            })}
          />
        </>
      )}
      <Typography.Paragraph type="secondary">{t('contributorsNote')}</Typography.Paragraph>
    </Space>
  );
}
