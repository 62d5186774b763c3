// Responses to a published evaluation run (分级响应, docs/result-application.md §1):
//   level 1: the bottom share of a peer group, or a vetoed unit → a special rectification plan;
//   level 2: an indicator that misses its target → an optimisation item;
//   level 3: user feedback concentrated on one tag or service item → a user-representative review.
// Pure: the caller passes the run's results in and gets drafts back, for a person to confirm.
import { ResponseThresholdsSchema, type Direction, type LocalizedText, type ResponseThresholds, type ResponseThresholdsInput } from '@govperf/contracts';
import { roundHalfUp } from '../numeric';
import type { EvaluationResult } from '../evaluation/types';
import { ApplicationInputError, bottomOf, byCode, parsed, percent, shareCount } from './peer-share';

/** One unit's published result in the run. */
export interface ResponseUnit {
  unit: string;
  name?: string | null | undefined;
  peerGroup: string;
  /** The published (rounded) score; null when the unit had no data at all. */
  score: number | null;
  /** Rank within the peer group, 1 = best; null when unranked. */
  rank: number | null;
  vetoed: boolean;
}

/** One unit × indicator value in the run; null when there was no data. */
export interface ResponseIndicatorValue {
  unit: string;
  indicator: string;
  value: number | null;
  /** The indicator's 0–100 score, carried into the draft as the baseline. */
  score?: number | null | undefined;
}

/** What the indicator system says about an indicator; CompiledNode fits. */
export interface IndicatorTarget {
  code: string;
  name?: LocalizedText | undefined;
  direction: Direction;
  target?: number | undefined;
  /** The responsible office named in the system file, if any. */
  owner?: string | undefined;
}

/** Feedback counts of one unit in the period: per tag and per service item (事项编码), and the unit's total. */
export interface FeedbackConcentration {
  unit: string;
  total: number;
  byTag?: Readonly<Record<string, number>> | undefined;
  byItem?: Readonly<Record<string, number>> | undefined;
}

export interface ResponseInput {
  units: readonly ResponseUnit[];
  indicators: readonly ResponseIndicatorValue[];
  definitions: readonly IndicatorTarget[];
  feedback?: readonly FeedbackConcentration[] | undefined;
}

export type ResponseLevel = 1 | 2 | 3;
export type ResponseKind = 'special_plan' | 'optimisation' | 'user_review';

interface DraftBase {
  level: ResponseLevel;
  kind: ResponseKind;
  unit: string;
  /** Null for a level-3 draft of a unit that is not in the run. */
  peerGroup: string | null;
  /** Who must act: the evaluated unit. */
  owner: string;
  /** Calendar days from publication. */
  dueInDays: number;
  reason: LocalizedText;
}

export interface SpecialPlanDraft extends DraftBase {
  level: 1;
  kind: 'special_plan';
  /** Why: in the bottom share of its group, vetoed, or both. */
  grounds: Array<'bottom_share' | 'veto'>;
  score: number | null;
  rank: number | null;
  /** Ranked units in the peer group. */
  groupSize: number;
  /** ceil(groupSize × bottomShare), 0 when the group is below the minimum size. */
  quota: number;
}

export interface OptimisationDraft extends DraftBase {
  level: 2;
  kind: 'optimisation';
  indicator: string;
  value: number;
  /** The indicator's score in the run, when given: the baseline to re-measure against. */
  score: number | null;
  target: number;
  direction: Direction;
  /** How far from the target, on the bad side: always positive. */
  gap: number;
  indicatorOwner: string | null;
}

export interface UserReviewDraft extends DraftBase {
  level: 3;
  kind: 'user_review';
  tag?: string | undefined;
  itemCode?: string | undefined;
  count: number;
  total: number;
  share: number;
}

export type ResponseDraft = SpecialPlanDraft | OptimisationDraft | UserReviewDraft;

/** Relative slack when comparing with a target, as trafficLight does: 57/100*100 is 56.99999999999999. */
const SLACK = 1e-9;

const show = (n: number) => String(roundHalfUp(n, 4));

/** How far a value falls short of its target on the bad side (≤ 0: met). */
function shortfall(value: number, target: number, direction: Direction): number {
  return direction === 'benefit' ? target - value : value - target;
}

