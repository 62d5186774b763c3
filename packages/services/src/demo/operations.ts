// Operations data of the apps (运维: daily availability, incidents by the 分级应急预案 levels,
// releases, monthly costs, vulnerabilities) and the data-sharing exchange (数据共享: interface
// calls through the provincial IRS, sharing applications).
import { DAY, FLAGS_CSV, HEAD, HOUR, MINUTE, type DemoContext } from './context';
import { bool, date, midnightOf, num, text, ts } from './csv';
import type { DemoApp } from './province';
import { apportion, clamp, logNormal, normal, pick, poisson, stream, type Rng } from './random';
import { INCIDENTS, SECURITY_INCIDENT, SECURITY_SUSPECTED } from './texts';

export const OPS_SOURCE = 'zj-ops-monitor';
export const SHARING_SOURCE = 'zj-irs';

export const AVAILABILITY_COLUMNS = [...HEAD, 'app_id', 'org_unit', 'day', 'scheduled_minutes', 'downtime_minutes'] as const;
export const INCIDENT_COLUMNS = [
  ...HEAD, 'incident_id', 'app_id', 'org_unit', 'level', 'core_service', 'security', 'confirmed', 'started_at', 'responded_at', 'recovered_at', 'description',
] as const;
export const RELEASE_COLUMNS = [...HEAD, 'release_id', 'app_id', 'org_unit', 'released_at', 'kind', 'rolled_back', 'version'] as const;
export const COST_COLUMNS = [...HEAD, 'app_id', 'org_unit', 'period', 'period_start', 'period_end', 'om_cost_yuan', 'total_cost_yuan'] as const;
export const VULNERABILITY_COLUMNS = [...HEAD, 'vuln_id', 'app_id', 'org_unit', 'severity', 'reported_at', 'fixed_at'] as const;
export const SHARING_CALL_COLUMNS = [
  ...HEAD, 'call_id', 'interface_id', 'provider_org_unit', 'consumer_org_unit', 'called_at', 'success', 'timed_out', 'latency_ms', 'records_returned', 'records_disputed',
] as const;
export const SHARING_APPLICATION_COLUMNS = [
  ...HEAD, 'application_id', 'provider_org_unit', 'consumer_org_unit', 'submitted_at', 'response_limit_days', 'due_at', 'answered_at', 'decision',
] as const;

/** The confirmed data-security incident (veto of C3.01) and the core outage beyond 4 hours (veto of D3.02). */
export const SECURITY_APP = 'mp-330381';
export const SECURITY_MONTH = 2;
export const OUTAGE_APP = 'app-330400';
export const OUTAGE_MONTH = 3;
export const OUTAGE_MINUTES = 292;

interface Incident {
  id: string;
  app: DemoApp;
  level: 1 | 2 | 3 | 4;
  core: boolean;
  security: boolean;
  confirmed: boolean;
  started: number;
  responded: number | null;
  recovered: number | null;
  description: string;
}

const inService = (app: DemoApp, month: number) => (app.fromMonth === null || app.fromMonth <= month) && (app.toMonth === null || app.toMonth >= month);

