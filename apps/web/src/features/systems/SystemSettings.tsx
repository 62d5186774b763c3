// 体系设置: the document-level fields of an indicator system — its name and description, grade bands
// (highest first, the lowest from 0; drawn on the 0–100 scale), the result-application thresholds
// (`responses`), the metric catalogue restriction (`metrics`) and how the top-level indicators are
// weighed. Saved with the version like the tree; the server's problems are shown at their row.
import { Button, Checkbox, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useT, useLocalized } from '../../i18n';
import { WeightingEditor, type WeightingValue } from './editors';
import type { SystemDocument } from './tree-ops';

interface Grade {
  code: string;
  name: { zh: string; en: string };
  min: number;
}
interface Responses {
  bottomShare?: number;
  minPeerGroupSize?: number;
  includeVetoed?: boolean;
  planDueDays?: number;
  optimisationDueDays?: number;
  reviewDueDays?: number;
  feedback?: { minItems?: number; minShare?: number };
}

/** The defaults of docs/result-application.md, the starting point of a customised set. */
export const DEFAULT_RESPONSES: Required<Responses> = {
  bottomShare: 0.1,
  minPeerGroupSize: 5,
  includeVetoed: true,
  planDueDays: 30,
  optimisationDueDays: 30,
  reviewDueDays: 30,
  feedback: { minItems: 10, minShare: 0.3 },
};

const BAND_COLOURS = ['#389e0d', '#1677ff', '#faad14', '#cf1322', '#722ed1', '#8c8c8c'];

/** A new band just above the lowest, halfway to the one above it, with an unused code. */
export function addGrade(grades: Grade[]): Grade[] {
  const codes = new Set(grades.map((g) => g.code));
  let n = grades.length + 1;
  while (codes.has(`grade-${n}`)) n++;
  const lowest = grades.at(-1);
  const above = grades.at(-2);
  const min = lowest ? Math.round(((above?.min ?? 100) + lowest.min) / 2) : 0;
  const band = { code: `grade-${n}`, name: { zh: '新等级', en: 'New grade' }, min };
  return lowest ? [...grades.slice(0, -1), band, lowest] : [band];
}

function GradeScale({ grades }: { grades: Grade[] }) {
  const t = useT();
  const localized = useLocalized();
  const bands = grades.map((g, i) => ({ g, upper: i === 0 ? 100 : grades[i - 1]!.min, colour: BAND_COLOURS[i % BAND_COLOURS.length]! }));
  const label = `${t('sys_gradeScale')}：${bands.map(({ g, upper }) => `${localized(g.name)} ${g.min}–${upper}`).join('，')}`;
  return (
    <div className="grade-scale" role="img" aria-label={label} title={label} style={{ display: 'flex', flexDirection: 'row-reverse', height: 22, borderRadius: 4, overflow: 'hidden', margin: '4px 0 12px', border: '1px solid rgba(128,128,128,0.3)' }}>
      {bands.map(({ g, upper, colour }) => {
        const width = Math.max(0, Math.min(100, upper) - Math.max(0, g.min));
        return width > 0 ? (
          <div key={g.code} style={{ width: `${width}%`, background: colour, color: '#fff', fontSize: 12, lineHeight: '22px', textAlign: 'center', overflow: 'hidden', whiteSpace: 'nowrap' }}>
            {`${localized(g.name)} ≥${g.min}`}
          </div>
        ) : null;
      })}
    </div>
  );
}

