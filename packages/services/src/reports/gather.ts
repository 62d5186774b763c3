// Drafting a monthly report (月报) or annual white paper (白皮书) from published evaluation runs.
// Only published runs count (a report is a publication), and every figure is aggregated in SQL
// from the stored per-unit and per-indicator results — facts are never read here.
import { AppError } from '@govperf/contracts';
import type { CompiledSystem } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { loadIndicatorSystem } from '../evaluation/systems';
import { requirePermission, requireWithinArea, type Actor } from '../identity/actor';
import { ledgerSummary } from '../rectification/tasks';
import { REPORT_DRAFT_FORMAT, type FeedbackTagCount, type RectificationSummary, type ReportCell, type ReportDraft, type ReportExtras, type ReportSection, type ReportTable, type ReportText } from './model';
import { draftSuggestions, withUnit, type WeakIndicator } from './suggestions';

/** Rows of a table, and bars of a chart, beyond which the report shows the head (and tail). */
const MAX_RED_ROWS = 40;
const MAX_BARS = 30;
const MAX_TREND_PERIODS = 12;

interface RunRow {
  id: string;
  system_code: string;
  system_version: string;
  period: string;
  scope_org_unit: string;
  published_at: Date;
  depth: number;
}

type PeriodKind = 'month' | 'quarter' | 'year';
const kindOf = (period: string): PeriodKind => (period.length === 4 ? 'year' : period[5] === 'Q' ? 'quarter' : 'month');
const KIND_TEXT: Record<PeriodKind, ReportText> = { month: { zh: '月度', en: 'monthly' }, quarter: { zh: '季度', en: 'quarterly' }, year: { zh: '年度', en: 'annual' } };