/** All incidents of the window (small: a few per app), generated once and shared by two tables. */
export function buildIncidents(ctx: DemoContext): Incident[] {
  const out: Incident[] = [];
  ctx.apps.forEach((app, a) => {
    const rng = stream(ctx.seed, 0x7a01, a);
    const e = app.effect;
    const big = app.orgUnit === ctx.province.province.code ? 2.5 : app.orgUnit.endsWith('00') ? 1.4 : 1;
    const rates: Record<1 | 2 | 3 | 4, number> = {
      1: clamp(0.16 - 0.08 * e, 0.02, 0.4),
      2: clamp(0.45 - 0.2 * e, 0.05, 1.2),
      3: clamp(2.4 - 0.6 * e, 0.5, 5) * big,
      4: 4 * big,
    };
    let seq = 0;
    for (const level of [1, 2, 3, 4] as const) {
      const n = poisson(rng, rates[level]);
      for (let i = 0; i < n; i++) {
        const m = Math.floor(rng() * 12);
        if (!inService(app, m)) continue;
        const month = ctx.timeline.months[m]!;
        const started = month.startMs + rng() * (month.endMs - month.startMs);
        out.push(incident(ctx, rng, `${app.id}-INC-${++seq}`, app, level, started, false, false));
      }
    }
    // Suspected security events that turned out harmless (not confirmed: no veto).
    if (a % 37 === 5) {
      const month = ctx.timeline.months[(a * 7) % 12]!;
      out.push({ ...incident(ctx, rng, `${app.id}-SEC-${++seq}`, app, 3, month.startMs + 10 * DAY + 15 * HOUR, true, false), description: SECURITY_SUSPECTED });
    }
    if (app.id === SECURITY_APP) {
      const month = ctx.timeline.months[SECURITY_MONTH]!;
      out.push({ ...incident(ctx, rng, `${app.id}-SEC-${++seq}`, app, 2, month.startMs + 17 * DAY + 21 * HOUR, true, true), description: SECURITY_INCIDENT });
    }
    if (app.id === OUTAGE_APP) {
      const month = ctx.timeline.months[OUTAGE_MONTH]!;
      const started = month.startMs + 12 * DAY + 8.5 * HOUR;
      out.push({
        id: `${app.id}-INC-${seq + 1}`, app, level: 1, core: true, security: false, confirmed: true, started, responded: started + 18 * MINUTE,
        recovered: started + OUTAGE_MINUTES * MINUTE, description: '政务云存储故障，核心办事功能中断近5小时',
      });
    }
  });
  return out.filter((i) => i.started < ctx.now);
}

function incident(ctx: DemoContext, rng: Rng, id: string, app: DemoApp, level: 1 | 2 | 3 | 4, started: number, security: boolean, confirmed: boolean): Incident {
  const e = app.effect;
  const major = level <= 2;
  const responded = started + (major ? logNormal(rng, clamp(11 * Math.exp(-0.35 * e), 4, 40), 0.6) : logNormal(rng, 60, 0.8)) * MINUTE;
  const recovery = major ? logNormal(rng, clamp(24 * Math.exp(-0.35 * e), 8, 120), 0.55) : logNormal(rng, level === 3 ? 180 : 600, 0.8);
  const recovered = started + Math.min(recovery, major ? 235 : 5000) * MINUTE;
  return {
    id, app, level, core: level <= 2 || (level === 3 && rng() < 0.3), security, confirmed: security ? confirmed : true, started,
    responded: responded < ctx.now ? responded : null, recovered: recovered < ctx.now ? recovered : null,
    description: pick(rng, INCIDENTS[level]),
  };
}

export function* incidentLines(ctx: DemoContext, incidents: readonly Incident[], batch: string): Generator<string> {
  for (const i of incidents) {
    const ingested = Math.min(i.started + (3 + (i.id.length % 7) * 3) * MINUTE, ctx.now - 1000);
    yield `${OPS_SOURCE},${i.id},${batch},${ts(ingested)},accepted,${FLAGS_CSV.none},${i.id},${i.app.id},${i.app.orgUnit},${i.level},${bool(i.core)},${bool(i.security)},${bool(i.confirmed)},${ts(i.started)},${ts(i.responded)},${ts(i.recovered)},${text(i.description)}`;
  }
}

