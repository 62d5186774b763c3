// Delphi consultations on weights (德尔菲法专家咨询, issue 5 §4; docs/weights.md §1).
//
// An organiser (weights.consult) opens a consultation on 2–15 criteria — the children of one node
// of an indicator system, or a free list with zh/en names — for an org unit in their area, and
// invites experts: enabled staff of the organiser's area or of the levels above it who may judge
// (weights.judge) and whose own area contains that unit (the picker of experts.ts lists those).
// Round 1 opens at once. In an open round each invited expert keeps one pairwise matrix on Saaty's
// 1–9 scale (reciprocal; resubmitted freely until the round closes) and sees its own CR. Closing a
// round stores the group result: the geometric-mean matrix, its weights and CR, each expert's
// weights and CR, and each judgement's dispersion (dispersion.ts). The next round shows experts
// that result and the judgements with high dispersion; the dispersion per round is the
// convergence. Experts see one another only as 专家 1…K (Delphi anonymity); organisers see names.
// Every change is audited in the same transaction.
import { randomUUID } from 'node:crypto';
import { AppError, type LocalizedText } from '@govperf/contracts';
import { ahp, combineExperts, parseMatrix, saatyScaleNearest, WeightsInputError, type AhpInconsistency } from '@govperf/engine';
import type { DB, DelphiConsultationsTable, DelphiCriterion } from '@govperf/storage';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { loadIndicatorSystem } from '../evaluation/systems';
import { auditActor, can, isWithinArea, requireWithinArea, type Actor } from '../identity/actor';
import { ROLE_PERMISSIONS } from '../identity/permissions';
import { fieldError, parseInput } from '../validation';
import { judgementDispersion, meanDispersion, type JudgementDispersion } from './dispersion';

/** Rounds beyond this are refused: a panel that has not converged by then needs a meeting. */
export const MAX_DELPHI_ROUNDS = 10;

const Name = z.string().trim().min(1, 'a name is required').max(100, 'at most 100 characters');
export const DelphiCreateSchema = z
  .strictObject({
    title: z.string().trim().min(2, 'a title of at least 2 characters is required').max(200, 'at most 200 characters'),
    orgUnit: z.string().min(1).max(32).optional(),
    system: z.string().min(1).max(64).optional(),
    node: z.string().min(1).max(64).optional(),
    criteria: z
      .array(z.strictObject({ code: z.string().trim().min(1, 'a code is required').max(64), name: z.strictObject({ zh: Name, en: Name }) }))
      .min(2, 'at least two criteria')
      .max(15, 'at most 15 criteria')
      .optional(),
    experts: z.array(z.string().trim().min(1).max(64)).min(1, 'invite at least one expert').max(50, 'at most 50 experts'),
  })
  .refine((r) => (r.criteria === undefined) !== (r.system === undefined), { message: 'send either criteria or system (with node)', path: ['criteria'] })
  .refine((r) => r.node === undefined || r.system !== undefined, { message: 'node needs a system', path: ['node'] });

export const DelphiJudgementSchema = z.strictObject({
  matrix: z.array(z.array(z.union([z.number(), z.string().max(16)])).min(2).max(15)).min(2, 'at least two criteria').max(15, 'at most 15 criteria'),
});

export interface DelphiExpertResult {
  /** The user name for organisers; 专家 k / Expert k for everyone else. */
  expert: string;
  weights: number[];
  cr: number;
  consistent: boolean;
}

export interface DelphiRoundResult {
  experts: number;
  matrix: number[][];
  weights: number[];
  lambdaMax: number;
  cr: number;
  consistent: boolean;
  inconsistencies: AhpInconsistency[];
  dispersion: JudgementDispersion[];
  /** Geometric mean of the judgements' GSDs: the panel's overall disagreement (1 = none). */
  meanGsd: number;
  highCount: number;
  expertResults: DelphiExpertResult[];
}

export interface DelphiRoundView {
  round: number;
  openedAt: string;
  closedAt: string | null;
  submissions: { expert: string; submittedAt: string; cr: number }[];
  result: DelphiRoundResult | null;
}

