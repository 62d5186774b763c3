// Two stored runs side by side: per unit the composite score, rank and grade in each and the
// change; per indicator the average score in each and how many units rose or fell. Runs are
// comparable when they evaluate the same indicator system (code); a different version of it is
// allowed with a warning, since indicators, weights or scoring may have changed between them.
// Both runs must be visible to the caller, by the same rule as reading one (getEvaluationRun).
// Grades come with their display names, from each run's own system version (a grade code may be
// named differently, or not exist, in the other version).
import { AppError, type LocalizedText } from '@govperf/contracts';
import type { EvaluationResult, UnitResult } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { getEvaluationRun, type RunSummary } from './runs';
import { loadIndicatorSystem } from './systems';

export interface UnitStanding {
  score: number | null;
  rank: number | null;
  grade: string | null;
  /** The grade's display name in that run's system version (优秀 / Excellent …). */
  gradeName: LocalizedText | null;
}

/** A grade band of either run's system version, highest first. */
export interface GradeView {
  code: string;
  name: LocalizedText;
  min: number;
}

export interface UnitComparison {
  unit: string;
  name: string | null;
  peerGroup: string;
  base: UnitStanding | null;
  other: UnitStanding | null;
  /** other − base; null when either side has no score. */
  scoreChange: number | null;
  /** base rank − other rank: positive means the unit moved up. */
  rankChange: number | null;
  gradeChanged: boolean;
}

export interface IndicatorComparison {
  code: string;
  name: LocalizedText | null;
  depth: number;
  /** Mean indicator score over the units scored in that run. */
  baseAverage: number | null;
  otherAverage: number | null;
  change: number | null;
  /** Units scored in both runs whose indicator score rose, fell. */
  improved: number;
  declined: number;
}

export interface RunComparison {
  base: RunSummary;
  other: RunSummary;
  /** Same system code and version. */
  sameVersion: boolean;
  warnings: LocalizedText[];
  /** The grades of the other run's system version, then any of the base's it lacks: a legend, best first. */
  grades: GradeView[];
  units: UnitComparison[];
  indicators: IndicatorComparison[];
}

/** Below this, a score difference is rounding noise, not a change. */
const EPSILON = 1e-9;

const standing = (u: UnitResult | undefined, grades: ReadonlyMap<string, GradeView>): UnitStanding | null =>
  u ? { score: u.scoreRounded ?? u.score, rank: u.rank, grade: u.grade, gradeName: u.grade === null ? null : (grades.get(u.grade)?.name ?? u.gradeName ?? null) } : null;

async function gradesOf(db: Kysely<DB>, system: { code: string; version: string }): Promise<Map<string, GradeView>> {
  const { compiled } = await loadIndicatorSystem(db, system.code, system.version);
  return new Map(compiled.source.grades.map((g) => [g.code, { code: g.code, name: g.name, min: g.min }]));
}
const round = (x: number) => Math.round(x * 10_000) / 10_000;