/** One row per app and day in service: planned minutes (monthly maintenance window excluded) and downtime. */
export function* availabilityLines(ctx: DemoContext, incidents: readonly Incident[], batch: string): Generator<string> {
  const outage = new Map<string, number>();
  for (const i of incidents) {
    if (!i.core || i.level > 2) continue;
    let t = i.started;
    const end = i.recovered ?? Math.min(ctx.now, i.started + 6 * HOUR);
    while (t < end) {
      const day = Math.floor((t + 8 * HOUR) / DAY);
      const next = Math.min(end, midnightOf(day + 1));
      const key = `${i.app.id}|${day}`;
      outage.set(key, (outage.get(key) ?? 0) + (next - t) / MINUTE);
      t = next;
    }
  }
  for (const [a, app] of ctx.apps.entries()) {
    const rng = stream(ctx.seed, 0x7a02, a);
    const e = app.effect;
    for (const month of ctx.timeline.months) {
      if (!inService(app, month.index)) continue;
      // Maintenance: the first Sunday night of the month, 02:00–04:00.
      let maintenance = month.startDay;
      while (new Date(maintenance * DAY).getUTCDay() !== 0) maintenance++;
      for (let day = month.startDay; day < month.endDay; day++) {
        const scheduled = day === maintenance ? 1320 : 1440;
        let down = outage.get(`${app.id}|${day}`) ?? 0;
        if (rng() < clamp(0.035 - 0.03 * e, 0.005, 0.12)) down += Math.round(logNormal(rng, clamp(10 * Math.exp(-0.6 * e), 2, 60), 0.7));
        down = Math.min(scheduled, Math.round(down * 10) / 10);
        const id = `ops_availability:${app.id}:${date(day)}`;
        yield `${OPS_SOURCE},${id},${batch},${ts(Math.min(midnightOf(day + 1) + 1.5 * HOUR, ctx.now - 1000))},accepted,${FLAGS_CSV.none},${app.id},${app.orgUnit},${date(day)},${scheduled},${down}`;
      }
    }
  }
}

export function* releaseLines(ctx: DemoContext, batch: string): Generator<string> {
  for (const [a, app] of ctx.apps.entries()) {
    const rng = stream(ctx.seed, 0x7a03, a);
    const e = app.effect;
    let minor = 0;
    let patch = 0;
    let seq = 0;
    for (const month of ctx.timeline.months) {
      if (!inService(app, month.index)) continue;
      const features = poisson(rng, clamp(0.72 + 0.22 * e, 0.15, 1.5));
      const fixes = poisson(rng, 0.6);
      const hotfixes = poisson(rng, clamp(0.12 - 0.05 * e, 0.02, 0.3));
      const kinds = [...Array<string>(features).fill('feature'), ...Array<string>(fixes).fill('fix'), ...Array<string>(hotfixes).fill('hotfix')];
      for (const kind of kinds) {
        const day = ctx.calendar.workdayFrom(month.startDay + Math.floor(rng() * (month.endDay - month.startDay)));
        if (day >= month.endDay) continue;
        const released = midnightOf(day) + (20 + rng() * 3) * HOUR; // evening release window
        if (released >= ctx.now) continue;
        if (kind === 'feature') {
          minor++;
          patch = 0;
        } else patch++;
        const id = `${app.id}-REL-${++seq}`;
        const version = `${app.id === 'zheliban' ? 7 : 3}.${minor}.${patch}`;
        yield `${OPS_SOURCE},${id},${batch},${ts(Math.min(released + 10 * MINUTE, ctx.now - 1000))},accepted,${FLAGS_CSV.none},${id},${app.id},${app.orgUnit},${ts(released)},${kind},${bool(rng() < 0.03)},${version}`;
      }
    }
  }
}

