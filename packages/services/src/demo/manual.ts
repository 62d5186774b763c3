// 人工填报 (manual submissions): every unit fills in the governance form for each month and each
// complete quarter of the window; a data operator verifies (人工核查) or rejects them. Rejected
// submissions are corrected and resubmitted; the newest ones may still be waiting for review.
import { MANUAL_FORM_ITEMS, periodRange, type ManualFormItem } from '@govperf/contracts';
import { FLAGS_CSV, HEAD, HOUR, type DemoContext } from './context';
import { date, dayOf, json, text, ts } from './csv';
import { clamp, pick, poisson, stream, unit } from './random';
import { REJECTION_REASONS } from './texts';

export const MANUAL_COLUMNS = [
  ...HEAD,
  'submission_id', 'form_item', 'org_unit', 'period', 'period_start', 'period_end', 'value', 'evidence', 'submitted_by', 'status',
  'verified_by', 'verified_at', 'rejection_reason',
] as const;

export const MANUAL_SOURCE = 'zj-manual-form';

/** Items only counties report (the city's and province's values are their counties' sum). */
const COUNTY_ONLY = new Set<ManualFormItem>(['villages_total', 'villages_on_egov_network', 'elder_population']);

interface Unit {
  code: string;
  name: string;
  key: number;
  /** Size factor of the unit's own systems and data. */
  size: number;
  effect: number;
  county: boolean;
  townships: number;
  population: number;
}

interface PeriodSpec {
  period: string;
  /** Month indices it covers (one for a month, three for a quarter). */
  months: number[];
  startMs: number;
  endMs: number;
}

/**
 * The periods of the forms: the window's 12 months, and every quarter and year that overlaps the
 * window and has ended by `now` (a form is filled in when its period closes). Months of a quarter
 * or year outside the window get values too (their index is negative).
 */
function manualPeriods(ctx: DemoContext): PeriodSpec[] {
  const first = ctx.timeline.months[0]!;
  const base = Number(first.period.slice(0, 4)) * 12 + first.calendarMonth - 1;
  const out: PeriodSpec[] = ctx.timeline.months.map((m) => ({ period: m.period, months: [m.index], startMs: m.startMs, endMs: m.endMs }));
  const add = (period: string, firstMonth: number, length: number) => {
    const r = periodRange(period);
    if (r.end.getTime() > ctx.now || r.end.getTime() <= ctx.timeline.windowStart || r.start.getTime() >= ctx.timeline.windowEnd) return;
    if (out.some((p) => p.period === period)) return;
    out.push({ period, months: Array.from({ length }, (_, k) => firstMonth + k - base), startMs: r.start.getTime(), endMs: r.end.getTime() });
  };
  const years = new Set(ctx.timeline.months.map((m) => Number(m.period.slice(0, 4))));
  for (const year of [...years].sort()) {
    for (let q = 1; q <= 4; q++) add(`${year}-Q${q}`, year * 12 + 3 * (q - 1), 3);
    add(String(year), year * 12, 12);
  }
  return out;
}

/** (total, part) of a stock pair at month m: the base grows slowly, the ratio improves. */
function stock(seed: number, u: Unit, item: number, m: number, base: number, ratio: number): [number, number] {
  const b = base * (0.85 + 0.3 * unit(seed, u.key, item, 1));
  const total = Math.max(1, Math.round(b * (1 + 0.004 * m)));
  const r = clamp(ratio + 0.012 * (m / 11) + 0.01 * (unit(seed, u.key, item, 2, m) - 0.5), 0, 1);
  return [total, Math.min(total, Math.round(total * r))];
}

/** A monthly flow (count) and the part of it meeting the condition. */
function flow(seed: number, u: Unit, item: number, m: number, mean: number, ratio: number): [number, number] {
  const rng = stream(seed, 0x8b01, u.key, item, m);
  const total = poisson(rng, mean);
  let part = 0;
  const r = clamp(ratio + 0.015 * (m / 11), 0, 1);
  for (let i = 0; i < total; i++) if (rng() < r) part++;
  return [total, part];
}