function mean(values: readonly number[]): number | null {
  return values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

export async function compareRuns(db: Kysely<DB>, baseId: string, otherId: string, callerArea: string): Promise<RunComparison> {
  if (baseId === otherId) throw new AppError('validation_failed', { message: { zh: '请选择两次不同的评估运行', en: 'choose two different runs' }, details: [{ path: ['other'], message: 'same as base' }] });
  const { result: baseResult, ...baseRun } = await getEvaluationRun(db, baseId, callerArea);
  const { result: otherResult, ...otherRun } = await getEvaluationRun(db, otherId, callerArea);
  if (baseRun.system.code !== otherRun.system.code) {
    throw new AppError('validation_failed', {
      message: { zh: `两次评估使用不同的指标体系（${baseRun.system.code} 与 ${otherRun.system.code}），不可比较`, en: `the runs use different indicator systems (${baseRun.system.code} and ${otherRun.system.code}) and cannot be compared` },
      details: [{ path: ['other'], message: 'different indicator system' }],
    });
  }
  if (baseRun.status !== 'succeeded' || !baseResult || otherRun.status !== 'succeeded' || !otherResult) {
    throw new AppError('conflict', { message: { zh: '只能比较已完成的评估运行', en: 'only finished runs can be compared' } });
  }
  const warnings: LocalizedText[] = [];
  const sameVersion = baseRun.system.version === otherRun.system.version;
  if (!sameVersion) {
    warnings.push({
      zh: `两次评估的指标体系版本不同（${baseRun.system.version} → ${otherRun.system.version}），指标、权重或评分方法可能已调整，变化不全是绩效变化`,
      en: `the runs use different versions of the system (${baseRun.system.version} → ${otherRun.system.version}); indicators, weights or scoring may have changed, so not every change is a change in performance`,
    });
  }
  if (baseRun.scope !== otherRun.scope) {
    warnings.push({ zh: `两次评估的范围不同（${baseRun.scope} 与 ${otherRun.scope}），只有共同的单位可比`, en: `the runs cover different scopes (${baseRun.scope} and ${otherRun.scope}); only the units in both compare` });
  }

  const baseGrades = await gradesOf(db, baseRun.system);
  const otherGrades = await gradesOf(db, otherRun.system);
  const grades = [...otherGrades.values(), ...[...baseGrades.values()].filter((g) => !otherGrades.has(g.code))];

  const baseUnits = new Map((baseResult as EvaluationResult).units.map((u) => [u.unit, u]));
  const otherUnits = new Map((otherResult as EvaluationResult).units.map((u) => [u.unit, u]));
  const codes = [...new Set([...baseUnits.keys(), ...otherUnits.keys()])];
  const units: UnitComparison[] = codes.map((code) => {
    const b = baseUnits.get(code);
    const o = otherUnits.get(code);
    const base = standing(b, baseGrades);
    const other = standing(o, otherGrades);
    return {
      unit: code,
      name: o?.name ?? b?.name ?? null,
      peerGroup: o?.peerGroup ?? b!.peerGroup,
      base,
      other,
      scoreChange: base?.score != null && other?.score != null ? round(other.score - base.score) : null,
      rankChange: base?.rank != null && other?.rank != null ? base.rank - other.rank : null,
      gradeChanged: (base?.grade ?? null) !== (other?.grade ?? null),
    };
  });
  units.sort((a, b) => (a.peerGroup < b.peerGroup ? -1 : a.peerGroup > b.peerGroup ? 1 : (a.other?.rank ?? Infinity) - (b.other?.rank ?? Infinity) || (a.unit < b.unit ? -1 : 1)));

  const names = new Map<string, { name: LocalizedText; depth: number }>();
  for (const i of baseRun.system.indicators) names.set(i.code, { name: i.name, depth: i.depth });
  for (const i of otherRun.system.indicators) names.set(i.code, { name: i.name, depth: i.depth });
  const scoresOf = (units: Map<string, UnitResult>) => {
    const byIndicator = new Map<string, Map<string, number>>();
    for (const u of units.values()) {
      for (const i of u.indicators) {
        if (i.score === null) continue;
        let m = byIndicator.get(i.code);
        if (!m) byIndicator.set(i.code, (m = new Map()));
        m.set(u.unit, i.score);
      }
    }
    return byIndicator;
  };
  const baseScores = scoresOf(baseUnits);
  const otherScores = scoresOf(otherUnits);
  const indicatorCodes = [...new Set([...names.keys(), ...baseScores.keys(), ...otherScores.keys()])];
  const indicators: IndicatorComparison[] = indicatorCodes.map((code) => {
    const b = baseScores.get(code) ?? new Map<string, number>();
    const o = otherScores.get(code) ?? new Map<string, number>();
    const baseAverage = mean([...b.values()]);
    const otherAverage = mean([...o.values()]);
    let improved = 0;
    let declined = 0;
    for (const [unit, score] of o) {
      const before = b.get(unit);
      if (before === undefined) continue;
      if (score - before > EPSILON) improved++;
      else if (before - score > EPSILON) declined++;
    }
    const meta = names.get(code);
    return { code, name: meta?.name ?? null, depth: meta?.depth ?? 0, baseAverage, otherAverage, change: baseAverage !== null && otherAverage !== null ? round(otherAverage - baseAverage) : null, improved, declined };
  });

  return { base: stripSystem(baseRun), other: stripSystem(otherRun), sameVersion, warnings, grades, units, indicators };
}

function stripSystem(run: RunSummary & { system: RunSummary['system'] & object }): RunSummary {
  return { ...run, system: { code: run.system.code, version: run.system.version, hash: run.system.hash } };
}
