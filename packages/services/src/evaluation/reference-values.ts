// Reference values (issue 5 §2): published benchmarks of an indicator in a period — the national
// average (全国平均) first — on the indicator's raw scale, each with the citation of its source.
// They are shown beside a unit's result and never enter scoring, weighting or ranking.
//
// Import: rows (CSV or JSON, header names below) are checked one by one — the indicator must be a
// leaf of the system (only leaves have a raw value), the period a month/quarter/year, the value a
// finite number, labels and source present — and stored keyed by system, indicator, period and
// reference code. The same row again is `unchanged`; a changed value, label or source replaces
// the stored one (`updated`). Every import that changes something is one audit entry.
//
// Scores (what the radar draws): the radar plots scores (0–100), not raw values. A reference
// value is scored as if it were one more member of the unit's peer group: the leaf's own scoring
// method, direction and target, with the peer group's stored statistics of the run (min, max,
// mean, sd) for the relative methods — scoreValue of the engine, the same function the run used.
// A group indicator's reference score is the weighted mean of its children's reference scores,
// with the weights the peer group gave those children in the run, renormalised over the children
// that have a reference (a missing reference is left out, never counted as 0). An axis without
// any reference below it has no reference score (null): nothing is invented.
import { AppError, PeriodSchema, type LocalizedText } from '@govperf/contracts';
import { scoreValue, type CompiledSystem } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { auditActor, type Actor } from '../identity/actor';
import { getEvaluationRun, type RunAccess, type WithheldFigures } from './runs';
import { loadIndicatorSystem } from './systems';

/** The columns of an import file (CSV header or JSON keys); `reference` defaults to national-average. */
export const REFERENCE_COLUMNS = ['indicator', 'period', 'reference', 'label_zh', 'label_en', 'value', 'source'] as const;
export const NATIONAL_AVERAGE = 'national-average';
const MAX_ROWS = 10_000;

const number = z.union([z.number(), z.string().trim().min(1, 'value is required').transform((s) => Number(s.replace(/,/g, '')))]).refine((n) => Number.isFinite(n), 'value must be a finite number');
const text = (field: string, max: number) => z.string({ error: `${field} is required` }).trim().min(1, `${field} is required`).max(max, `${field} is at most ${max} characters`);

const ReferenceRowSchema = z.object({
  indicator: text('indicator', 64),
  period: PeriodSchema,
  reference: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'reference is a lower-case code such as national-average')
    .optional()
    .transform((r) => r || NATIONAL_AVERAGE),
  label_zh: text('label_zh', 100),
  label_en: text('label_en', 100),
  value: number,
  source: text('source', 500),
});

export interface ReferenceImportRow {
  record: Record<string, unknown>;
  /** The row number to report (header = 1); defaults to the data row's position + 1. */
  line?: number;
}

export interface ReferenceImportResult {
  system: string;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; field: string; reason: string }[];
}

export interface ReferenceValueView {
  system: string;
  indicator: string;
  period: string;
  reference: string;
  label: LocalizedText;
  value: number;
  source: string;
  importedAt: string;
  importedBy: string;
}

/** Leaf indicators of any stored version of the system (a reference may outlive a version). */
async function leafIndicators(db: Kysely<DB>, system: string): Promise<Set<string>> {
  const versions = await db.selectFrom('indicator_systems').select('version').where('code', '=', system).execute();
  if (!versions.length) throw new AppError('not_found', { message: { zh: `指标体系 ${system} 不存在`, en: `indicator system ${system} does not exist` } });
  const leaves = new Set<string>();
  for (const { version } of versions) {
    const { compiled } = await loadIndicatorSystem(db, system, version);
    for (const node of compiled.nodes) if (node.leaf && node.depth > 0) leaves.add(node.code);
  }
  return leaves;
}

