// 德尔菲专家咨询: the consultations of the caller's area; organisers open one on a group of the
// current indicator system and invite experts (picked by name · role · unit from the staff of their
// area who may judge: GET /api/weights/experts), close rounds and open the next; an invited expert
// enters their own matrix for the open round (live CR), sees the judgements the panel disagreed
// on last round, and everyone sees each round's group weights, dispersion per judgement (high
// ones in red) and the convergence across rounds (docs/weights.md §1–2).
import { Alert, Button, Card, Form, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type AhpAnswer, type DelphiConsultation, type DelphiSummary, type ExpertCandidate, type IndicatorDefinition, type Me } from '../../api-client';
import { useLocalized, useT } from '../../i18n';
import { Chart } from '../../ui/Chart';
import { latestRuns } from '../cockpit/ranking';
import { JudgementTable } from './JudgementTable';
import { judgementMatrix, saatyLabel } from './saaty';

const HIGH = 2;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const pct = (w: number) => `${(w * 100).toFixed(1)}%`;

export function DelphiPanel({ me, onError }: { me: Me; onError: (message: string) => void }) {
  const t = useT();
  const organiser = me.permissions.includes('weights.consult');
  const [list, setList] = useState<DelphiSummary[] | null>(null);
  const [selected, setSelected] = useState<{ id: string; at: number } | null>(null);
  const reload = useCallback(() => api.consultations().then(setList, (e: unknown) => onError(message(e))), [onError]);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} className="delphi">
      {organiser && <CreateConsultation me={me} onError={onError} onCreated={(id) => { setSelected({ id, at: Date.now() }); void reload(); }} />}
      <Card title={t('w_consultations')}>
        <Table
          className="consultations"
          rowKey="id"
          size="small"
          pagination={false}
          loading={list === null}
          locale={{ emptyText: t('w_noConsultations') }}
          dataSource={list ?? []}
          columns={[
            { title: t('w_title'), dataIndex: 'title' },
            { title: t('w_round'), render: (_: unknown, c: DelphiSummary) => t('w_roundN').replace('{n}', String(c.round)) },
            { title: t('w_status'), render: (_: unknown, c: DelphiSummary) => (c.roundOpen ? <Tag color="blue">{t('w_open')}</Tag> : <Tag>{t('w_closed')}</Tag>) },
            { title: t('w_invited'), render: (_: unknown, c: DelphiSummary) => (c.invited ? '✓' : '') },
            { title: '', render: (_: unknown, c: DelphiSummary) => <Button size="small" aria-label={`${t('w_view')} ${c.title}`} onClick={() => setSelected({ id: c.id, at: Date.now() })}>{t('w_view')}</Button> },
          ]}
        />
      </Card>
      {selected && <ConsultationDetail key={`${selected.id}:${selected.at}`} id={selected.id} organiser={organiser} onError={onError} onChanged={() => void reload()} />}
    </Space>
  );
}