export function previousPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  const kind = kindOf(period);
  if (kind === 'year') return String(year - 1);
  if (kind === 'quarter') {
    const q = Number(period[6]);
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  const m = Number(period.slice(5, 7));
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
const round2 = (n: number | null | undefined): number | null => (n === null || n === undefined || !Number.isFinite(Number(n)) ? null : Math.round(Number(n) * 100) / 100);

const PEER_GROUP_TEXT: Record<string, ReportText> = {
  country: { zh: '国家级', en: 'National' },
  province: { zh: '省级', en: 'Provincial' },
  city: { zh: '设区市', en: 'Cities' },
  county: { zh: '县（市、区）', en: 'Counties and districts' },
  township: { zh: '乡镇（街道）', en: 'Townships and sub-districts' },
  all: { zh: '全部单位', en: 'All units' },
};
const peerGroupText = (code: string): ReportText => PEER_GROUP_TEXT[code] ?? { zh: code, en: code };
/** Peer groups from the top of the tree down (the usual order of a report), other groups after them by code. */
const GROUP_ORDER = Object.keys(PEER_GROUP_TEXT);
const byGroupOrder = (a: string, b: string) => {
  const ia = GROUP_ORDER.indexOf(a) === -1 ? GROUP_ORDER.length : GROUP_ORDER.indexOf(a);
  const ib = GROUP_ORDER.indexOf(b) === -1 ? GROUP_ORDER.length : GROUP_ORDER.indexOf(b);
  return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
};


/** Published, successful runs whose scope contains `scope` (closest scope first via `depth`). */
async function coveringRuns(db: Kysely<DB>, scope: string, periods: (q: string) => boolean, system: string | undefined): Promise<RunRow[]> {
  let query = db
    .selectFrom('evaluation_runs as r')
    .innerJoin('org_unit_closure as c', 'c.ancestor_code', 'r.scope_org_unit')
    .select(['r.id', 'r.system_code', 'r.system_version', 'r.period', 'r.scope_org_unit', 'r.published_at', 'c.depth'])
    .where('c.descendant_code', '=', scope)
    .where('r.published_at', 'is not', null)
    .where('r.status', '=', 'succeeded');
  if (system) query = query.where('r.system_code', '=', system);
  // Run metadata only (a few rows per period); the period filter is easier to say in code.
  const rows = (await query.execute()) as RunRow[];
  return rows.filter((r) => periods(r.period)).map((r) => ({ ...r, depth: Number(r.depth), published_at: new Date(r.published_at) }));
}

/** Of several published runs for one period (a correction publishes again), the latest. */
function latestPerPeriod(runs: readonly RunRow[]): RunRow[] {
  const byPeriod = new Map<string, RunRow>();
  for (const r of runs) {
    const seen = byPeriod.get(r.period);
    if (!seen || r.published_at > seen.published_at || (r.published_at.getTime() === seen.published_at.getTime() && r.id > seen.id)) byPeriod.set(r.period, r);
  }
  return [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

async function resolveScope(db: Kysely<DB>, actor: Actor, wanted: string | undefined): Promise<{ code: string; name: string }> {
  requirePermission(actor, 'evaluation.read');
  let code = wanted ?? (actor.area === '*' ? undefined : actor.area);
  code ??= (await db.selectFrom('org_units').select('code').where('parent_code', 'is', null).orderBy('code').executeTakeFirst())?.code;
  if (!code) throw new AppError('not_found', { message: { zh: '数据库中还没有行政区划', en: 'the database has no org units yet' } });
  const unit = await db.selectFrom('org_units').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
  if (!unit) throw new AppError('not_found', { message: { zh: `单位 ${code} 不存在`, en: `org unit ${code} does not exist` }, details: { field: 'scope', orgUnit: code } });
  await requireWithinArea(db, actor, code, 'scope');
  return unit;
}

interface UnitRow {
  unit: string;
  name: string;
  peerGroup: string;
  score: number | null;
  grade: string | null;
  rank: number | null;
}

/** Competition ranks ("1224") of scores rounded to 2 decimals, highest first. */
function competitionRanks(rows: UnitRow[]): void {
  const byGroup = new Map<string, UnitRow[]>();
  for (const r of rows) byGroup.set(r.peerGroup, [...(byGroup.get(r.peerGroup) ?? []), r]);
  for (const group of byGroup.values()) {
    for (const r of group) r.rank = r.score === null ? null : 1 + group.filter((o) => o.score !== null && o.score > r.score!).length;
  }
}

const gradeOf = (compiled: CompiledSystem, score: number | null): string | null => (score === null ? null : (compiled.source.grades.find((g) => score >= g.min)?.code ?? null));

/**
 * Each unit of the subtree with its score over `runs`: the published score, grade and rank for
 * one run; for several, the mean score, the grade of the mean and the rank by it within the subtree.
 */
async function unitScores(db: Kysely<DB>, runs: readonly RunRow[], scope: string, compiled: CompiledSystem): Promise<UnitRow[]> {
  if (runs.length === 0) return [];
  const rows = await db
    .selectFrom('evaluation_unit_results as u')
    .innerJoin('org_units as o', 'o.code', 'u.unit')
    .select((eb) => [
      'u.unit',
      'o.name',
      'u.peer_group',
      eb.fn.avg<number | string | null>('u.score_rounded').as('score'),
      eb.fn.max('u.grade').as('grade'),
      eb.fn.max('u.rank').as('rank'),
    ])
    .where('u.run_id', 'in', runs.map((r) => r.id))
    .where('u.unit', 'in', (eb) => eb.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', scope))
    .groupBy(['u.unit', 'o.name', 'u.peer_group'])
    .execute();
  const out: UnitRow[] = rows.map((r) => ({ unit: r.unit, name: r.name, peerGroup: r.peer_group, score: round2(r.score === null ? null : Number(r.score)), grade: r.grade, rank: r.rank === null ? null : Number(r.rank) }));
  if (runs.length > 1) {
    for (const r of out) r.grade = gradeOf(compiled, r.score);
    competitionRanks(out);
  }
  return out.sort((a, b) => (a.peerGroup < b.peerGroup ? -1 : a.peerGroup > b.peerGroup ? 1 : 0) || (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.unit < b.unit ? -1 : 1));
}

interface IndicatorStat {
  indicator: string;
  avgScore: number | null;
  reds: number;
  scored: number;
}

/** Per leaf indicator over the subtree and runs: mean score, red lights, units with a score. */
async function indicatorStats(db: Kysely<DB>, runIds: readonly string[], scope: string, leaves: readonly string[]): Promise<IndicatorStat[]> {
  if (runIds.length === 0 || leaves.length === 0) return [];
  const rows = await db
    .selectFrom('evaluation_indicator_results as i')
    .select((eb) => [
      'i.indicator',
      eb.fn.avg<number | string | null>('i.score').as('avg_score'),
      sql<number | string>`count(*) filter (where i.light = 'red')`.as('reds'),
      eb.fn.count<number | string>('i.score').as('scored'),
    ])
    .where('i.run_id', 'in', [...runIds])
    .where('i.indicator', 'in', [...leaves])
    .where('i.unit', 'in', (eb) => eb.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', scope))
    .groupBy('i.indicator')
    .execute();
  return rows.map((r) => ({ indicator: r.indicator, avgScore: round2(r.avg_score === null ? null : Number(r.avg_score)), reds: Number(r.reds), scored: Number(r.scored) }));
}

interface RedRow {
  unit: string;
  name: string;
  indicator: string;
  times: number;
  value: number | null;
  score: number | null;
}

/** Unit × indicator pairs with a red light, most often red first; `total` counts them all. */
async function redLights(db: Kysely<DB>, runIds: readonly string[], scope: string, indicators?: readonly string[]): Promise<{ rows: RedRow[]; total: number }> {
  if (runIds.length === 0) return { rows: [], total: 0 };
  let base = db
    .selectFrom('evaluation_indicator_results as i')
    .innerJoin('org_units as o', 'o.code', 'i.unit')
    .where('i.run_id', 'in', [...runIds])
    .where('i.light', '=', 'red')
    .where('i.unit', 'in', (eb) => eb.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', scope));
  if (indicators) base = base.where('i.indicator', 'in', indicators.length ? [...indicators] : ['']);
  const grouped = base
    .select((eb) => ['i.unit', 'o.name', 'i.indicator', eb.fn.countAll<number | string>().as('times'), eb.fn.avg<number | string | null>('i.value').as('value'), eb.fn.avg<number | string | null>('i.score').as('score')])
    .groupBy(['i.unit', 'o.name', 'i.indicator']);
  const [rows, total] = await Promise.all([
    grouped.orderBy('times', 'desc').orderBy('score', 'asc').orderBy('i.indicator').orderBy('i.unit').limit(indicators ? 1000 : MAX_RED_ROWS).execute(),
    db.selectFrom(grouped.as('g')).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ unit: r.unit, name: r.name, indicator: r.indicator, times: Number(r.times), value: round2(r.value === null ? null : Number(r.value)), score: round2(r.score === null ? null : Number(r.score)) })),
    total: Number(total.n),
  };
}

/** Mean score per period and peer group over `runs` (the trend). */
async function trend(db: Kysely<DB>, runs: readonly RunRow[], scope: string): Promise<{ period: string; peerGroup: string; average: number | null }[]> {
  if (runs.length === 0) return [];
  const rows = await db
    .selectFrom('evaluation_unit_results as u')
    .innerJoin('evaluation_runs as r', 'r.id', 'u.run_id')
    .select((eb) => ['r.period', 'u.peer_group', eb.fn.avg<number | string | null>('u.score_rounded').as('average')])
    .where('u.run_id', 'in', runs.map((r) => r.id))
    .where('u.unit', 'in', (eb) => eb.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', scope))
    .groupBy(['r.period', 'u.peer_group'])
    .orderBy('r.period')
    .orderBy('u.peer_group')
    .execute();
  return rows.map((r) => ({ period: r.period, peerGroup: r.peer_group, average: round2(r.average === null ? null : Number(r.average)) }));
}

const section = (id: string, heading: ReportText, parts: Partial<Omit<ReportSection, 'id' | 'heading'>> = {}): ReportSection => ({
  id,
  heading,
  paragraphs: parts.paragraphs ?? [],
  tables: parts.tables ?? [],
  charts: parts.charts ?? [],
  subsections: parts.subsections ?? [],
});

const NO_DATA: ReportText = { zh: '暂无数据。', en: 'No data yet.' };

function rankChange(now: number | null, before: number | null | undefined): string {
  if (now === null) return '—';
  if (before === null || before === undefined) return '新 new';
  const d = before - now;
  return d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : '—';
}

const gradeText = (compiled: CompiledSystem, code: string | null): ReportCell => {
  if (code === null) return null;
  const g = compiled.source.grades.find((x) => x.code === code);
  return g ? { zh: g.name.zh, en: g.name.en } : code;
};

interface Basis {
  system: string;
  version: string;
  runScope: string;
  runs: RunRow[];
  previous: RunRow[];
  trendRuns: RunRow[];
  note: ReportText;
}

const fmtDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Picks the published run(s) for a month: the month's own, else its quarter's, else its year's. */
async function monthlyBasis(db: Kysely<DB>, scope: string, month: string, system: string | undefined): Promise<Basis> {
  const covering = [month, quarterOf(month), month.slice(0, 4)];
  const candidates = await coveringRuns(db, scope, (p) => covering.includes(p), system);
  if (candidates.length === 0) {
    throw new AppError('not_found', {
      message: {
        zh: `没有覆盖 ${month} 的已发布评估结果（${covering.join('、')}）${system ? `（指标体系 ${system}）` : ''}：请先评估并发布`,
        en: `no published evaluation run covers ${month} (${covering.join(', ')})${system ? ` for system ${system}` : ''}: evaluate and publish one first`,
      },
      details: { field: 'period', period: month },
    });
  }
  candidates.sort(
    (a, b) =>
      covering.indexOf(a.period) - covering.indexOf(b.period) ||
      (a.system_code < b.system_code ? -1 : a.system_code > b.system_code ? 1 : 0) ||
      a.depth - b.depth ||
      b.published_at.getTime() - a.published_at.getTime() ||
      (a.id < b.id ? 1 : -1),
  );
  const run = candidates[0]!;
  const kind = kindOf(run.period);
  const series = latestPerPeriod((await coveringRuns(db, run.scope_org_unit, (p) => kindOf(p) === kind && p <= run.period, run.system_code)).filter((r) => r.scope_org_unit === run.scope_org_unit));
  const previous = series.filter((r) => r.period === previousPeriod(run.period));
  const note: ReportText =
    kind === 'month'
      ? { zh: `本报告依据 ${run.period} 月度评估结果（${fmtDate(run.published_at)} 发布）。`, en: `This report is based on the published monthly evaluation of ${run.period} (published ${fmtDate(run.published_at)}).` }
      : {
          zh: `该指标体系按${KIND_TEXT[kind].zh}评估，${month} 没有单独的月度结果：本月报依据覆盖本月的 ${run.period} ${KIND_TEXT[kind].zh}评估结果（${fmtDate(run.published_at)} 发布），排名变化与上一${kind === 'quarter' ? '季度' : '年度'}（${previousPeriod(run.period)}）比较。`,
          en: `The system is evaluated per ${kind}, so ${month} has no monthly result of its own: this monthly report uses the published ${KIND_TEXT[kind].en} evaluation ${run.period} that covers the month (published ${fmtDate(run.published_at)}), and compares ranks with the previous ${kind} (${previousPeriod(run.period)}).`,
        };
  return { system: run.system_code, version: run.system_version, runScope: run.scope_org_unit, runs: [run], previous, trendRuns: series.slice(-MAX_TREND_PERIODS), note };
}

/** The runs of one year: its annual run, else its quarters (or months) — the finest complete kind. */
function yearRuns(all: readonly RunRow[], year: string, system: string, runScope: string): RunRow[] {
  const mine = all.filter((r) => r.system_code === system && r.scope_org_unit === runScope && r.period.startsWith(year));
  const annual = latestPerPeriod(mine.filter((r) => r.period === year));
  if (annual.length) return annual;
  const quarters = latestPerPeriod(mine.filter((r) => kindOf(r.period) === 'quarter'));
  return quarters.length ? quarters : latestPerPeriod(mine.filter((r) => kindOf(r.period) === 'month'));
}

async function annualBasis(db: Kysely<DB>, scope: string, year: string, system: string | undefined): Promise<Basis> {
  const prevYear = String(Number(year) - 1);
  const all = await coveringRuns(db, scope, (p) => p.startsWith(year) || p.startsWith(prevYear), system);
  const inYear = all.filter((r) => r.period.startsWith(year));
  if (inYear.length === 0) {
    throw new AppError('not_found', {
      message: { zh: `${year} 年没有已发布的评估结果${system ? `（指标体系 ${system}）` : ''}：请先评估并发布`, en: `no published evaluation run in ${year}${system ? ` for system ${system}` : ''}: evaluate and publish one first` },
      details: { field: 'year', year },
    });
  }
  // The system with an annual run, else the one with the most published periods (ties: by code).
  const score = (code: string) => {
    const runs = inYear.filter((r) => r.system_code === code);
    return [runs.some((r) => r.period === year) ? 1 : 0, new Set(runs.map((r) => r.period)).size];
  };
  const systems = [...new Set(inYear.map((r) => r.system_code))].sort((a, b) => {
    const [ya, na] = score(a);
    const [yb, nb] = score(b);
    return yb! - ya! || nb! - na! || (a < b ? -1 : 1);
  });
  const chosen = systems[0]!;
  const runScope = inYear.filter((r) => r.system_code === chosen).sort((a, b) => a.depth - b.depth)[0]!.scope_org_unit;
  const runs = yearRuns(all, year, chosen, runScope);
  const kind = kindOf(runs[0]!.period);
  const previous = yearRuns(all, prevYear, chosen, runScope).filter((r) => kindOf(r.period) === kind);
  const latest = runs.reduce((a, b) => (b.published_at > a.published_at ? b : a));
  const note: ReportText =
    kind === 'year'
      ? { zh: `本白皮书依据 ${year} 年度评估结果（${fmtDate(latest.published_at)} 发布）。`, en: `This white paper is based on the published annual evaluation of ${year} (published ${fmtDate(latest.published_at)}).` }
      : {
          zh: `${year} 年没有年度评估结果：本白皮书依据该年已发布的 ${runs.length} 期${KIND_TEXT[kind].zh}评估结果（${runs.map((r) => r.period).join('、')}），得分取各期平均，等级按平均分划定，排名按平均分在本范围内排定${previous.length ? `，并与 ${prevYear} 年同口径比较` : ''}。`,
          en: `${year} has no annual evaluation: this white paper uses the year's ${runs.length} published ${KIND_TEXT[kind].en} evaluations (${runs.map((r) => r.period).join(', ')}); scores are their mean, grades follow the mean, and ranks are by the mean within this scope${previous.length ? `, compared with ${prevYear} on the same basis` : ''}.`,
        };
  const trendRuns = kind === 'year' ? latestPerPeriod((await coveringRuns(db, runScope, (p) => kindOf(p) === 'year' && p <= year, chosen)).filter((r) => r.scope_org_unit === runScope)) : runs;
  return { system: chosen, version: latest.system_version, runScope, runs, previous, trendRuns: trendRuns.slice(-MAX_TREND_PERIODS), note };
}

async function buildDraft(db: Kysely<DB>, kind: 'monthly' | 'annual', period: string, scope: { code: string; name: string }, basis: Basis, extras: ReportExtras): Promise<ReportDraft> {
  const { compiled } = await loadIndicatorSystem(db, basis.system, basis.version);
  const nodes = compiled.nodes.filter((n) => n.depth > 0);
  const leaves = nodes.filter((n) => n.leaf).map((n) => n.code);
  const node = (code: string) => nodes.find((n) => n.code === code);
  const indicatorName = (code: string): ReportText => {
    const n = node(code);
    return n ? { zh: n.name.zh, en: n.name.en } : { zh: code, en: code };
  };
  const runIds = basis.runs.map((r) => r.id);

  const [units, previousUnits, stats, reds, trendRows] = await Promise.all([
    unitScores(db, basis.runs, scope.code, compiled),
    unitScores(db, basis.previous, scope.code, compiled),
    indicatorStats(db, runIds, scope.code, leaves),
    redLights(db, runIds, scope.code),
    trend(db, basis.trendRuns, scope.code),
  ]);
  const previousRank = new Map(previousUnits.map((u) => [u.unit, u.rank]));
  const scored = units.filter((u) => u.score !== null);
  const average = scored.length ? round2(scored.reduce((s, u) => s + u.score!, 0) / scored.length) : null;
  const groups = [...new Set(units.map((u) => u.peerGroup))].sort(byGroupOrder);
  const multi = basis.runs.length > 1;
  const periodsText = basis.runs.map((r) => r.period).join(multi ? '、' : '');

  // 一、概况
  const gradeCounts = compiled.source.grades.map((g) => ({ grade: g, count: scored.filter((u) => u.grade === g.code).length }));
  const totalReds = stats.reduce((s, x) => s + x.reds, 0);
  const overview = section('overview', { zh: '总体情况', en: 'Overview' }, {
    paragraphs: [
      basis.note,
      {
        zh: `本期纳入评估单位 ${units.length} 个，其中有得分的 ${scored.length} 个，平均得分 ${average ?? '—'} 分；${gradeCounts.map((g) => `${g.grade.name.zh} ${g.count} 个`).join('，')}；红灯指标共 ${totalReds} 项次。`,
        en: `${units.length} units were evaluated, ${scored.length} of them with a score; the average score is ${average ?? '—'}. Grades: ${gradeCounts.map((g) => `${g.grade.name.en} ${g.count}`).join(', ')}. Red lights: ${totalReds}.`,
      },
    ],
    tables: [
      {
        id: 'overview-groups',
        caption: { zh: '各类单位得分概况', en: 'Scores by peer group' },
        columns: [{ zh: '单位类别', en: 'Peer group' }, { zh: '单位数', en: 'Units' }, { zh: '平均得分', en: 'Average score' }, { zh: '最高分', en: 'Highest' }, { zh: '最低分', en: 'Lowest' }],
        rows: groups.map((g) => {
          const s = scored.filter((u) => u.peerGroup === g).map((u) => u.score!);
          return [peerGroupText(g), units.filter((u) => u.peerGroup === g).length, s.length ? round2(s.reduce((a, b) => a + b, 0) / s.length) : null, s.length ? Math.max(...s) : null, s.length ? Math.min(...s) : null];
        }),
      },
    ],
  });

  // 二、排名
  const ranking = section('ranking', { zh: '综合得分排名', en: 'Rankings' }, {
    paragraphs: [
      multi
        ? { zh: `排名按 ${periodsText} 各期平均得分在本范围内排定；排名变化与上一年同口径比较（↑ 上升，↓ 下降）。`, en: `Ranks are by the mean score over ${basis.runs.map((r) => r.period).join(', ')} within this scope; changes compare with the previous year on the same basis (↑ up, ↓ down).` }
        : { zh: `排名为已发布评估结果中的名次（同类单位之间）；排名变化与上一期（${previousPeriod(basis.runs[0]!.period)}）比较（↑ 上升，↓ 下降）。`, en: `Ranks are as published (among peers); changes compare with the previous period (${previousPeriod(basis.runs[0]!.period)}) (↑ up, ↓ down).` },
    ],
    subsections: groups.map((g) => {
      const members = units.filter((u) => u.peerGroup === g);
      const ranked = members.filter((u) => u.score !== null);
      const shown = ranked.length > MAX_BARS ? [...ranked.slice(0, MAX_BARS / 2), ...ranked.slice(-MAX_BARS / 2)] : ranked;
      return section(`ranking-${g}`, peerGroupText(g), {
        tables: [
          {
            id: `ranking-${g}`,
            caption: { zh: `${peerGroupText(g).zh}得分排名`, en: `Ranking: ${peerGroupText(g).en}` },
            columns: [{ zh: '名次', en: 'Rank' }, { zh: '单位', en: 'Unit' }, { zh: '得分', en: 'Score' }, { zh: '等级', en: 'Grade' }, { zh: '排名变化', en: 'Change' }],
            rows: members.map((u) => [u.rank, u.name, u.score, gradeText(compiled, u.grade), rankChange(u.rank, previousRank.get(u.unit))]),
          },
        ],
        // A chart of one bar says nothing the table does not.
        charts: ranked.length > 1
          ? [
              {
                id: `ranking-chart-${g}`,
                kind: 'bar',
                title: ranked.length > MAX_BARS ? { zh: `${peerGroupText(g).zh}得分（前 ${MAX_BARS / 2} 名与后 ${MAX_BARS / 2} 名）`, en: `${peerGroupText(g).en}: scores (top and bottom ${MAX_BARS / 2})` } : { zh: `${peerGroupText(g).zh}得分`, en: `${peerGroupText(g).en}: scores` },
                categories: shown.map((u) => ({ zh: u.name })),
                series: [{ name: { zh: '得分', en: 'Score' }, data: shown.map((u) => u.score) }],
                unit: '分',
              },
            ]
          : [],
      });
    }),
  });

  // 三、等级分布
  const grades = section('grades', { zh: '等级分布', en: 'Grade distribution' }, {
    tables: [
      {
        id: 'grades',
        caption: { zh: '等级分布', en: 'Grade distribution' },
        columns: [{ zh: '等级', en: 'Grade' }, { zh: '分数线', en: 'Minimum score' }, { zh: '单位数', en: 'Units' }],
        rows: gradeCounts.map((g) => [{ zh: g.grade.name.zh, en: g.grade.name.en }, g.grade.min, g.count]),
      },
    ],
    charts: [
      {
        id: 'grades-chart',
        kind: 'pie',
        title: { zh: '等级分布', en: 'Grade distribution' },
        categories: gradeCounts.map((g) => ({ zh: g.grade.name.zh, en: g.grade.name.en })),
        series: [{ name: { zh: '单位数', en: 'Units' }, data: gradeCounts.map((g) => g.count) }],
      },
    ],
  });

  // 四、红灯指标
  const redTable: ReportTable = {
    id: 'red-indicators',
    caption: { zh: '红灯指标（单位 × 指标）', en: 'Red indicators (unit × indicator)' },
    columns: [
      { zh: '单位', en: 'Unit' },
      { zh: '指标', en: 'Indicator' },
      { zh: multi ? '亮红灯时的平均值' : '指标值', en: multi ? 'Mean value when red' : 'Value' },
      { zh: '目标值', en: 'Target' },
      { zh: '得分', en: 'Score' },
      { zh: '红灯期数', en: 'Periods red' },
    ],
    rows: reds.rows.map((r) => {
      const n = node(r.indicator);
      return [r.name, indicatorName(r.indicator), r.value === null ? null : withUnit(r.value, n?.unit), n?.target === undefined ? null : withUnit(n.target, n.unit), r.score, `${r.times}/${basis.runs.length}`];
    }),
    ...(reds.total > reds.rows.length ? { note: { zh: `共 ${reds.total} 项，仅列出最突出的 ${reds.rows.length} 项。`, en: `${reds.total} in all; the ${reds.rows.length} most pressing are listed.` } } : {}),
  };
  const red = section('red-indicators', { zh: '红灯指标', en: 'Red indicators' }, {
    paragraphs: reds.total === 0 ? [{ zh: '本期没有红灯指标。', en: 'No indicator is red in this period.' }] : [{ zh: `本期共有 ${reds.total} 个“单位 × 指标”亮红灯。`, en: `${reds.total} unit × indicator pairs are red.` }],
    tables: reds.total === 0 ? [] : [redTable],
  });

  // 五、趋势
  const periods = [...new Set(trendRows.map((r) => r.period))];
  const trendGroups = [...new Set(trendRows.map((r) => r.peerGroup))].sort(byGroupOrder);
  const at = (p: string, g: string) => trendRows.find((r) => r.period === p && r.peerGroup === g)?.average ?? null;
  const trendSection = section('trend', { zh: '得分趋势', en: 'Trend' }, {
    paragraphs:
      periods.length < 2
        ? [{ zh: `目前只有 ${periods.join('') || '本'} 一期已发布结果，暂无趋势可比。`, en: `Only ${periods.join('') || 'one'} period has been published so far: no trend yet.` }]
        : [{ zh: `已发布的 ${periods.length} 期（${periods[0]} 至 ${periods.at(-1)}）各类单位平均得分如下。`, en: `Average scores per peer group over the ${periods.length} published periods (${periods[0]} to ${periods.at(-1)}).` }],
    tables: [
      {
        id: 'trend',
        caption: { zh: '各期平均得分', en: 'Average score per period' },
        columns: [{ zh: '期别', en: 'Period' }, ...trendGroups.map(peerGroupText)],
        rows: periods.map((p) => [p, ...trendGroups.map((g) => at(p, g))]),
      },
    ],
    charts: periods.length
      ? [
          {
            id: 'trend-chart',
            kind: 'line',
            title: { zh: '平均得分趋势', en: 'Average score trend' },
            categories: periods.map((p) => ({ zh: p })),
            series: trendGroups.map((g) => ({ name: peerGroupText(g), data: periods.map((p) => at(p, g)) })),
            unit: '分',
          },
        ]
      : [],
  });

  const rectification = rectificationSection(extras.rectification);
  const feedback = feedbackSection(extras.feedbackTags);

  // The weakest indicators: most red lights, then the lowest mean score.
  const weakest = [...stats]
    .filter((s) => s.reds > 0 || (s.avgScore !== null && s.avgScore < 60))
    .sort((a, b) => b.reds - a.reds || (a.avgScore ?? 100) - (b.avgScore ?? 100) || (a.indicator < b.indicator ? -1 : 1))
    .slice(0, 3);
  const weakRed = await redLights(db, runIds, scope.code, weakest.map((w) => w.indicator));
  const weak: WeakIndicator[] = weakest.map((w) => ({
    code: w.indicator,
    name: indicatorName(w.indicator),
    averageScore: w.avgScore,
    reds: w.reds,
    units: w.scored,
    target: node(w.indicator)?.target ?? null,
    unit: node(w.indicator)?.unit ?? null,
    redUnits: weakRed.rows.filter((r) => r.indicator === w.indicator).slice(0, 5).map((r) => r.name),
  }));

  const name = scope.name;
  const title: ReportText =
    kind === 'monthly'
      ? { zh: `${name}数字政务服务绩效月报（${period.slice(0, 4)}年${Number(period.slice(5, 7))}月）`, en: `${name} digital government service performance: monthly report, ${period}` }
      : { zh: `${name}数字政务服务绩效白皮书（${period}年度）`, en: `${name} digital government service performance: white paper ${period}` };
  return {
    format: REPORT_DRAFT_FORMAT,
    kind,
    period,
    scope,
    generatedAt: (extras.now ?? new Date()).toISOString(),
    title,
    issuer: { zh: '（发布单位）绩效管理办公室', en: '(Issuing office) Performance Management Office' },
    system: { code: compiled.code, version: compiled.version, name: { zh: compiled.name.zh, en: compiled.name.en } },
    basis: { runs: basis.runs.map((r) => ({ id: r.id, period: r.period, publishedAt: r.published_at.toISOString() })), note: basis.note },
    sections: [overview, ranking, grades, red, trendSection, rectification, feedback],
    suggestions: draftSuggestions(weak, extras.feedbackTags ?? []),
  };
}

function rectificationSection(summary: RectificationSummary | undefined): ReportSection {
  const heading = { zh: '整改落实情况', en: 'Rectification' };
  if (!summary) return section('rectification', heading, { paragraphs: [{ zh: '暂无数据（整改台账尚无本期记录）。', en: 'No data yet (the rectification ledger has no entries for this period).' }] });
  const items = summary.items ?? [];
  return section('rectification', heading, {
    paragraphs: [
      {
        zh: `整改事项：在办 ${summary.open} 项，逾期 ${summary.overdue} 项，已销号 ${summary.closed} 项，重新打开 ${summary.reopened} 项。`,
        en: `Rectification items: ${summary.open} open, ${summary.overdue} overdue, ${summary.closed} closed, ${summary.reopened} reopened.`,
      },
    ],
    tables: items.length
      ? [
          {
            id: 'rectification',
            caption: { zh: '整改事项', en: 'Rectification items' },
            columns: [{ zh: '单位', en: 'Unit' }, { zh: '事项', en: 'Item' }, { zh: '指标', en: 'Indicator' }, { zh: '状态', en: 'Status' }, { zh: '期限', en: 'Due' }],
            rows: items.slice(0, MAX_RED_ROWS).map((i) => [i.unit, i.title, i.indicator ?? null, i.status, i.due ?? null]),
            ...(items.length > MAX_RED_ROWS ? { note: { zh: `共 ${items.length} 项，仅列出前 ${MAX_RED_ROWS} 项。`, en: `${items.length} in all; the first ${MAX_RED_ROWS} are listed.` } } : {}),
          },
        ]
      : [],
  });
}

function feedbackSection(tags: readonly FeedbackTagCount[] | undefined): ReportSection {
  const heading = { zh: '群众反馈热点', en: 'Top feedback topics' };
  if (!tags || tags.length === 0) return section('feedback', heading, { paragraphs: [NO_DATA] });
  const top = [...tags].sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1)).slice(0, 10);
  return section('feedback', heading, {
    tables: [
      {
        id: 'feedback-tags',
        caption: { zh: '反馈标签（按数量）', en: 'Feedback tags (by count)' },
        columns: [{ zh: '标签', en: 'Tag' }, { zh: '条数', en: 'Count' }],
        rows: top.map((t) => [{ zh: t.label_zh, ...(t.label_en ? { en: t.label_en } : {}) }, t.count]),
      },
    ],
  });
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The monthly report (月报) of `period` (YYYY-MM) for the actor's area or `extras.scope`. */
/** The rectification section reads the ledger itself unless the caller supplied its figures. */
async function withLedger(db: Kysely<DB>, scope: string, extras: ReportExtras): Promise<ReportExtras> {
  if (extras.rectification) return extras;
  const summary = await ledgerSummary(db, scope, extras.now ?? new Date());
  return summary.open + summary.closed === 0 ? extras : { ...extras, rectification: summary };
}

export async function draftMonthlyReport(db: Kysely<DB>, actor: Actor, period: string, extras: ReportExtras = {}): Promise<ReportDraft> {
  if (!MONTH.test(period)) throw new AppError('validation_failed', { message: { zh: `月份格式应为 YYYY-MM（如 2025-06），收到“${period}”`, en: `a month is YYYY-MM (e.g. 2025-06), got "${period}"` }, details: [{ path: ['period'], message: 'YYYY-MM' }] });
  const scope = await resolveScope(db, actor, extras.scope);
  return buildDraft(db, 'monthly', period, scope, await monthlyBasis(db, scope.code, period, extras.system), await withLedger(db, scope.code, extras));
}

/** The annual white paper (白皮书) of `year` for the actor's area or `extras.scope`. */
export async function draftAnnualReport(db: Kysely<DB>, actor: Actor, year: string | number, extras: ReportExtras = {}): Promise<ReportDraft> {
  const y = String(year);
  if (!/^\d{4}$/.test(y)) throw new AppError('validation_failed', { message: { zh: `年份格式应为 YYYY（如 2025），收到“${y}”`, en: `a year is YYYY (e.g. 2025), got "${y}"` }, details: [{ path: ['year'], message: 'YYYY' }] });
  const scope = await resolveScope(db, actor, extras.scope);
  return buildDraft(db, 'annual', y, scope, await annualBasis(db, scope.code, y, extras.system), await withLedger(db, scope.code, extras));
}
