// Editors for the structured parts of an indicator-system document: how a group weighs its children
// (with the AHP judgement matrix as a grid: the upper triangle is typed, the lower one follows as
// the reciprocal), a node's veto rules (一票否决) and the peer groups it applies to (适用范围).
import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useT, type MessageKey } from '../../i18n';

type Judgement = number | string;
export interface WeightingValue {
  method: string;
  ahp?: { judgements?: Judgement[][]; experts?: unknown; [field: string]: unknown };
  [field: string]: unknown;
}
export interface VetoRuleValue {
  when: string;
  action: 'zero' | 'cap' | 'downgrade';
  cap?: number;
  reason: { zh: string; en: string };
}

const WEIGHTING_METHODS = ['manual', 'equal', 'ahp', 'entropy', 'combined'] as const;
const JUDGEMENT = /^\s*\d+(\.\d+)?\s*(\/\s*\d+(\.\d+)?\s*)?$/;
/** The peer groups every deployment has (a unit's level); a document may name others. */
export const STANDARD_PEER_GROUPS = ['province', 'city', 'county'] as const;

/** The value of a judgement: 3, "1/3", "0.5". */
export function judgementValue(v: Judgement): number {
  if (typeof v === 'number') return v;
  const [p, q] = v.split('/').map((x) => Number(x.trim()));
  return q === undefined ? p! : p! / q;
}

/** The reciprocal judgement, written the way people write it: 3 ↔ "1/3", "2/3" ↔ "3/2". */
export function reciprocal(v: Judgement): Judgement {
  if (typeof v === 'string' && v.includes('/')) {
    const [p, q] = v.split('/').map((x) => x.trim());
    return p === '1' ? Number(q) : `${q}/${p}`;
  }
  const x = judgementValue(v);
  if (x === 1) return 1;
  return x > 1 && Number.isInteger(x) ? `1/${x}` : Math.round((1 / x) * 1e6) / 1e6;
}

/** A square matrix of size n keeping what fits of the old one; new judgements are 1 (equal importance). */
export function resizeMatrix(matrix: Judgement[][] | undefined, n: number): Judgement[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : (matrix?.[i]?.[j] ?? 1))));
}