export interface DelphiSummary {
  id: string;
  title: string;
  orgUnit: string;
  system: string | null;
  node: string | null;
  criteria: DelphiCriterion[];
  experts: string[];
  round: number;
  roundOpen: boolean;
  createdBy: string;
  createdAt: string;
  /** Whether the caller is an invited expert. */
  invited: boolean;
}

export interface DelphiView extends DelphiSummary {
  rounds: DelphiRoundView[];
  /** The caller's own matrix in the current round, with its CR and weights. */
  mine: { matrix: number[][]; weights: number[]; cr: number; consistent: boolean; inconsistencies: AhpInconsistency[]; submittedAt: string } | null;
  /** In an open round after the first: the previous round's high-dispersion judgements, with the caller's own earlier answer. */
  reconsider: { row: number; col: number; group: number; gsd: number; yours: number | null }[];
  /** Per closed round: the panel's dispersion (going down = converging) and the group CR. */
  convergence: { round: number; meanGsd: number; maxGsd: number; highCount: number; cr: number; experts: number }[];
}

const notFound = (id: string) => new AppError('not_found', { message: { zh: `专家咨询 ${id} 不存在`, en: `consultation ${id} not found` } });
const conflict = (reason: string, message: LocalizedText) => new AppError('conflict', { message, details: { reason } });

function summary(row: Selectable<DelphiConsultationsTable>, actor: Actor): DelphiSummary {
  const experts = row.experts ?? [];
  return {
    id: row.id,
    title: row.title,
    orgUnit: row.org_unit,
    system: row.system_code,
    node: row.node,
    criteria: row.criteria,
    experts: can(actor, 'weights.consult') ? experts : experts.filter((e) => e === actor.id),
    round: row.current_round,
    roundOpen: row.round_open,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    invited: experts.includes(actor.id),
  };
}