function values(ctx: DemoContext, u: Unit, months: number[]): Partial<Record<ManualFormItem, number>> {
  const s = ctx.seed;
  const last = months[months.length - 1]!;
  const e = u.effect;
  const S = u.size;
  const out: Partial<Record<ManualFormItem, number>> = {};
  const pair = (a: ManualFormItem, b: ManualFormItem, v: [number, number]) => {
    out[a] = v[0];
    out[b] = v[1];
  };
  const sumFlows = (item: number, mean: number, ratio: number): [number, number] =>
    months.map((m) => flow(s, u, item, m, mean, ratio)).reduce<[number, number]>((acc, v) => [acc[0] + v[0], acc[1] + v[1]], [0, 0]);

  pair('data_resources_total', 'data_resources_catalogued', stock(s, u, 1, last, 320 * S, clamp(0.955 + 0.03 * e, 0.75, 1)));
  pair('required_share_items', 'required_share_items_available', stock(s, u, 2, last, 110 * S, clamp(0.79 + 0.08 * e, 0.45, 0.99)));
  pair('open_data_resources_total', 'open_data_resources_catalogued', stock(s, u, 3, last, 140 * S, clamp(0.86 + 0.07 * e, 0.5, 1)));
  pair('systems_total', 'systems_mlps3_certified', stock(s, u, 4, last, 11 * S, clamp(0.965 + 0.045 * e, 0.7, 1)));
  out.compliance_checks = 40;
  out.compliance_checks_passed = Math.min(40, Math.round(40 * clamp(0.955 + 0.04 * e + 0.01 * (last / 11), 0.75, 1)));
  pair('sensitive_fields_total', 'sensitive_fields_masked', stock(s, u, 5, last, 560 * S, clamp(0.94 + 0.05 * e, 0.7, 1)));
  if (u.county) {
    const villages = Math.max(8, u.townships * 14);
    out.villages_total = villages;
    out.villages_on_egov_network = Math.min(villages, Math.round(villages * clamp(0.975 + 0.02 * e + 0.01 * (last / 11), 0.85, 1)));
    out.elder_population = Math.round(u.population * 10_000 * clamp(0.215 - 0.035 * e, 0.14, 0.33) * (1 + 0.002 * last));
  }
  pair('cloud_requests', 'cloud_requests_met', sumFlows(6, 7 * S, clamp(0.9 + 0.06 * e, 0.6, 1)));
  pair('base_datasets_required', 'base_datasets_aggregated', stock(s, u, 7, last, 30 + 8 * S, clamp(0.9 + 0.06 * e, 0.6, 1)));
  pair('datasets_scheduled', 'datasets_updated_on_schedule', stock(s, u, 8, last, 55 * S, clamp(0.92 + 0.05 * e, 0.6, 1)));
  out.units_reporting = 1;
  out.cockpit_units = unit(s, u.key, 9) < clamp(0.55 + 0.3 * e, 0.05, 0.98) || last >= 6 + Math.floor(6 * unit(s, u.key, 10)) ? 1 : 0;
  pair('policies_issued', 'policies_data_supported', sumFlows(11, 2.5 * S, clamp(0.5 + 0.15 * e, 0.1, 0.95)));
  pair('risk_points_total', 'risk_points_monitored', stock(s, u, 12, last, 180 * S, clamp(0.7 + 0.1 * e, 0.3, 0.98)));
  const warnings = months.map((m) => {
    const rng = stream(s, 0x8b02, u.key, m);
    const n = poisson(rng, 28 * S);
    let confirmed = 0;
    let closed = 0;
    for (let i = 0; i < n; i++) {
      if (rng() < clamp(0.75 + 0.08 * e, 0.4, 0.97)) confirmed++;
      if (rng() < clamp(0.9 + 0.05 * e, 0.6, 1)) closed++;
    }
    return [n, confirmed, closed];
  });
  out.warnings_issued = warnings.reduce((a, w) => a + w[0]!, 0);
  out.warnings_confirmed = warnings.reduce((a, w) => a + w[1]!, 0);
  out.warnings_closed_loop = warnings.reduce((a, w) => a + w[2]!, 0);
  out.social_projects = sumFlows(13, 0.7 * S, 1)[0];
  out.innovation_apps_launched = sumFlows(14, 0.25 * S, 1)[0];
  pair('reports_due', 'reports_published_on_time', sumFlows(15, 1, clamp(0.92 + 0.05 * e, 0.6, 1)));
  // Besides the monthly bulletins: the quarterly assessments (and the annual evaluation) due in the period.
  const extra = months.length === 3 ? 1 : months.length === 12 ? 5 : 0;
  for (let k = 0; k < extra; k++) {
    out.reports_due = (out.reports_due ?? 0) + 1;
    if (unit(s, u.key, 16, last, k) < clamp(0.92 + 0.05 * e, 0.6, 1)) out.reports_published_on_time = (out.reports_published_on_time ?? 0) + 1;
  }
  return out;
}

