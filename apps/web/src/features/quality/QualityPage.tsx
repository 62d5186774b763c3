// 数据质量: the refused records of the caller's area charted by reason, the reasons in a table
// whose rows open the records behind them (masked, as the API returns them), and each source's
// freshness with a red/green state (red: nothing received for more than two hours).
import { Alert, Button, Card, Drawer, Empty, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type RejectedRecord, type RejectionGroup, type SourceFreshness } from '../../api-client';
import { LanguageContext, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';
import { ageParts, reasonChartOption } from './reason-chart';

export function QualityPage({ onError }: { onError: (message: string) => void }) {
  const t = useT();
  const language = useContext(LanguageContext);
  const [summary, setSummary] = useState<{ records: number; groups: RejectionGroup[] } | null>(null);
  const [freshness, setFreshness] = useState<SourceFreshness[] | null>(null);
  const [drill, setDrill] = useState<{ group: RejectionGroup; records: RejectedRecord[] | null } | null>(null);
  const report = useCallback((e: unknown) => onError(e instanceof Error ? e.message : String(e)), [onError]);
  const when = (iso: string) => new Date(iso).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB');

  useEffect(() => {
    api.rejectionSummary().then(setSummary, report);
    api.freshness().then(setFreshness, report);
  }, [report]);

  const option = useMemo(() => reasonChartOption(summary?.groups ?? []), [summary]);

  const open = (group: RejectionGroup) => {
    setDrill({ group, records: null });
    api.rejectedRecords({ type: group.factType, field: group.field, reason: group.reason }).then((records) => setDrill({ group, records }), report);
  };

  const groupColumns: ColumnsType<RejectionGroup> = [
    { title: t('dq_factType'), dataIndex: 'factType', key: 'type' },
    { title: t('dq_field'), dataIndex: 'field', key: 'field', render: (f: string) => <code>{f}</code> },
    { title: t('dq_reason'), key: 'reason', render: (_, g) => <span title={g.example}>{g.reason}</span> },
    { title: t('dq_count'), dataIndex: 'count', key: 'count', align: 'right' },
    { title: t('dq_last'), dataIndex: 'lastReceivedAt', key: 'last', render: when },
    {
      title: t('dq_drill'),
      key: 'drill',
      render: (_, g) => (
        <Button size="small" onClick={() => open(g)} aria-label={`${t('dq_drill')} ${g.factType} ${g.field} ${g.reason}`}>
          {t('dq_drill')}
        </Button>
      ),
    },
  ];
  const recordColumns: ColumnsType<RejectedRecord> = [
    { title: t('dq_source'), key: 'source', render: (_, r) => `${r.source}${r.sourceId ? ` · ${r.sourceId}` : ''}` },
    { title: t('dq_reason'), key: 'errors', render: (_, r) => r.errors.map((e) => `${e.field}: ${e.reason}`).join('；') },
    { title: t('dq_payload'), key: 'payload', render: (_, r) => <code className="payload">{typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload)}</code> },
    { title: t('dq_last'), dataIndex: 'receivedAt', key: 'at', render: when },
  ];
  const freshnessColumns: ColumnsType<SourceFreshness> = [
    { title: t('dq_source'), dataIndex: 'source', key: 'source' },
    { title: t('dq_factType'), dataIndex: 'factTable', key: 'table' },
    { title: t('dq_lastReceived'), dataIndex: 'lastIngestedAt', key: 'last', render: when },
    {
      title: t('dq_age'),
      dataIndex: 'ageMinutes',
      key: 'age',
      align: 'right',
      render: (m: number) => {
        const age = ageParts(m);
        return `${age.value} ${t(age.unit === 'minutes' ? 'dq_minutes' : age.unit === 'hours' ? 'dq_hours' : 'dq_days')}`;
      },
    },
    { title: t('dq_state'), key: 'state', render: (_, f) => (f.stale ? <Tag color="red">{t('dq_stale')}</Tag> : <Tag color="green">{t('dq_fresh')}</Tag>) },
  ];

  return (
    <div className="quality-page">
      <Typography.Title level={2}>{t('dq_tab')}</Typography.Title>
      <Card title={t('dq_byReason')} style={{ marginBottom: 16 }} loading={summary === null}>
        {summary && summary.groups.length === 0 ? (
          <Empty description={t('dq_noRejections')} />
        ) : (
          summary && (
            <>
              <Statistic title={t('dq_total')} value={summary.records} style={{ marginBottom: 8 }} />
              <Chart label={t('dq_byReason')} option={option} height={Math.max(220, Math.min(summary.groups.length, 15) * 30)} />
              <Table className="rejection-groups" rowKey={(g) => `${g.factType}|${g.field}|${g.reason}`} size="small" dataSource={summary.groups} columns={groupColumns} pagination={{ pageSize: 10 }} />
            </>
          )
        )}
      </Card>
      <Card title={t('dq_freshness')} loading={freshness === null}>
        {freshness && freshness.length === 0 ? (
          <Empty description={t('dq_noSources')} />
        ) : (
          <Table
            className="freshness"
            rowKey={(f) => `${f.factTable}|${f.source}`}
            size="small"
            dataSource={[...(freshness ?? [])].sort((a, b) => Number(b.stale) - Number(a.stale) || b.ageMinutes - a.ageMinutes)}
            columns={freshnessColumns}
            pagination={{ pageSize: 20 }}
          />
        )}
      </Card>
      <Drawer open={drill !== null} onClose={() => setDrill(null)} size="large" title={t('dq_records')}>
        {drill && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="info" title={`${drill.group.factType} · ${drill.group.field} · ${drill.group.reason}`} />
            <Table className="rejected-records" rowKey="id" size="small" loading={drill.records === null} dataSource={drill.records ?? []} columns={recordColumns} pagination={{ pageSize: 20 }} />
          </Space>
        )}
      </Drawer>
    </div>
  );
}