function CreateConsultation({ me, onError, onCreated }: { me: Me; onError: (message: string) => void; onCreated: (id: string) => void }) {
  const t = useT();
  const localized = useLocalized();
  const [system, setSystem] = useState<{ code: string; indicators: IndicatorDefinition[] } | null>(null);
  const [form] = Form.useForm<{ title: string; node: string; experts: string[] }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .runs()
      .then((runs) => latestRuns(runs)[0])
      .then((run) => (run ? api.run(run.id) : null))
      .then((run) => setSystem(run ? { code: run.system.code, indicators: run.system.indicators } : null))
      .catch((e: unknown) => onError(message(e)));
  }, [onError]);
  const groups = (system?.indicators ?? []).filter((i) => !i.leaf);
  // The consultation belongs to the organiser's own unit: only those who may judge it there.
  const experts = useExpertCandidates(me.orgUnit, onError);
  const submit = async (values: { title: string; node: string; experts: string[] }) => {
    if (!system) return;
    setBusy(true);
    try {
      const created = await api.createConsultation({ title: values.title, system: system.code, node: values.node, experts: values.experts });
      form.resetFields();
      onCreated(created.id);
    } catch (e) {
      onError(message(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('w_create')}>
      <Form form={form} name="delphi_create" layout="inline" onFinish={submit} initialValues={{ node: '$root', experts: [me.id] }}>
        <Form.Item name="title" label={t('w_title')} rules={[{ required: true, message: t('required') }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="node" label={t('w_criteriaFrom')}>
          <Select style={{ minWidth: 240 }} aria-label={t('w_criteriaFrom')} options={[{ value: '$root', label: t('topLevel') }, ...groups.map((g) => ({ value: g.code, label: `${g.code} ${localized(g.name)}` }))]} />
        </Form.Item>
        <Form.Item name="experts" label={t('w_experts')} rules={[{ required: true, message: t('required') }]}>
          <Select
            mode="multiple"
            showSearch
            maxTagCount="responsive"
            // A fixed width: with a width that followed its tags, collapsing them to "+ 1 …" made
            // the select narrower, the inline form fit on one line, the tags fit again, and so on —
            // the panel below jumped 32 px every frame (and clicks on it missed).
            style={{ width: 420 }}
            aria-label={t('w_experts')}
            placeholder={t('w_expertsSearch')}
            loading={experts.loading}
            filterOption={(input, option) => (option?.search ?? '').includes(input.trim().toLowerCase())}
            onSearch={experts.search}
            notFoundContent={experts.loading ? t('loading') : t('w_noExperts')}
            options={experts.list.map((e) => {
              const label = `${e.displayName} · ${localized(e.roleName)} · ${e.orgUnit.name}`;
              return { value: e.id, label, title: label, search: `${label} ${e.id}`.toLowerCase() };
            })}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={!system}>{t('w_create')}</Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/**
 * The staff the caller may invite, as 姓名 · 角色 · 单位. The first answer is usually all of them
 * (filtered here as one types); when the server cut it short, what one types is searched there too.
 */
function useExpertCandidates(orgUnit: string, onError: (message: string) => void) {
  const [known, setKnown] = useState<Map<string, ExpertCandidate>>(new Map());
  const [truncated, setTruncated] = useState(false);
  const [loading, setLoading] = useState(true);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const merge = useCallback((found: ExpertCandidate[]) => setKnown((before) => new Map([...before, ...found.map((e) => [e.id, e] as const)])), []);
  useEffect(() => {
    api
      .experts({ orgUnit })
      .then((answer) => {
        merge(answer.experts);
        setTruncated(answer.truncated);
      }, (e: unknown) => onError(message(e)))
      .finally(() => setLoading(false));
    return () => clearTimeout(timer.current);
  }, [orgUnit, merge, onError]);
  const search = useCallback(
    (text: string) => {
      if (!truncated || !text.trim()) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        setLoading(true);
        api
          .experts({ q: text.trim(), orgUnit })
          .then((answer) => merge(answer.experts), (e: unknown) => onError(message(e)))
          .finally(() => setLoading(false));
      }, 250);
    },
    [truncated, orgUnit, merge, onError],
  );
  return { list: [...known.values()], loading, search };
}

function ConsultationDetail({ id, organiser, onError, onChanged }: { id: string; organiser: boolean; onError: (message: string) => void; onChanged: () => void }) {
  const t = useT();
  const localized = useLocalized();
  const [view, setView] = useState<DelphiConsultation | null>(null);
  const [judgements, setJudgements] = useState<Map<string, number>>(new Map());
  const [live, setLive] = useState<AhpAnswer | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const show = useCallback((next: DelphiConsultation) => {
    setView(next);
    // The expert's stored matrix for this round, or their last round's, as the starting point.
    const source = next.mine?.matrix ?? null;
    const upper = new Map<string, number>();
    if (source) source.forEach((row, i) => row.forEach((v, j) => j > i && upper.set(`${i}-${j}`, v)));
    setJudgements(upper);
  }, []);
  useEffect(() => {
    api.consultation(id).then(show, (e: unknown) => onError(message(e)));
  }, [id, show, onError]);

  const n = view?.criteria.length ?? 0;
  useEffect(() => {
    if (n < 2) return;
    const timer = setTimeout(() => api.ahp(judgementMatrix(n, judgements)).then(setLive, (e: unknown) => onError(message(e))), 150);
    return () => clearTimeout(timer);
  }, [n, judgements, onError]);

  const act = async (action: () => Promise<DelphiConsultation>, after?: () => void) => {
    setBusy(true);
    try {
      show(await action());
      after?.();
      onChanged();
    } catch (e) {
      onError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const names = useMemo(() => (view?.criteria ?? []).map((c) => localized(c.name)), [view, localized]);
  if (!view) return null;
  const current = view.rounds.find((r) => r.round === view.round);
  const closedRounds = view.rounds.filter((r) => r.result);
  const latest = closedRounds[closedRounds.length - 1];
  const highlight = new Set(view.reconsider.map((r) => `${r.row}-${r.col}`));
  const pairName = (row: number, col: number) => `${names[row]} ${t('moreImportant')} ${names[col]}`;

  return (
    <Card title={`${view.title} · ${t('w_roundN').replace('{n}', String(view.round))} · ${view.roundOpen ? t('w_open') : t('w_closed')}`} className="consultation">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Text>
          {t('w_submitted')}: {(current?.submissions ?? []).map((s) => s.expert).join('、') || '—'}
        </Typography.Text>
        {organiser && (
          <Space>
            {view.roundOpen ? (
              <Button onClick={() => act(() => api.closeRound(id))} loading={busy} disabled={(current?.submissions.length ?? 0) === 0}>{t('w_closeRound')}</Button>
            ) : (
              <Button onClick={() => act(() => api.openRound(id))} loading={busy}>{t('w_openRound')}</Button>
            )}
          </Space>
        )}
        {view.invited && view.roundOpen && (
          <Card type="inner" title={t('w_myMatrix')} className="my-matrix">
            {view.reconsider.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('w_reconsider')}
                description={
                  <ul>
                    {view.reconsider.map((r) => (
                      <li key={`${r.row}-${r.col}`}>
                        {pairName(r.row, r.col)}: {t('w_groupValue')} {r.group.toFixed(2)}, GSD {r.gsd.toFixed(2)}{r.yours !== null ? `, ${t('w_yours')} ${saatyLabel(r.yours)}` : ''}
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
            <JudgementTable names={names} judgements={judgements} onChange={(next) => { setJudgements(next); setSaved(false); }} highlight={highlight} />
            <Space size="large" style={{ marginTop: 16 }} className="my-cr">
              {live && <Statistic title={t('w_myCr')} value={live.cr} precision={4} styles={{ content: { color: live.consistent ? '#389e0d' : '#cf1322' } }} />}
              <Button type="primary" loading={busy} onClick={() => act(() => api.submitJudgement(id, judgementMatrix(n, judgements)), () => setSaved(true))}>{t('w_submit')}</Button>
              {(saved || view.mine) && <span role="status">{t('w_saved')}</span>}
            </Space>
            {live && !live.consistent && <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('inconsistent')} description={live.inconsistencies.map((x) => `${pairName(x.row, x.col)}: ${saatyLabel(x.given)} → ${t('suggested')} ${saatyLabel(x.suggested)}`).join('；')} />}
          </Card>
        )}
        {latest?.result ? (
          <RoundResultView names={names} result={latest.result} round={latest.round} pairName={pairName} />
        ) : (
          <Typography.Text type="secondary">{t('w_noResult')}</Typography.Text>
        )}
        {view.convergence.length > 0 && (
          <Chart
            label={t('w_convergence')}
            height={220}
            option={{
              aria: { enabled: true },
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 60, right: 30, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: view.convergence.map((c) => t('w_roundN').replace('{n}', String(c.round))) },
              yAxis: { type: 'value', min: 1, name: 'GSD' },
              series: [
                { name: t('w_meanGsd'), type: 'line', symbolSize: 10, data: view.convergence.map((c) => Number(c.meanGsd.toFixed(3))), label: { show: true } },
                { name: t('w_maxGsd'), type: 'line', symbolSize: 8, lineStyle: { type: 'dashed' }, data: view.convergence.map((c) => Number(c.maxGsd.toFixed(3))) },
              ],
            }}
          />
        )}
      </Space>
    </Card>
  );
}

function RoundResultView({ names, result, round, pairName }: { names: string[]; result: NonNullable<DelphiConsultation['rounds'][number]['result']>; round: number; pairName: (row: number, col: number) => string }) {
  const t = useT();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="round-result">
      <Typography.Title level={5}>{t('w_roundN').replace('{n}', String(round))}</Typography.Title>
      <Space size="large" className="group-stats">
        <Statistic title={t('w_groupCr')} value={result.cr} precision={4} styles={{ content: { color: result.consistent ? '#389e0d' : '#cf1322' } }} />
        <Statistic title={t('w_meanGsd')} value={result.meanGsd} precision={3} />
        <Statistic title={t('w_highDispersion')} value={result.highCount} />
      </Space>
      <Chart
        label={t('w_groupWeights')}
        height={Math.max(160, names.length * 40)}
        option={{
          aria: { enabled: true },
          grid: { left: 160, right: 60, top: 10, bottom: 30 },
          xAxis: { type: 'value', max: 1 },
          yAxis: { type: 'category', data: names, inverse: true },
          series: [{ type: 'bar', data: result.weights.map((w) => Number(w.toFixed(4))), label: { show: true, position: 'right', formatter: ({ value }: { value: number }) => pct(value) } }],
        }}
      />
      <Typography.Paragraph type="secondary" className="group-weights">{names.map((name, i) => `${name} ${pct(result.weights[i]!)}`).join(' · ')}</Typography.Paragraph>
      <Chart
        label={t('w_dispersion')}
        height={Math.max(160, result.dispersion.length * 32)}
        option={{
          aria: { enabled: true },
          tooltip: {},
          grid: { left: 220, right: 60, top: 10, bottom: 30 },
          xAxis: { type: 'value', min: 1, name: 'GSD' },
          yAxis: { type: 'category', data: result.dispersion.map((d) => pairName(d.row, d.col)), inverse: true },
          series: [{
            type: 'bar',
            data: result.dispersion.map((d) => ({ value: Number(d.gsd.toFixed(3)), itemStyle: { color: d.gsd >= HIGH ? '#cf1322' : '#1677ff' } })),
            label: { show: true, position: 'right' },
            markLine: { symbol: 'none', data: [{ xAxis: HIGH }], lineStyle: { color: '#cf1322', type: 'dashed' } },
          }],
        }}
      />
      <Table
        className="dispersion"
        size="small"
        pagination={false}
        rowKey={(d) => `${d.row}-${d.col}`}
        dataSource={result.dispersion}
        rowClassName={(d) => (d.high ? 'high-dispersion' : '')}
        columns={[
          { title: t('judgement'), render: (_: unknown, d) => pairName(d.row, d.col) },
          { title: t('w_groupValue'), render: (_: unknown, d) => d.group.toFixed(2) },
          { title: 'GSD', render: (_: unknown, d) => (d.high ? <Tag color="red">{d.gsd.toFixed(2)} · {t('w_highDispersion')}</Tag> : d.gsd.toFixed(2)) },
          { title: t('w_expert'), render: (_: unknown, d) => d.answers.map(saatyLabel).join(', ') },
        ]}
      />
      <Table
        className="expert-weights"
        size="small"
        pagination={false}
        rowKey="expert"
        dataSource={result.expertResults}
        columns={[
          { title: t('w_expert'), dataIndex: 'expert' },
          ...names.map((name, i) => ({ title: name, render: (_: unknown, e: (typeof result.expertResults)[number]) => pct(e.weights[i]!) })),
          { title: 'CR', render: (_: unknown, e: (typeof result.expertResults)[number]) => <span style={{ color: e.consistent ? undefined : '#cf1322' }}>{e.cr.toFixed(4)}</span> },
        ]}
      />
    </Space>
  );
}