export async function importReferenceValues(db: Kysely<DB>, actor: Actor, system: string, rows: Iterable<ReferenceImportRow> | AsyncIterable<ReferenceImportRow>, now: Date = new Date()): Promise<ReferenceImportResult> {
  const leaves = await leafIndicators(db, system);
  const result: ReferenceImportResult = { system, accepted: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const seen = new Map<string, number>();
  const valid: { row: number; data: z.infer<typeof ReferenceRowSchema> }[] = [];
  let position = 0;
  for await (const input of rows) {
    position++;
    const row = input.line ?? position + 1;
    if (position > MAX_ROWS) throw new AppError('validation_failed', { message: { zh: `一次最多导入 ${MAX_ROWS} 行`, en: `at most ${MAX_ROWS} rows per import` } });
    const parsed = ReferenceRowSchema.safeParse(input.record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.rejected.push({ row, field: issue.path.join('.') || 'row', reason: issue.message });
      continue;
    }
    const data = parsed.data;
    if (!leaves.has(data.indicator)) {
      result.rejected.push({ row, field: 'indicator', reason: `${data.indicator} is not a leaf indicator of ${system} (only leaves have a raw value)` });
      continue;
    }
    const key = `${data.indicator}|${data.period}|${data.reference}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      result.rejected.push({ row, field: 'indicator', reason: `same indicator, period and reference as row ${earlier}` });
      continue;
    }
    seen.set(key, row);
    valid.push({ row, data });
  }
  await db.transaction().execute(async (trx) => {
    for (const { data } of valid) {
      const stored = await trx
        .selectFrom('reference_values')
        .select(['value', 'label_zh', 'label_en', 'source'])
        .where('system_code', '=', system)
        .where('indicator_code', '=', data.indicator)
        .where('period', '=', data.period)
        .where('reference', '=', data.reference)
        .executeTakeFirst();
      result.accepted++;
      if (stored && Number(stored.value) === data.value && stored.label_zh === data.label_zh && stored.label_en === data.label_en && stored.source === data.source) {
        result.unchanged++;
        continue;
      }
      const values = { value: data.value, label_zh: data.label_zh, label_en: data.label_en, source: data.source, imported_at: now, imported_by: actor.id };
      if (stored) {
        await trx.updateTable('reference_values').set(values).where('system_code', '=', system).where('indicator_code', '=', data.indicator).where('period', '=', data.period).where('reference', '=', data.reference).execute();
        result.updated++;
      } else {
        await trx.insertInto('reference_values').values({ system_code: system, indicator_code: data.indicator, period: data.period, reference: data.reference, ...values }).execute();
        result.created++;
      }
    }
    if (result.created || result.updated) {
      await appendAudit(trx, {
        ...auditActor(actor),
        action: 'reference.import',
        entityType: 'reference_values',
        entityId: system,
        details: { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected.length, periods: [...new Set(valid.map((v) => v.data.period))].sort() },
      });
    }
  });
  return result;
}

export async function listReferenceValues(db: Kysely<DB>, filter: { system: string; period?: string | undefined }): Promise<ReferenceValueView[]> {
  let query = db.selectFrom('reference_values').selectAll().where('system_code', '=', filter.system);
  if (filter.period) query = query.where('period', '=', filter.period);
  const rows = await query.orderBy('period').orderBy('reference').orderBy('indicator_code').execute();
  return rows.map((r) => ({
    system: r.system_code,
    indicator: r.indicator_code,
    period: r.period,
    reference: r.reference,
    label: { zh: r.label_zh, en: r.label_en },
    value: Number(r.value),
    source: r.source,
    importedAt: new Date(r.imported_at).toISOString(),
    importedBy: r.imported_by,
  }));
}

/** One reference in a run's peer group: raw values of the leaves, and scores of every indicator it reaches. */
export interface ReferenceScores {
  reference: string;
  label: LocalizedText;
  /** The distinct citations of its values. */
  sources: string[];
  values: Record<string, number>;
  scores: Record<string, number | null>;
}

type PeerGroupOfRun = Awaited<ReturnType<typeof getEvaluationRun>>['result']['peerGroups'][number];

/** Scores a reference's leaf values in a peer group and rolls them up (see the header). */
export function scoreReference(compiled: CompiledSystem, group: PeerGroupOfRun, values: Record<string, number>): Record<string, number | null> {
  const scores: Record<string, number | null> = {};
  // Children come after their parent in the node list: walk it backwards so children are done first.
  for (const node of [...compiled.nodes].reverse()) {
    if (node.depth === 0) continue;
    if (node.leaf) {
      const value = values[node.code];
      const applicable = node.code in group.indicators;
      const stats = group.indicators[node.code]?.stats ?? undefined;
      // Relative methods need the group's statistics; withheld from this caller (too few other
      // units, decision 0008), they would be given away by the reference's score: no score.
      const relative = node.scoring?.method === 'minmax' || node.scoring?.method === 'zscore';
      scores[node.code] = value === undefined || !applicable || !node.scoring || (relative && !stats) ? null : scoreValue(value, node.scoring, node.direction, node.target, stats).score;
      continue;
    }
    const weights = group.weights[node.code] ?? {};
    let total = 0;
    let weighted = 0;
    for (const child of node.children) {
      const code = compiled.nodes[child]!.code;
      const score = scores[code];
      const weight = weights[code];
      if (score === null || score === undefined || weight === undefined) continue;
      total += weight;
      weighted += weight * score;
    }
    scores[node.code] = total > 0 ? weighted / total : null;
  }
  return scores;
}

/** The references of a run's period, scored in one of its peer groups (visibility as for the run). */
export async function referenceScoresOfRun(
  db: Kysely<DB>,
  runId: string,
  peerGroup: string,
  callerArea: string,
  minPeerGroup?: number,
): Promise<{ run: string; period: string; peerGroup: string; access: RunAccess; references: ReferenceScores[]; withheld?: WithheldFigures }> {
  const run = await getEvaluationRun(db, runId, callerArea, minPeerGroup);
  const group = run.result.peerGroups.find((g) => g.code === peerGroup);
  if (!group) {
    throw new AppError('validation_failed', {
      message: { zh: `同组 ${peerGroup} 不在该评估运行中`, en: `peer group ${peerGroup} is not in the run` },
      details: [{ path: ['peerGroup'], message: 'not a peer group of the run' }],
    });
  }
  const { compiled } = await loadIndicatorSystem(db, run.system.code, run.system.version);
  const stored = await listReferenceValues(db, { system: run.system.code, period: run.period });
  const byReference = new Map<string, ReferenceValueView[]>();
  for (const value of stored) byReference.set(value.reference, [...(byReference.get(value.reference) ?? []), value]);
  const references = [...byReference.entries()].map(([reference, rows]) => {
    const values = Object.fromEntries(rows.map((r) => [r.indicator, r.value]));
    return { reference, label: rows[0]!.label, sources: [...new Set(rows.map((r) => r.source))], values, scores: scoreReference(compiled, group, values) };
  });
  return { run: run.id, period: run.period, peerGroup, access: run.access, references, ...(group.suppressed ? { withheld: group.suppressed } : {}) };
}