function specialPlans(units: readonly ResponseUnit[], t: ResponseThresholds): SpecialPlanDraft[] {
  const groups = new Map<string, ResponseUnit[]>();
  for (const u of units) {
    const members = groups.get(u.peerGroup);
    if (members) members.push(u);
    else groups.set(u.peerGroup, [u]);
  }
  const drafts: SpecialPlanDraft[] = [];
  for (const [group, members] of groups) {
    const ranked = members.filter((u) => u.rank !== null && u.score !== null).map((u) => ({ unit: u.unit, rank: u.rank! }));
    const n = ranked.length;
    // A group too small for a bottom share selects nobody by rank; a veto still counts.
    const quota = n >= t.minPeerGroupSize ? shareCount(n, t.bottomShare, 'ceil') : 0;
    const bottom = bottomOf(ranked, quota);
    for (const u of members) {
      const grounds: SpecialPlanDraft['grounds'] = [];
      if (bottom.has(u.unit)) grounds.push('bottom_share');
      if (t.includeVetoed && u.vetoed) grounds.push('veto');
      if (grounds.length === 0) continue;
      const zh: string[] = [];
      const en: string[] = [];
      if (grounds.includes('bottom_share')) {
        zh.push(`在同组（${group}）${n} 个参评单位中排名第 ${u.rank}，处于后 ${percent(t.bottomShare)}%（后 ${quota} 名）`);
        en.push(`ranked ${u.rank} of ${n} in peer group ${group}, in the bottom ${percent(t.bottomShare)}% (last ${quota})`);
      }
      if (grounds.includes('veto')) {
        zh.push('触发一票否决');
        en.push('a veto (一票否决) applied');
      }
      drafts.push({
        level: 1,
        kind: 'special_plan',
        unit: u.unit,
        peerGroup: group,
        owner: u.unit,
        dueInDays: t.planDueDays,
        grounds,
        score: u.score,
        rank: u.rank,
        groupSize: n,
        quota,
        reason: {
          zh: `${zh.join('；')}：须在 ${t.planDueDays} 日内提交专项整改方案`,
          en: `${en.join('; ')}: a special rectification plan is due within ${t.planDueDays} days`.replace(/^./, (c) => c.toUpperCase()),
        },
      });
    }
  }
  return drafts;
}

function optimisations(input: ResponseInput, groupOf: ReadonlyMap<string, string>, dueInDays: number): OptimisationDraft[] {
  const definitions = new Map(input.definitions.map((d) => [d.code, d]));
  const drafts: OptimisationDraft[] = [];
  for (const row of input.indicators) {
    const def = definitions.get(row.indicator);
    // No target, or no data: nothing to fall short of (a unit without data is not "below target").
    if (def?.target === undefined || row.value === null) continue;
    const gap = shortfall(row.value, def.target, def.direction);
    if (gap <= SLACK * Math.max(1, Math.abs(def.target))) continue;
    const name = def.name ?? { zh: def.code, en: def.code };
    const better = def.direction === 'benefit' ? { zh: '越高越好', en: 'higher is better' } : { zh: '越低越好', en: 'lower is better' };
    drafts.push({
      level: 2,
      kind: 'optimisation',
      unit: row.unit,
      peerGroup: groupOf.get(row.unit) ?? null,
      owner: row.unit,
      dueInDays,
      indicator: def.code,
      value: row.value,
      score: row.score ?? null,
      target: def.target,
      direction: def.direction,
      gap,
      indicatorOwner: def.owner ?? null,
      reason: {
        zh: `指标“${name.zh}”（${def.code}）实际值 ${show(row.value)}，未达到目标值 ${show(def.target)}（${better.zh}，差距 ${show(gap)}）：须在 ${dueInDays} 日内完成优化`,
        en: `Indicator "${name.en}" (${def.code}) is ${show(row.value)}, short of its target ${show(def.target)} (${better.en}; gap ${show(gap)}): optimisation due within ${dueInDays} days`,
      },
    });
  }
  return drafts;
}

function checkCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new ApplicationInputError(field, `a count must be a whole number ≥ 0, got ${value}`);
}

