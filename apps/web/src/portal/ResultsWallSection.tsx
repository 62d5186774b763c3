// 改进成果墙 / the results wall: improvements delivered (已上线) from citizens' feedback in the
// region, newest first, each with the number of similar feedback items (same unit, a shared tag)
// in the 30 days before and after delivery, and the change. Texts are shown as text only.
import { Alert, Card, Col, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Chart } from '../ui/Chart';
import { portalApi, type ResultsWall, type ResultsWallItem } from './api';
import { useLanguage, useLocalized, useT } from './i18n';
import { useThemed } from './theme';

function change(item: ResultsWallItem, t: ReturnType<typeof useT>): { text: string; colour: string } {
  if (item.after === null) return { text: t('wallPending'), colour: 'default' };
  if (item.changePercent === null) return { text: t('wallNoBaseline'), colour: 'default' };
  const sign = item.changePercent > 0 ? '+' : '';
  return { text: `${sign}${item.changePercent}%`, colour: item.changePercent < 0 ? 'green' : item.changePercent > 0 ? 'red' : 'default' };
}

export function ResultsWallSection({ region }: { region: string }) {
  const t = useT();
  const language = useLanguage();
  const localized = useLocalized();
  const themed = useThemed();
  const [data, setData] = useState<ResultsWall | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setData(null);
    setError(null);
    portalApi.resultsWall(region).then(setData, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [region]);

  if (error) return <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" />;
  if (!data) return <Spin description={t('loading')} />;
  if (data.items.length === 0) return <Empty className="portal-results-wall" description={t('wallEmpty')} />;
  const measured = data.items.filter((i) => i.after !== null).slice(0, 10);
  const date = (iso: string) => new Date(iso).toLocaleDateString(language === 'zh' ? 'zh-CN' : 'en-GB');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="portal-results-wall">
      <Typography.Paragraph type="secondary">{t('wallIntro')}</Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {data.items.map((item) => {
          const delta = change(item, t);
          return (
            <Col xs={24} md={12} xl={8} key={item.trackingCode}>
              <Card size="small" className="portal-wall-card" title={item.unitName} extra={<span className="portal-task-meta">{`${t('wallDelivered')} ${date(item.deliveredAt)}`}</span>}>
                <Typography.Paragraph className="portal-wall-excerpt">{item.excerpt}</Typography.Paragraph>
                <div>
                  {item.tags.map((tag) => (
                    <Tag key={tag.code}>{localized(tag.label)}</Tag>
                  ))}
                </div>
                <div className="portal-wall-figure" aria-label={t('wallFigure')}>
                  <span>{`${t('wallBefore')} ${item.before}`}</span>
                  <span aria-hidden="true"> → </span>
                  <span>{`${t('wallAfter')} ${item.after ?? '—'}`}</span> <Tag color={delta.colour}>{delta.text}</Tag>
                </div>
                <div className="portal-task-meta">{`${t('wallSupport')} ${item.support}`}</div>
              </Card>
            </Col>
          );
        })}
      </Row>
      {measured.length > 0 && (
        <Chart
          label={t('wallChart')}
          height={280}
          option={themed({
            aria: { enabled: true },
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 36, bottom: 70 },
            xAxis: { type: 'category', data: measured.map((i) => `${i.unitName} ${date(i.deliveredAt)}`), axisLabel: { interval: 0, rotate: measured.length > 3 ? 20 : 0 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { type: 'bar', name: t('wallBefore'), data: measured.map((i) => i.before), barMaxWidth: 48, itemStyle: { color: '#fa8c16' } },
              { type: 'bar', name: t('wallAfter'), data: measured.map((i) => i.after), barMaxWidth: 48, itemStyle: { color: '#389e0d' } },
            ],
          })}
        />
      )}
      <Typography.Paragraph type="secondary">{t('wallNote').replaceAll('{n}', String(data.windowDays))}</Typography.Paragraph>
    </Space>
  );
}