/** The consultation if it lies in the caller's subtree; otherwise it does not exist for them. */
async function visible(db: Kysely<DB>, actor: Actor, id: string): Promise<Selectable<DelphiConsultationsTable>> {
  const row = await db.selectFrom('delphi_consultations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !(await isWithinArea(db, actor.area, row.org_unit))) throw notFound(id);
  return row;
}

/** Criteria from the children of a node of the latest version of a system ('$root': the first level). */
async function criteriaOfNode(db: Kysely<DB>, systemCode: string, nodeCode: string): Promise<DelphiCriterion[]> {
  const { compiled } = await loadIndicatorSystem(db, systemCode);
  const index = compiled.byCode.get(nodeCode);
  if (index === undefined) throw fieldError(['node'], { zh: `指标体系 ${systemCode} 中没有指标 ${nodeCode}`, en: `indicator system ${systemCode} has no indicator ${nodeCode}` });
  const node = compiled.nodes[index]!;
  if (node.children.length < 2) throw fieldError(['node'], { zh: `指标 ${nodeCode} 的下级指标不足两项，无需两两比较`, en: `indicator ${nodeCode} has fewer than two children: there is nothing to compare` });
  if (node.children.length > 15) throw fieldError(['node'], { zh: `指标 ${nodeCode} 的下级指标超过 15 项`, en: `indicator ${nodeCode} has more than 15 children` });
  return node.children.map((c) => ({ code: compiled.nodes[c]!.code, name: { zh: compiled.nodes[c]!.name.zh, en: compiled.nodes[c]!.name.en } }));
}

export async function createConsultation(db: Kysely<DB>, actor: Actor, input: unknown, now = new Date()): Promise<DelphiView> {
  const request = parseInput(DelphiCreateSchema, input);
  const orgUnit = request.orgUnit ?? (actor.area === '*' ? undefined : actor.area);
  if (!orgUnit) throw fieldError(['orgUnit'], { zh: '请指明咨询所属单位', en: 'name the org unit the consultation belongs to' });
  await requireWithinArea(db, actor, orgUnit, 'orgUnit');
  const node = request.system ? (request.node ?? '$root') : null;
  const criteria = request.system ? await criteriaOfNode(db, request.system, node!) : request.criteria!;
  const codes = new Set<string>();
  criteria.forEach((c, k) => {
    if (codes.has(c.code)) throw fieldError(['criteria', k, 'code'], { zh: `准则代码 ${c.code} 重复`, en: `criterion code ${c.code} is repeated` });
    codes.add(c.code);
  });
  const experts = [...new Set(request.experts)];
  const users = await db.selectFrom('users').select(['username', 'role', 'org_unit_code', 'disabled_at']).where('username', 'in', experts).execute();
  for (const name of experts) {
    const user = users.find((u) => u.username === name);
    const path = ['experts', request.experts.indexOf(name)];
    if (!user || user.disabled_at !== null) throw fieldError(path, { zh: `用户 ${name} 不存在或已停用`, en: `user ${name} does not exist or is disabled` });
    if (!ROLE_PERMISSIONS[user.role].includes('weights.judge')) throw fieldError(path, { zh: `用户 ${name} 的角色不能参与专家打分`, en: `user ${name} has a role that may not judge weights` });
    // Organisers invite the staff of their own area or of the levels above it (a city may consult the
    // province's expert pool), never a sibling's: the expert picker lists exactly these.
    if (!(await isWithinArea(db, actor.area, user.org_unit_code)) && !(await isWithinArea(db, user.org_unit_code, actor.area === '*' ? user.org_unit_code : actor.area))) {
      throw fieldError(path, { zh: `专家 ${name} 不在您的管辖范围或上级单位内`, en: `expert ${name} is neither in your area (${actor.area}) nor at a level above it` });
    }
    // The expert must be able to see what they judge: their area contains the consultation's unit.
    if (!(await isWithinArea(db, user.org_unit_code, orgUnit))) throw fieldError(path, { zh: `专家 ${name} 的管辖范围不包含 ${orgUnit}`, en: `expert ${name} works outside ${orgUnit}: their area must contain it` });
  }
  const id = `dc_${randomUUID()}`;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('delphi_consultations')
      .values({ id, title: request.title, org_unit: orgUnit, system_code: request.system ?? null, node, criteria: JSON.stringify(criteria), experts: JSON.stringify(experts), created_by: actor.id, created_at: now })
      .execute();
    await trx.insertInto('delphi_rounds').values({ consultation_id: id, round: 1, opened_by: actor.id, opened_at: now }).execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'weights.delphi_create', entityType: 'delphi_consultation', entityId: id, orgUnit, details: { title: request.title, system: request.system ?? null, node, criteria: criteria.map((c) => c.code), experts } });
  });
  return getConsultation(db, actor, id);
}

export async function listConsultations(db: Kysely<DB>, actor: Actor): Promise<DelphiSummary[]> {
  let query = db.selectFrom('delphi_consultations').selectAll();
  if (actor.area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  return (await query.orderBy('created_at', 'desc').orderBy('id').limit(500).execute()).map((r) => summary(r, actor));
}

/** Judgements above the diagonal must be on Saaty's scale: 1–9 or their reciprocals. */
function saatyMatrix(raw: unknown, n: number): number[][] {
  let matrix: number[][];
  try {
    matrix = parseMatrix(raw, 'matrix');
  } catch (error) {
    if (error instanceof WeightsInputError) throw fieldError(['matrix'], { zh: `判断矩阵有误：${error.message}`, en: error.message });
    throw error;
  }
  if (matrix.length !== n) throw fieldError(['matrix'], { zh: `本次咨询有 ${n} 项准则，判断矩阵应为 ${n} × ${n}`, en: `the consultation has ${n} criteria: the matrix must be ${n} × ${n}` });
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = matrix[i]![j]!;
      const nearest = saatyScaleNearest(v);
      if (Math.abs(v - nearest) / nearest > 1e-6) {
        throw fieldError(['matrix', i, j], { zh: `判断值 ${v} 不在 1–9 标度上（可用 1–9 或 1/2–1/9）`, en: `judgement ${v} is not on Saaty's 1–9 scale (use 1–9 or 1/2–1/9)` });
      }
      matrix[i]![j] = nearest;
      matrix[j]![i] = 1 / nearest;
    }
  }
  return matrix;
}