export function SystemSettings({ draft, disabled, problems, metricsUsed, rootCr, onChange }: {
  draft: SystemDocument;
  disabled: boolean;
  /** Document-level problems: field (e.g. "grades[1].min") and message in the UI language. */
  problems: { field: string; message: string }[];
  /** Metrics the formulas use (from the live preview), offered for the catalogue. */
  metricsUsed: string[];
  rootCr: number | null | undefined;
  onChange: (patch: Record<string, unknown>) => void;
}) {
  const t = useT();
  const id = (f: string) => `sys-doc-${f}`;
  const at = (prefix: string, exact = false) =>
    problems.filter((p) => (exact ? p.field === prefix : p.field === prefix || p.field.startsWith(`${prefix}.`) || p.field.startsWith(`${prefix}[`))).map((p) => p.message);
  const help = (messages: string[]) => (messages.length ? <span className="field-problem">{messages.join('；')}</span> : undefined);
  const status = (messages: string[]) => (messages.length ? ('error' as const) : undefined);

  const name = draft.name;
  const description = draft.description as { zh: string; en: string } | undefined;
  const setLocalized = (field: 'name' | 'description', language: 'zh' | 'en', value: string) => {
    const current = (field === 'name' ? name : description) ?? { zh: '', en: '' };
    const next = { ...current, [language]: value };
    onChange({ [field]: field === 'description' && !next.zh && !next.en ? undefined : next });
  };

  const grades = (draft.grades as Grade[] | undefined) ?? [];
  const setGrade = (i: number, patch: Partial<Grade>) => onChange({ grades: grades.map((g, k) => (k === i ? { ...g, ...patch } : g)) });

  const responses = draft.responses as Responses | undefined;
  const setResponse = (patch: Partial<Responses>) => onChange({ responses: { ...responses, ...patch } });
  const responseNumber = (field: Exclude<keyof Responses, 'includeVetoed' | 'feedback'>, props: { min: number; max?: number; step?: number }) => {
    const problemsHere = at(`responses.${field}`);
    return (
      <Col span={8} key={field}>
        <Form.Item label={t(`sys_${field}`)} htmlFor={id(field)} validateStatus={status(problemsHere)} help={help(problemsHere)}>
          <InputNumber id={id(field)} style={{ width: '100%' }} {...props} value={responses?.[field] ?? DEFAULT_RESPONSES[field]} onChange={(v) => setResponse({ [field]: v ?? undefined })} />
        </Form.Item>
      </Col>
    );
  };

  const metrics = draft.metrics as Record<string, { name: { zh: string; en: string }; unit?: string }> | undefined;
  const metricOptions = [...new Set([...metricsUsed, ...Object.keys(metrics ?? {})])].sort().map((m) => ({ value: m, label: m }));
  const setMetrics = (names: string[]) =>
    onChange({ metrics: Object.fromEntries(names.map((m) => [m, metrics?.[m] ?? { name: { zh: m, en: m } }])) });

  const weightingProblems = [...at('weighting'), ...at('indicators', true)];

  return (
    <Form layout="vertical" className="system-settings" disabled={disabled}>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('sys_systemNameZh')} htmlFor={id('name-zh')} validateStatus={status(at('name'))} help={help(at('name'))}>
            <Input id={id('name-zh')} value={name.zh} onChange={(e) => setLocalized('name', 'zh', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('sys_systemNameEn')} htmlFor={id('name-en')}>
            <Input id={id('name-en')} value={name.en} onChange={(e) => setLocalized('name', 'en', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('sys_descriptionZh')} htmlFor={id('description-zh')} validateStatus={status(at('description'))} help={help(at('description'))}>
            <Input.TextArea id={id('description-zh')} autoSize={{ minRows: 1, maxRows: 4 }} value={description?.zh ?? ''} onChange={(e) => setLocalized('description', 'zh', e.target.value)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('sys_descriptionEn')} htmlFor={id('description-en')}>
            <Input.TextArea id={id('description-en')} autoSize={{ minRows: 1, maxRows: 4 }} value={description?.en ?? ''} onChange={(e) => setLocalized('description', 'en', e.target.value)} />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>{t('sys_grades')}</Typography.Title>
      <Typography.Text type="secondary">{t('sys_gradesHint')}</Typography.Text>
      <GradeScale grades={grades} />
      {at('grades', true).length > 0 && <Typography.Paragraph type="danger" className="field-problem">{at('grades', true).join('；')}</Typography.Paragraph>}
      <div className="grade-bands">
        {grades.map((g, i) => {
          const rowProblems = at(`grades[${i}]`);
          const gid = (f: string) => id(`grade-${i}-${f}`);
          return (
            <Row gutter={8} key={i} className="grade-band" align="top">
              <Col span={5}>
                <Form.Item label={`${t('sys_gradeCode')} ${i + 1}`} htmlFor={gid('code')}>
                  <Input id={gid('code')} value={g.code} onChange={(e) => setGrade(i, { code: e.target.value })} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label={`${t('sys_gradeNameZh')} ${i + 1}`} htmlFor={gid('name-zh')}>
                  <Input id={gid('name-zh')} value={g.name.zh} onChange={(e) => setGrade(i, { name: { ...g.name, zh: e.target.value } })} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label={`${t('sys_gradeNameEn')} ${i + 1}`} htmlFor={gid('name-en')}>
                  <Input id={gid('name-en')} value={g.name.en} onChange={(e) => setGrade(i, { name: { ...g.name, en: e.target.value } })} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item label={`${t('sys_gradeMin')} ${i + 1}`} htmlFor={gid('min')} validateStatus={status(rowProblems)} help={help(rowProblems)}>
                  <InputNumber id={gid('min')} min={0} max={100} style={{ width: '100%' }} value={g.min} onChange={(v) => setGrade(i, { min: v ?? 0 })} />
                </Form.Item>
              </Col>
              <Col span={3} style={{ paddingTop: 30 }}>
                <Button size="small" danger aria-label={`${t('sys_removeGrade')} ${i + 1}`} disabled={grades.length < 2} onClick={() => onChange({ grades: grades.filter((_, k) => k !== i) })}>
                  {t('sys_remove')}
                </Button>
              </Col>
            </Row>
          );
        })}
        <Button size="small" className="add-grade" onClick={() => onChange({ grades: addGrade(grades) })}>
          {t('sys_addGrade')}
        </Button>
      </div>

      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('sys_responses')}</Typography.Title>
      <Checkbox checked={responses !== undefined} onChange={(e) => onChange({ responses: e.target.checked ? structuredClone(DEFAULT_RESPONSES) : undefined })}>
        {t('sys_responsesCustom')}
      </Checkbox>
      {responses !== undefined && (
        <Row gutter={12} style={{ marginTop: 8 }}>
          {responseNumber('bottomShare', { min: 0, max: 1, step: 0.05 })}
          {responseNumber('minPeerGroupSize', { min: 1, step: 1 })}
          <Col span={8}>
            <Form.Item label={t('sys_includeVetoed')} htmlFor={id('includeVetoed')}>
              <Switch id={id('includeVetoed')} aria-label={t('sys_includeVetoed')} checked={responses.includeVetoed ?? true} onChange={(v) => setResponse({ includeVetoed: v })} />
            </Form.Item>
          </Col>
          {responseNumber('planDueDays', { min: 1, max: 366, step: 1 })}
          {responseNumber('optimisationDueDays', { min: 1, max: 366, step: 1 })}
          {responseNumber('reviewDueDays', { min: 1, max: 366, step: 1 })}
          <Col span={8}>
            <Form.Item label={t('sys_feedbackMinItems')} htmlFor={id('feedback-minItems')} validateStatus={status(at('responses.feedback.minItems'))} help={help(at('responses.feedback.minItems'))}>
              <InputNumber id={id('feedback-minItems')} min={1} step={1} style={{ width: '100%' }} value={responses.feedback?.minItems ?? DEFAULT_RESPONSES.feedback.minItems} onChange={(v) => setResponse({ feedback: { ...responses.feedback, minItems: v ?? undefined } })} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('sys_feedbackMinShare')} htmlFor={id('feedback-minShare')} validateStatus={status(at('responses.feedback.minShare'))} help={help(at('responses.feedback.minShare'))}>
              <InputNumber id={id('feedback-minShare')} min={0} max={1} step={0.05} style={{ width: '100%' }} value={responses.feedback?.minShare ?? DEFAULT_RESPONSES.feedback.minShare} onChange={(v) => setResponse({ feedback: { ...responses.feedback, minShare: v ?? undefined } })} />
            </Form.Item>
          </Col>
        </Row>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('sys_catalogue')}</Typography.Title>
      <Checkbox checked={metrics !== undefined} onChange={(e) => (e.target.checked ? setMetrics(metricsUsed) : onChange({ metrics: undefined }))}>
        {t('sys_catalogueRestrict')}
      </Checkbox>
      {metrics !== undefined && (
        <Form.Item label={t('sys_catalogueMetrics')} htmlFor={id('metrics')} validateStatus={status(at('metrics'))} help={help(at('metrics'))} style={{ marginTop: 8 }}>
          <Select id={id('metrics')} aria-label={t('sys_catalogueMetrics')} mode="tags" value={Object.keys(metrics)} options={metricOptions} onChange={(v: string[]) => setMetrics(v)} />
        </Form.Item>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('sys_topWeighting')}</Typography.Title>
      {rootCr !== null && rootCr !== undefined && <Typography.Text type={rootCr < 0.1 ? 'success' : 'danger'} className="root-cr">{`${t('sys_groupCr')} ${rootCr.toFixed(4)}`}</Typography.Text>}
      <WeightingEditor
        idPrefix="sys-doc"
        label={t('sys_topWeighting')}
        weighting={draft.weighting as WeightingValue | undefined}
        childCodes={draft.indicators.map((n) => n.code)}
        disabled={disabled}
        status={status(weightingProblems)}
        help={help(weightingProblems)}
        onChange={(weighting) => onChange({ weighting })}
      />
    </Form>
  );
}