/** Monthly costs per app (yuan): O&M versus total spend (construction + O&M + operations). */
export function* costLines(ctx: DemoContext, batch: string): Generator<string> {
  for (const [a, app] of ctx.apps.entries()) {
    const rng = stream(ctx.seed, 0x7a04, a);
    const base = app.id === 'zheliban' ? 3_200_000 : app.kind === 'web' ? 600_000 : app.orgUnit.endsWith('00') ? 320_000 : 45_000;
    const share = clamp(0.14 - 0.025 * app.effect, 0.07, 0.24);
    for (const month of ctx.timeline.months) {
      if (!inService(app, month.index)) continue;
      const total = Math.round(base * (1 + 0.12 * normal(rng)) * (month.calendarMonth === 12 ? 1.6 : 1));
      const om = Math.round(total * clamp(share + 0.015 * normal(rng), 0.04, 0.35));
      const id = `ops_cost:${app.id}:${month.period}`;
      const end = month.endDay;
      yield `zj-finance,${id},${batch},${ts(Math.min(month.endMs + 5 * DAY, ctx.now - 1000))},accepted,${FLAGS_CSV.none},${app.id},${app.orgUnit},${month.period},${date(month.startDay)},${date(end)},${om},${total}`;
    }
  }
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export function* vulnerabilityLines(ctx: DemoContext, batch: string): Generator<string> {
  for (const [a, app] of ctx.apps.entries()) {
    const rng = stream(ctx.seed, 0x7a05, a);
    const e = app.effect;
    const n = poisson(rng, app.orgUnit.endsWith('0000') ? 24 : app.orgUnit.endsWith('00') ? 10 : 6);
    for (let i = 0; i < n; i++) {
      const m = Math.floor(rng() * 12);
      if (!inService(app, m)) continue;
      const month = ctx.timeline.months[m]!;
      const r = rng();
      const severity = SEVERITIES[r < 0.05 ? 0 : r < 0.3 ? 1 : r < 0.75 ? 2 : 3]!;
      const reported = month.startMs + rng() * (month.endMs - month.startMs);
      const median = severity === 'critical' ? 18 : severity === 'high' ? clamp(46 * Math.exp(-0.45 * e), 14, 200) : severity === 'medium' ? 200 : 500;
      let fixed: number | null = reported + logNormal(rng, median, 0.7) * HOUR;
      if (fixed > ctx.now) fixed = null;
      const id = `${app.id}-VUL-${i + 1}`;
      yield `${OPS_SOURCE},${id},${batch},${ts(Math.min(reported + HOUR, ctx.now - 1000))},accepted,${FLAGS_CSV.none},${id},${app.id},${app.orgUnit},${severity},${ts(reported)},${ts(fixed)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Data sharing (IRS)
// ---------------------------------------------------------------------------------------------

const PROVINCE_INTERFACES = [
  '人口基础信息查询', '户籍信息核验', '法人基础信息查询', '营业执照电子证照', '居民身份证电子证照', '不动产权证书电子证照', '结婚证电子证照',
  '出生医学证明电子证照', '社会保险参保信息', '住房公积金缴存信息', '医疗保险参保信息', '婚姻登记信息核验', '残疾人信息核验', '低保救助对象信息',
  '学籍信息核验', '纳税信用等级查询', '企业信用报告', '车辆登记信息', '驾驶人信息核验', '死亡信息核验',
];
const CITY_INTERFACES = ['市级不动产登记信息', '市级公积金贷款信息', '市级排污许可信息', '市级建设工程规划信息', '市级学位信息', '市级居住证信息'];
const COUNTY_INTERFACES = ['不动产交易信息', '社会救助对象信息', '户籍人口变动信息', '义务教育学籍信息'];

/** Sharing calls at scale 1. */
const CALL_BASE = 120_000;
/** Sharing applications at scale 1. */
const APPLICATION_BASE = 3_000;

interface Provider {
  code: string;
  effect: number;
  interfaces: string[];
  weight: number;
}

function providers(ctx: DemoContext): Provider[] {
  const p = ctx.province;
  return [
    { code: p.province.code, effect: 1.0, interfaces: PROVINCE_INTERFACES.map((_, i) => `IRS-${p.province.code}-${String(i + 1).padStart(4, '0')}`), weight: 0.55 },
    ...p.cities.map((c) => ({ code: c.code, effect: c.effect + 0.1, interfaces: CITY_INTERFACES.map((_, i) => `IRS-${c.code}-${String(i + 1).padStart(4, '0')}`), weight: 0.15 / p.cities.length })),
    ...p.counties.map((k) => ({ code: k.code, effect: k.domains.data, interfaces: COUNTY_INTERFACES.map((_, i) => `IRS-${k.code}-${String(i + 1).padStart(4, '0')}`), weight: 0.3 * (k.population / 6450) })),
  ];
}

export function* sharingCallLines(ctx: DemoContext, batch: string): Generator<string> {
  const list = providers(ctx);
  const counties = ctx.province.counties;
  const countyCodes = new Set(counties.map((k) => k.code));
  const weights: number[] = [];
  for (const month of ctx.timeline.months) for (const pr of list) weights.push(pr.weight * month.volume);
  const counts = apportion(Math.round(CALL_BASE * Math.max(ctx.scale, 0.01)), weights);
  let cell = 0;
  for (const month of ctx.timeline.months) {
    for (const pr of list) {
      const n = counts[cell++]!;
      if (n === 0) continue;
      const rng = stream(ctx.seed, 0x7a06, cell);
      const e = clamp(pr.effect + 0.03 * (month.index - 6), -2.2, 2.2);
      const pSuccess = clamp(0.966 + 0.018 * e, 0.85, 0.998);
      const pDisputed = clamp(0.05 - 0.025 * e, 0.004, 0.12);
      const latency = clamp(180 * Math.exp(-0.2 * e), 60, 600);
      for (let i = 0; i < n; i++) {
        const consumer = countyCodes.has(pr.code) ? (rng() < 0.6 ? pr.code : pick(rng, counties).city) : pick(rng, counties).code;
        const day = ctx.timeline.day(rng, month, true);
        const at = midnightOf(day) + ctx.timeline.second(rng, rng() < 0.85) * 1000;
        const success = rng() < pSuccess;
        const timedOut = !success && rng() < 0.6;
        const ms = timedOut ? 3000 + Math.floor(rng() * 2000) : Math.round(logNormal(rng, latency, 0.6));
        const returned = success ? 1 + Math.floor(rng() * 8) : 0;
        const disputed = success && rng() < pDisputed ? 1 : 0;
        const id = `CALL${pr.code}${month.period.replace('-', '')}${String(i + 1).padStart(6, '0')}`;
        yield `${SHARING_SOURCE},${id},${batch},${ts(Math.min(at + (1 + rng() * 10) * MINUTE, ctx.now - 1000))},accepted,${FLAGS_CSV.none},${id},${pick(rng, pr.interfaces)},${pr.code},${consumer},${ts(at)},${bool(success)},${bool(timedOut)},${ms},${returned},${disputed}`;
      }
    }
  }
}

export function* sharingApplicationLines(ctx: DemoContext, batch: string): Generator<string> {
  const list = providers(ctx);
  const counties = ctx.province.counties;
  const weights: number[] = [];
  for (let m = 0; m < 12; m++) for (const pr of list) weights.push(pr.weight);
  const counts = apportion(Math.round(APPLICATION_BASE * ctx.minor), weights);
  let cell = 0;
  for (const month of ctx.timeline.months) {
    for (const pr of list) {
      const n = counts[cell++]!;
      if (n === 0) continue;
      const rng = stream(ctx.seed, 0x7a07, cell);
      const e = pr.effect;
      for (let i = 0; i < n; i++) {
        const day = ctx.calendar.workdayFrom(month.startDay + Math.floor(rng() * (month.endDay - month.startDay)));
        const submitted = midnightOf(day) + ctx.timeline.second(rng, true) * 1000;
        if (submitted >= month.endMs || submitted >= ctx.now) continue;
        const r = rng();
        const limit = r < 0.7 ? null : r < 0.9 ? 5 : 3;
        const due = ctx.calendar.deadline(submitted, limit ?? 3);
        const onTime = rng() < clamp(0.9 + 0.05 * e, 0.6, 0.99);
        const k = onTime ? Math.floor(rng() * ((limit ?? 3) + 1)) : (limit ?? 3) + 1 + Math.floor(rng() * 5);
        let answered: number | null = midnightOf(ctx.calendar.nthWorkdayAfter(day, k)) + (9 + rng() * 8) * HOUR;
        if (answered <= submitted) answered = submitted + 2 * HOUR;
        if (answered > ctx.now) answered = null;
        const decision = answered === null ? null : rng() < 0.86 ? 'approved' : 'rejected';
        const id = `APP${pr.code}${month.period.replace('-', '')}${String(i + 1).padStart(4, '0')}`;
        const consumer = pick(rng, counties).code;
        const ingested = Math.min(submitted + (2 + rng() * 30) * MINUTE, ctx.now - 1000);
        yield `${SHARING_SOURCE},${id},${batch},${ts(ingested)},accepted,${FLAGS_CSV.none},${id},${pr.code},${consumer},${ts(submitted)},${num(limit)},${ts(due)},${ts(answered)},${decision ?? ''}`;
      }
    }
  }
}