export async function submitJudgement(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date()): Promise<DelphiView> {
  const found = await visible(db, actor, id);
  const request = parseInput(DelphiJudgementSchema, input);
  if (!(found.experts ?? []).includes(actor.id)) throw new AppError('forbidden', { message: { zh: '您不在本次咨询的专家名单中', en: 'you are not among the experts invited to this consultation' }, details: { reason: 'not_invited' } });
  const matrix = saatyMatrix(request.matrix, found.criteria.length);
  const result = ahp(matrix);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('delphi_consultations').select(['current_round', 'round_open', 'org_unit']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (!row.round_open) throw conflict('round_closed', { zh: `第 ${row.current_round} 轮已结束，请等待下一轮`, en: `round ${row.current_round} is closed; wait for the next round` });
    const previous = await trx.selectFrom('delphi_judgements').select('expert').where('consultation_id', '=', id).where('round', '=', row.current_round).where('expert', '=', actor.id).executeTakeFirst();
    await trx
      .insertInto('delphi_judgements')
      .values({ consultation_id: id, round: row.current_round, expert: actor.id, matrix: JSON.stringify(matrix), cr: result.cr, submitted_at: now })
      .onConflict((oc) => oc.columns(['consultation_id', 'round', 'expert']).doUpdateSet({ matrix: JSON.stringify(matrix), cr: result.cr, submitted_at: now }))
      .execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'weights.delphi_judgement', entityType: 'delphi_consultation', entityId: id, orgUnit: row.org_unit, details: { round: row.current_round, cr: result.cr, resubmitted: previous !== undefined } });
  });
  return getConsultation(db, actor, id);
}

/** The group result of a round's matrices (K ≥ 1), experts in the given order. */
export function roundResult(experts: readonly string[], matrices: number[][][]): DelphiRoundResult {
  const group = ahp(combineExperts(matrices));
  const dispersion = judgementDispersion(matrices);
  return {
    experts: matrices.length,
    matrix: combineExperts(matrices),
    weights: group.weights,
    lambdaMax: group.lambdaMax,
    cr: group.cr,
    consistent: group.consistent,
    inconsistencies: group.inconsistencies,
    dispersion,
    meanGsd: meanDispersion(dispersion),
    highCount: dispersion.filter((d) => d.high).length,
    expertResults: matrices.map((m, k) => {
      const own = ahp(m);
      return { expert: experts[k]!, weights: own.weights, cr: own.cr, consistent: own.consistent };
    }),
  };
}

export async function closeRound(db: Kysely<DB>, actor: Actor, id: string, now = new Date()): Promise<DelphiView> {
  await visible(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('delphi_consultations').select(['current_round', 'round_open', 'org_unit']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (!row.round_open) throw conflict('round_closed', { zh: `第 ${row.current_round} 轮已经结束`, en: `round ${row.current_round} is already closed` });
    const judgements = await trx.selectFrom('delphi_judgements').select(['expert', 'matrix']).where('consultation_id', '=', id).where('round', '=', row.current_round).orderBy('expert').execute();
    if (judgements.length === 0) throw conflict('no_judgements', { zh: `第 ${row.current_round} 轮还没有专家提交判断矩阵`, en: `no expert has submitted a matrix in round ${row.current_round} yet` });
    const result = roundResult(judgements.map((j) => j.expert), judgements.map((j) => j.matrix));
    await trx.updateTable('delphi_rounds').set({ closed_by: actor.id, closed_at: now, result: JSON.stringify(result) }).where('consultation_id', '=', id).where('round', '=', row.current_round).execute();
    await trx.updateTable('delphi_consultations').set({ round_open: false }).where('id', '=', id).execute();
    await appendAudit(trx, {
      ...auditActor(actor), action: 'weights.delphi_close_round', entityType: 'delphi_consultation', entityId: id, orgUnit: row.org_unit,
      details: { round: row.current_round, experts: result.experts, cr: result.cr, meanGsd: result.meanGsd, highDispersion: result.highCount, weights: result.weights },
    });
  });
  return getConsultation(db, actor, id);
}