function JudgementCell({ id, label, value, disabled, onChange }: { id: string; label: string; value: Judgement; disabled: boolean; onChange: (v: Judgement) => void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const valid = JUDGEMENT.test(text) && judgementValue(text.trim()) > 0;
  return (
    <Input
      id={id}
      aria-label={label}
      title={label}
      size="small"
      value={text}
      disabled={disabled}
      status={valid ? undefined : 'error'}
      style={{ width: 64, textAlign: 'center', fontFamily: 'monospace' }}
      onChange={(e) => {
        setText(e.target.value);
        const typed = e.target.value.trim();
        if (JUDGEMENT.test(typed) && judgementValue(typed) > 0) onChange(typed.includes('/') ? typed.replace(/\s+/g, '') : Number(typed));
      }}
    />
  );
}

/** The judgement matrix as a grid, rows and columns in the order of the children. */
export function JudgementGrid({ idPrefix, codes, matrix, disabled, onChange }: { idPrefix: string; codes: string[]; matrix: Judgement[][]; disabled: boolean; onChange: (m: Judgement[][]) => void }) {
  const t = useT();
  const n = codes.length;
  const fits = matrix.length === n && matrix.every((row) => row.length === n);
  return (
    <div className="judgement-grid">
      <Typography.Text type="secondary">{t('sys_judgementsGrid')}</Typography.Text>
      {!fits && (
        <div>
          <Button size="small" onClick={() => onChange(resizeMatrix(matrix, n))} disabled={disabled}>
            {`${n}×${n}`}
          </Button>
        </div>
      )}
      {fits && (
        <table style={{ borderCollapse: 'collapse', marginTop: 4 }}>
          <thead>
            <tr>
              <th />
              {codes.map((c) => (
                <th key={c} scope="col" style={{ padding: '2px 6px', fontWeight: 500 }}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {codes.map((row, i) => (
              <tr key={row}>
                <th scope="row" style={{ padding: '2px 6px', fontWeight: 500, textAlign: 'left' }}>
                  {row}
                </th>
                {codes.map((col, j) => (
                  <td key={col} style={{ padding: 2, textAlign: 'center' }}>
                    {i < j ? (
                      <JudgementCell
                        id={`${idPrefix}-j-${i}-${j}`}
                        label={`${row} ${t('sys_vs')} ${col}`}
                        value={matrix[i]![j]!}
                        disabled={disabled}
                        onChange={(v) => {
                          const next = matrix.map((r) => [...r]);
                          next[i]![j] = v;
                          next[j]![i] = reciprocal(v);
                          onChange(next);
                        }}
                      />
                    ) : (
                      <span style={{ display: 'inline-block', width: 64, fontFamily: 'monospace', color: i === j ? undefined : 'rgba(128,128,128,0.9)' }}>{String(matrix[i]![j])}</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** How a group (or the system, for the top level) weighs its children. */
export function WeightingEditor({ idPrefix, label, weighting, childCodes, disabled, status, help, onChange }: {
  idPrefix: string;
  label: string;
  weighting: WeightingValue | undefined;
  childCodes: string[];
  disabled: boolean;
  status?: 'error' | undefined;
  help?: ReactNode;
  onChange: (weighting: WeightingValue | undefined) => void;
}) {
  const t = useT();
  const ahp = weighting?.ahp;
  return (
    <>
      <Form.Item label={label} htmlFor={`${idPrefix}-weighting`} validateStatus={status} help={help}>
        <Select
          id={`${idPrefix}-weighting`}
          aria-label={label}
          value={weighting?.method ?? ''}
          disabled={disabled}
          onChange={(method: string) =>
            onChange(method === '' ? undefined : method === 'ahp' || method === 'combined' ? { method, ahp: { judgements: resizeMatrix(ahp?.judgements, childCodes.length) } } : { method })
          }
          options={[{ value: '', label: t('sys_wm_default') }, ...WEIGHTING_METHODS.map((m) => ({ value: m, label: t(`sys_wm_${m}` as MessageKey) }))]}
        />
      </Form.Item>
      {ahp?.judgements && (
        <JudgementGrid
          idPrefix={idPrefix}
          codes={childCodes}
          matrix={ahp.judgements}
          disabled={disabled}
          onChange={(judgements) => onChange({ ...weighting!, ahp: { ...ahp, judgements } })}
        />
      )}
    </>
  );
}

/** A node's veto rules: condition, action (zero / cap / downgrade), cap, reason in both languages. */
export function VetoEditor({ idPrefix, rules, disabled, problemsOf, onChange }: {
  idPrefix: string;
  rules: VetoRuleValue[];
  disabled: boolean;
  problemsOf: (k: number) => string[];
  onChange: (rules: VetoRuleValue[] | undefined) => void;
}) {
  const t = useT();
  const set = (k: number, patch: Partial<VetoRuleValue>) => {
    const next = rules.map((r, i) => (i === k ? { ...r, ...patch } : r));
    if (next[k]!.action !== 'cap') delete next[k]!.cap;
    onChange(next);
  };
  return (
    <div className="veto-editor">
      <Typography.Text strong>{t('sys_vetoRules')}</Typography.Text>
      {rules.map((rule, k) => {
        const id = (f: string) => `${idPrefix}-veto-${k}-${f}`;
        const problems = problemsOf(k);
        return (
          <div key={k} className="veto-rule" style={{ border: '1px solid rgba(128,128,128,0.25)', borderRadius: 6, padding: '8px 8px 0', margin: '6px 0' }}>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item label={t('sys_vetoWhen')} htmlFor={id('when')} validateStatus={problems.length ? 'error' : undefined} help={problems.length ? <span className="field-problem">{problems.join('；')}</span> : undefined}>
                  <Input id={id('when')} value={rule.when} style={{ fontFamily: 'monospace' }} onChange={(e) => set(k, { when: e.target.value })} />
                </Form.Item>
              </Col>
              <Col span={7}>
                <Form.Item label={t('sys_vetoAction')} htmlFor={id('action')}>
                  <Select
                    id={id('action')}
                    aria-label={t('sys_vetoAction')}
                    value={rule.action}
                    onChange={(action: VetoRuleValue['action']) => set(k, action === 'cap' ? { action, cap: rule.cap ?? 59 } : { action })}
                    options={(['zero', 'cap', 'downgrade'] as const).map((a) => ({ value: a, label: t(`sys_va_${a}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col span={5}>
                {rule.action === 'cap' && (
                  <Form.Item label={t('sys_vetoCap')} htmlFor={id('cap')}>
                    <InputNumber id={id('cap')} min={0} max={100} style={{ width: '100%' }} value={rule.cap ?? null} onChange={(v) => set(k, { cap: v ?? 0 })} />
                  </Form.Item>
                )}
              </Col>
              <Col span={10}>
                <Form.Item label={t('sys_vetoReasonZh')} htmlFor={id('reason-zh')}>
                  <Input id={id('reason-zh')} value={rule.reason.zh} onChange={(e) => set(k, { reason: { ...rule.reason, zh: e.target.value } })} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item label={t('sys_vetoReasonEn')} htmlFor={id('reason-en')}>
                  <Input id={id('reason-en')} value={rule.reason.en} onChange={(e) => set(k, { reason: { ...rule.reason, en: e.target.value } })} />
                </Form.Item>
              </Col>
              <Col span={4} style={{ display: 'flex', alignItems: 'center' }}>
                <Button danger size="small" aria-label={`${t('sys_removeVeto')} ${k + 1}`} onClick={() => onChange(rules.length > 1 ? rules.filter((_, i) => i !== k) : undefined)}>
                  {t('sys_remove')}
                </Button>
              </Col>
            </Row>
          </div>
        );
      })}
      <Space style={{ display: 'flex', marginTop: 4, marginBottom: 12 }}>
        <Button size="small" disabled={disabled} onClick={() => onChange([...rules, { when: '', action: 'zero', reason: { zh: '', en: '' } }])}>
          {t('sys_addVeto')}
        </Button>
      </Space>
    </div>
  );
}

/** The peer groups a node applies to; empty means all. Known groups offered, new ones typed. */
export function AppliesToSelect({ id, value, known, onChange }: { id: string; value: string[] | undefined; known: string[]; onChange: (v: string[] | undefined) => void }) {
  const t = useT();
  const standard = new Set<string>(STANDARD_PEER_GROUPS);
  const options = [...new Set([...STANDARD_PEER_GROUPS, ...known, ...(value ?? [])])].map((g) => ({ value: g, label: standard.has(g) ? `${t(`sys_pg_${g}` as MessageKey)}（${g}）` : g }));
  return (
    <Form.Item label={t('sys_appliesTo')} htmlFor={id} extra={t('sys_appliesToHint')}>
      <Select id={id} aria-label={t('sys_appliesTo')} mode="tags" value={value ?? []} options={options} onChange={(v: string[]) => onChange(v.length ? v : undefined)} />
    </Form.Item>
  );
}