function reviews(feedback: readonly FeedbackConcentration[], groupOf: ReadonlyMap<string, string>, t: ResponseThresholds): UserReviewDraft[] {
  const drafts: UserReviewDraft[] = [];
  const seen = new Set<string>();
  feedback.forEach((f, i) => {
    if (seen.has(f.unit)) throw new ApplicationInputError(`feedback[${i}].unit`, `unit ${f.unit} is listed twice`);
    seen.add(f.unit);
    checkCount(`feedback[${i}].total`, f.total);
    // Share threshold as a count, rounded to 9 decimals: 0.3 × 10 is 3.0000000000000004 in binary.
    const needed = Math.max(t.feedback.minItems, roundHalfUp(t.feedback.minShare * f.total, 9));
    const dimensions = [
      ['byTag', f.byTag, { zh: '标签', en: 'tag' }],
      ['byItem', f.byItem, { zh: '服务事项', en: 'service item' }],
    ] as const;
    for (const [field, counts, label] of dimensions) {
      for (const [key, count] of Object.entries(counts ?? {})) {
        checkCount(`feedback[${i}].${field}.${key}`, count);
        if (count > f.total) throw new ApplicationInputError(`feedback[${i}].${field}.${key}`, `${count} is more than the unit's total ${f.total}`);
        if (f.total === 0 || count < needed) continue;
        const share = count / f.total;
        drafts.push({
          level: 3,
          kind: 'user_review',
          unit: f.unit,
          peerGroup: groupOf.get(f.unit) ?? null,
          owner: f.unit,
          dueInDays: t.reviewDueDays,
          ...(field === 'byTag' ? { tag: key } : { itemCode: key }),
          count,
          total: f.total,
          share,
          reason: {
            zh: `用户反馈集中于${label.zh}“${key}”：${count} 条，占本单位反馈 ${f.total} 条的 ${percent(share)}%：须在 ${t.reviewDueDays} 日内组织用户代表评议`,
            en: `User feedback concentrates on ${label.en} "${key}": ${count} of the unit's ${f.total} (${percent(share)}%): a user-representative review is due within ${t.reviewDueDays} days`,
          },
        });
      }
    }
  });
  return drafts;
}

/** Sort key after level and unit: the indicator, then tags before service items. */
function detail(d: ResponseDraft): string {
  if (d.kind === 'optimisation') return d.indicator;
  if (d.kind === 'user_review') return d.tag !== undefined ? `0${d.tag}` : `1${d.itemCode}`;
  return '';
}

/**
 * Drafts the responses to one published run. Rules (docs/result-application.md):
 * - level 1: in each peer group, n = units with a rank; when n ≥ minPeerGroupSize the bottom
 *   k = ceil(n × bottomShare) units are those with fewer than k ranked units strictly behind them
 *   (units tied at the boundary are all included); a vetoed unit is always included
 *   (includeVetoed). One draft per unit, listing its grounds.
 * - level 2: one draft per unit × indicator with a target whose value misses it on the bad side
 *   (benefit: below, cost: above); no value, no draft.
 * - level 3: one draft per tag or service item with count ≥ max(minItems, minShare × total).
 * Ordered by level, unit code, then indicator / tag / item code.
 */
export function draftResponses(input: ResponseInput, thresholds: ResponseThresholdsInput = {}): ResponseDraft[] {
  const t = parsed(ResponseThresholdsSchema.safeParse(thresholds), 'thresholds');
  const groupOf = new Map<string, string>();
  input.units.forEach((u, i) => {
    if (groupOf.has(u.unit)) throw new ApplicationInputError(`units[${i}].unit`, `unit ${u.unit} is listed twice`);
    if (u.rank !== null && (!Number.isInteger(u.rank) || u.rank < 1)) throw new ApplicationInputError(`units[${i}].rank`, `a rank is a whole number ≥ 1, got ${u.rank}`);
    groupOf.set(u.unit, u.peerGroup);
  });
  const drafts: ResponseDraft[] = [...specialPlans(input.units, t), ...optimisations(input, groupOf, t.optimisationDueDays), ...reviews(input.feedback ?? [], groupOf, t)];
  return drafts.sort((a, b) => a.level - b.level || byCode(a.unit, b.unit) || byCode(detail(a), detail(b)));
}

/** The response input of an evaluation result, with the system's indicator definitions (e.g. CompiledSystem.nodes). */
export function responseInputFromEvaluation(result: EvaluationResult, definitions: readonly IndicatorTarget[], feedback?: readonly FeedbackConcentration[]): ResponseInput {
  return {
    units: result.units.map((u) => ({ unit: u.unit, name: u.name, peerGroup: u.peerGroup, score: u.scoreRounded, rank: u.rank, vetoed: u.vetoed })),
    indicators: result.units.flatMap((u) => u.indicators.map((i) => ({ unit: u.unit, indicator: i.code, value: i.value, score: i.score }))),
    definitions,
    feedback,
  };
}