const OPERATORS = ['sjj-hecha-01', 'sjj-hecha-02', 'sjj-hecha-03', 'sjj-hecha-04'];

/** `seal` turns the submitter's name into what is stored (the field cipher's envelope in a real start; as is in tests). */
export function* manualLines(ctx: DemoContext, batch: string, seal: (name: string) => string = (name) => name): Generator<string> {
  const p = ctx.province;
  const totalPop = p.counties.reduce((a, k) => a + k.population, 0);
  const units: Unit[] = [
    { code: p.province.code, name: p.province.name, key: 1, size: 6, effect: 1.0, county: false, townships: 0, population: totalPop },
    ...p.cities.map((c) => ({ code: c.code, name: c.name, key: 100 + c.index, size: 2.2, effect: c.effect + 0.15, county: false, townships: 0, population: 0 })),
    ...p.counties.map((k) => ({
      code: k.code, name: k.prefix, key: 1000 + k.index, size: Math.pow(k.population / 60, 0.35), effect: k.domains.data, county: true,
      townships: k.townships.length, population: k.population,
    })),
  ];
  const periods = manualPeriods(ctx);
  const items = Object.keys(MANUAL_FORM_ITEMS) as ManualFormItem[];
  for (const u of units) {
    const rng = stream(ctx.seed, 0x8b03, u.key);
    for (const ps of periods) {
      const vals = values(ctx, u, ps.months);
      const r = periodRange(ps.period);
      const periodStart = date(dayOf(r.start.getTime()));
      const periodEnd = date(dayOf(r.end.getTime()));
      for (const item of items) {
        if (COUNTY_ONLY.has(item) && !u.county) continue;
        const value = vals[item];
        if (value === undefined) continue;
        const id = `MS-${u.code}-${ps.period}-${item}`;
        const submitted = ps.endMs - (6 + rng() * 64) * HOUR;
        const verified = submitted + (3 + rng() * 40) * HOUR;
        const rejected = rng() < 0.025 && item !== 'units_reporting';
        const who = seal(`${u.name}${u.county ? '大数据发展中心' : '数据资源管理部门'}填报员`);
        const operator = pick(rng, OPERATORS);
        if (rejected) {
          const wrong = value > 10 ? Math.round(value * (rng() < 0.5 ? 10 : 0.1)) : value + 3;
          yield line(ctx, batch, id, item, u, ps.period, periodStart, periodEnd, wrong, submitted, who, verified <= ctx.now ? 'rejected' : 'submitted', operator, verified, pick(rng, REJECTION_REASONS));
          const again = verified + (12 + rng() * 48) * HOUR;
          if (again >= ctx.now) continue;
          const reverified = again + (2 + rng() * 20) * HOUR;
          yield line(ctx, batch, `${id}-r2`, item, u, ps.period, periodStart, periodEnd, value, again, who, reverified <= ctx.now ? 'verified' : 'submitted', operator, reverified, null);
        } else {
          yield line(ctx, batch, id, item, u, ps.period, periodStart, periodEnd, value, submitted, who, verified <= ctx.now ? 'verified' : 'submitted', operator, verified, null);
        }
      }
    }
  }
}

function evidence(item: ManualFormItem, unitName: string, period: string) {
  const zh = MANUAL_FORM_ITEMS[item].zh;
  return [{ name: `${unitName}${period}${zh}佐证材料.xlsx`, note: `${zh}统计台账（盖章扫描件），数据截至期末` }];
}

function line(
  ctx: DemoContext,
  batch: string,
  id: string,
  item: ManualFormItem,
  u: Unit,
  period: string,
  periodStart: string,
  periodEnd: string,
  value: number,
  submitted: number,
  who: string,
  status: 'submitted' | 'verified' | 'rejected',
  operator: string,
  decidedAt: number,
  reason: string | null,
): string {
  const decided = status !== 'submitted';
  const ingested = Math.min(submitted, ctx.now - 1000);
  return `${MANUAL_SOURCE},${id},${batch},${ts(ingested)},accepted,${FLAGS_CSV.none},${id},${item},${u.code},${period},${periodStart},${periodEnd},${value},${json(evidence(item, u.name, period))},${text(who)},${status},${decided ? operator : ''},${decided ? ts(decidedAt) : ''},${status === 'rejected' ? text(reason) : ''}`;
}