export async function openNextRound(db: Kysely<DB>, actor: Actor, id: string, now = new Date()): Promise<DelphiView> {
  await visible(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('delphi_consultations').select(['current_round', 'round_open', 'org_unit']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.round_open) throw conflict('round_open', { zh: `第 ${row.current_round} 轮尚未结束，请先结束本轮`, en: `round ${row.current_round} is still open: close it first` });
    if (row.current_round >= MAX_DELPHI_ROUNDS) throw conflict('too_many_rounds', { zh: `咨询最多进行 ${MAX_DELPHI_ROUNDS} 轮`, en: `a consultation has at most ${MAX_DELPHI_ROUNDS} rounds` });
    const next = row.current_round + 1;
    await trx.insertInto('delphi_rounds').values({ consultation_id: id, round: next, opened_by: actor.id, opened_at: now }).execute();
    await trx.updateTable('delphi_consultations').set({ current_round: next, round_open: true }).where('id', '=', id).execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'weights.delphi_open_round', entityType: 'delphi_consultation', entityId: id, orgUnit: row.org_unit, details: { round: next } });
  });
  return getConsultation(db, actor, id);
}

export async function getConsultation(db: Kysely<DB>, actor: Actor, id: string): Promise<DelphiView> {
  const row = await visible(db, actor, id);
  const organiser = can(actor, 'weights.consult');
  const rounds = await db.selectFrom('delphi_rounds').selectAll().where('consultation_id', '=', id).orderBy('round').execute();
  const judgements = await db.selectFrom('delphi_judgements').select(['round', 'expert', 'matrix', 'cr', 'submitted_at']).where('consultation_id', '=', id).orderBy('round').orderBy('expert').execute();
  // Anonymity: experts see one another as 专家 k, numbered in the invitation order.
  const order = row.experts ?? [];
  const label = (name: string) => (organiser || name === actor.id ? name : `专家 ${order.indexOf(name) + 1} / Expert ${order.indexOf(name) + 1}`);
  const roundViews: DelphiRoundView[] = rounds.map((r) => {
    const result = r.result as DelphiRoundResult | null;
    return {
      round: r.round,
      openedAt: new Date(r.opened_at).toISOString(),
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      submissions: judgements.filter((j) => j.round === r.round).map((j) => ({ expert: label(j.expert), submittedAt: new Date(j.submitted_at).toISOString(), cr: j.cr })),
      result: result ? { ...result, expertResults: result.expertResults.map((e) => ({ ...e, expert: label(e.expert) })) } : null,
    };
  });
  const own = judgements.find((j) => j.round === row.current_round && j.expert === actor.id);
  const ownResult = own ? ahp(own.matrix) : null;
  const previous = row.round_open && row.current_round > 1 ? roundViews.find((r) => r.round === row.current_round - 1)?.result ?? null : null;
  const previousOwn = judgements.find((j) => j.round === row.current_round - 1 && j.expert === actor.id);
  return {
    ...summary(row, actor),
    rounds: roundViews,
    mine: own && ownResult ? { matrix: own.matrix, weights: ownResult.weights, cr: ownResult.cr, consistent: ownResult.consistent, inconsistencies: ownResult.inconsistencies, submittedAt: new Date(own.submitted_at).toISOString() } : null,
    reconsider: previous
      ? previous.dispersion.filter((d) => d.high).map((d) => ({ row: d.row, col: d.col, group: d.group, gsd: d.gsd, yours: previousOwn ? previousOwn.matrix[d.row]![d.col]! : null }))
      : [],
    convergence: roundViews
      .filter((r) => r.result)
      .map((r) => ({ round: r.round, meanGsd: r.result!.meanGsd, maxGsd: Math.max(1, ...r.result!.dispersion.map((d) => d.gsd)), highCount: r.result!.highCount, cr: r.result!.cr, experts: r.result!.experts })),
  };
}
