// Handling records (办件) and the ratings (好差评) given on them. Cases are generated per
// (unit, month) cell from the cell's own random stream, so the ratings pass can replay the
// cells and rate exactly the cases that were loaded without keeping them in memory.
//
// What shapes a case: the county's persistent maturity effect (channel mix, instant approvals,
// on-time completion, material reuse, collaboration), a slow improvement over the year, the
// item (type, limits, capability flags of the month's catalogue), the calendar (working days,
// 春节) and a few deliberate data-quality problems, which the quality checks would have caught
// and which are stored with quality_status 'rejected' and their rule in quality_flags.
import { has, promisedIn, typeIn, type CatalogueEntry } from './catalogue';
import { DAY, FLAGS_CSV, HEAD, HOUR, MINUTE, type DemoContext } from './context';
import { dayOf, midnightOf, text, ts, type CsvWriter } from './csv';
import { AGE_BANDS, LEVEL_VOLUME, TOWNSHIP_SHARE } from './items';
import { PORTAL, ZHELIBAN, type County } from './province';
import { apportion, clamp, cumulative, hexId, logNormal, pick, pickIndex, stream, type Rng } from './random';
import { COMPLAINTS, NEUTRAL, PRAISE, BUGS } from './texts';
import type { Month } from './timeline';

export const HANDLING_SOURCE = 'zj-approval';
export const RATING_SOURCE = 'zj-haochaping';

/** Handling records at scale 1. */
export const HANDLING_BASE = 1_050_000;

/** 诸暨市's approval system migration (month 5): times written in UTC, durations negative. */
export const MIGRATION_COUNTY = '330681';
export const MIGRATION_MONTH = 5;
/** 长兴县 switched to a nightly batch push in months 7–8: every record synced late. */
export const NIGHTLY_COUNTY = '330522';
export const NIGHTLY_MONTHS = [7, 8];

export const HANDLING_COLUMNS = [
  ...HEAD,
  'record_id', 'item_code', 'org_unit', 'department', 'app_id', 'channel', 'scenario', 'item_type', 'high_frequency', 'submitted_at',
  'accepted_at', 'completed_at', 'result', 'statutory_limit_days', 'promised_limit_days', 'promised_due_at', 'elapsed_working_days',
  'full_online', 'materials_required', 'materials_submitted', 'materials_reused', 'materials_cross_region',
  'materials_cross_region_recognised', 'trips', 'supplement_requests', 'cross_department_required', 'cross_department',
  'applicant_out_of_region', 'cross_region', 'instant_approval', 'auto_review', 'error_found_at', 'noncompliance_found_at',
  'appointment_slot_start', 'appointment_slot_end', 'applicant_type', 'age_band', 'applicant_key',
] as const;

export const RATING_COLUMNS = [
  ...HEAD,
  'rating_id', 'org_unit', 'department', 'item_code', 'handling_id', 'channel', 'level', 'rated_at', 'real_name', 'rater_type',
  'rater_age_band', 'comment', 'rectify_due_at', 'rectified_at', 'revisited_at',
] as const;

type Channel = 'app' | 'web' | 'hall' | 'kiosk' | 'phone';

/** One (unit, month) cell of cases. */
export interface Cell {
  unit: string;
  level: 'province' | 'city' | 'county';
  county: County | null;
  /** Seed key of the unit. */
  key: number;
  month: Month;
  count: number;
  effect: number;
  /** Population (10,000s) behind the applicant pools. */
  population: number;
}

/** The case being generated (one object, reused: a million cases allocate nothing per case). */
export class Case {
  recordId = '';
  entry!: CatalogueEntry;
  orgUnit = '';
  channel: Channel = 'hall';
  appId: string | null = null;
  type = 'immediate';
  promised: number | null = null;
  submitted = 0;
  accepted: number | null = null;
  completed: number | null = null;
  result: string | null = null;
  promisedDue: number | null = null;
  elapsed: number | null = null;
  fullOnline = false;
  required = 0;
  submittedMaterials = 0;
  reused = 0;
  crossRegionMaterials = 0;
  recognised = 0;
  trips = 0;
  supplements = 0;
  xdeptRequired = false;
  xdept = false;
  outOfRegion = false;
  crossRegion = false;
  instant = false;
  autoReview: string | null = null;
  errorAt: number | null = null;
  noncomplianceAt: number | null = null;
  slotStart: number | null = null;
  slotEnd: number | null = null;
  applicant: 'person' | 'enterprise' = 'person';
  ageBand = -1;
  applicantKey: string | null = null;
  late = false;
  quality: 'accepted' | 'rejected' = 'accepted';
  flags: string = FLAGS_CSV.none;
  ingested = 0;
  /** The second, rejected copy of a case sent twice. */
  duplicate = false;
}

/** Volume weights of a unit's items in a calendar month. */
function itemWeights(entries: readonly CatalogueEntry[], calendarMonth: number): number[] {
  return entries.map((e) => e.item.weight * (e.item.season?.[calendarMonth - 1] ?? 1));
}

export function planCells(ctx: DemoContext): Cell[] {
  const { province: p, timeline, catalogue } = ctx;
  const raw: Cell[] = [];
  const weights: number[] = [];
  const totalPopulation = p.counties.reduce((s, k) => s + k.population, 0);
  for (const month of timeline.months) {
    const add = (cell: Omit<Cell, 'month' | 'count'>, factor: number) => {
      const entries = catalogue.get(cell.unit)!.entries;
      const w = itemWeights(entries, month.calendarMonth).reduce((a, b) => a + b, 0);
      raw.push({ ...cell, month, count: 0 });
      weights.push(w * factor * month.volume);
    };
    add({ unit: p.province.code, level: 'province', county: null, key: 1, effect: 1.0, population: totalPopulation }, totalPopulation * LEVEL_VOLUME.province);
    for (const c of p.cities) {
      const pop = c.counties.reduce((s, k) => s + k.population, 0);
      add({ unit: c.code, level: 'city', county: null, key: 100 + c.index, effect: c.effect + 0.2, population: pop }, pop * LEVEL_VOLUME.city);
    }
    for (const k of p.counties) {
      // A small volume premium for mature counties (more is done through them), a slow year-long trend.
      add({ unit: k.code, level: 'county', county: k, key: 1000 + k.index, effect: k.domains.efficiency, population: k.population }, k.population * (1 + 0.05 * k.effect));
    }
  }
  const counts = apportion(Math.max(1, Math.round(HANDLING_BASE * ctx.scale)), weights);
  return raw.map((c, i) => ({ ...c, count: counts[i]! }));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The next office-hours instant at or after `ms` (working days, 08:45–17:00). */
function officeFrom(ctx: DemoContext, ms: number): number {
  let day = dayOf(ms);
  const sec = (ms - midnightOf(day)) / 1000;
  if (ctx.calendar.isWorkday(day)) {
    if (sec < 8.75 * 3600) return midnightOf(day) + 8.75 * HOUR;
    if (sec < 17.5 * 3600) return ms;
  }
  day = ctx.calendar.workdayFrom(day + 1);
  return midnightOf(day) + 8.75 * HOUR;
}

/** City and county apps by owner unit (for the app a case is filed through). */
export const channelApps = (ctx: DemoContext) => {
  const byUnit = new Map<string, string[]>();
  for (const a of ctx.apps) {
    if (a.kind === 'web' || a.id === ZHELIBAN) continue;
    const list = byUnit.get(a.orgUnit) ?? [];
    list.push(a.id);
    byUnit.set(a.orgUnit, list);
  }
  return byUnit;
};

/**
 * Generates the cases of one cell and calls `visit` for each (twice for a case sent twice: the
 * second time with `duplicate` set). Deterministic: the same cell always gives the same cases.
 */
export function generateCell(ctx: DemoContext, cell: Cell, visit: (c: Case) => void, scratch = new Case(), appsByUnit = channelApps(ctx)): void {
  const { calendar: cal, timeline } = ctx;
  const rng = stream(ctx.seed, 0x4a01, cell.key, cell.month.index);
  const m = cell.month.index;
  const entries = ctx.catalogue.get(cell.unit)!.entries;
  const itemCum = cumulative(itemWeights(entries, cell.month.calendarMonth));
  const county = cell.county;
  const e = clamp(cell.effect + 0.025 * (m - 6), -2.2, 2.2);
  const townships = county?.townships ?? [];
  const cityApps = county ? appsByUnit.get(county.city) ?? [] : appsByUnit.get(cell.unit) ?? [];
  const countyApps = county ? (appsByUnit.get(county.code) ?? []).filter((id) => appInService(ctx, id, m)) : [];
  const yyyymm = cell.month.period.replace('-', '');
  const personPool = Math.max(40, Math.round(cell.population * 80 * ctx.scale));
  const enterprisePool = Math.max(10, Math.round(cell.population * 8 * ctx.scale));
  const migrantBoost = county ? (county.code === '330782' ? 0.06 : county.district && (county.city === '330100' || county.city === '330200') ? 0.03 : 0) : 0.02;

  // Data-quality rates of this cell (counties with weak data management send worse data).
  const lag = Math.max(0, -(county ? county.domains.data : cell.effect)) * (county && county.domains.data < -1.3 ? 3 : 1);
  const pNegative = county?.code === MIGRATION_COUNTY && m === MIGRATION_MONTH ? 0.06 : 0.0015 + 0.003 * lag;
  const pFuture = 0.0003 + 0.001 * lag;
  const pImpossible = 0.0002;
  const pDuplicate = 0.001 + 0.003 * lag;
  const nightly = county?.code === NIGHTLY_COUNTY && NIGHTLY_MONTHS.includes(m);
  const pLateSync = clamp(0.012 + 0.015 * lag - 0.004 * Math.max(0, e), 0.002, 0.06);
  // Counties with weak data management push in hourly batches rather than in near real time.
  const dataEffect = county ? county.domains.data : cell.effect;
  const syncMedian = dataEffect < -1 ? 60 + 40 * (-1 - dataEffect) : clamp(10 * Math.exp(-0.55 * dataEffect), 2, 45);

  const c = scratch;
  for (let i = 0; i < cell.count; i++) {
    const entry = entries[pickIndex(rng, itemCum)]!;
    const item = entry.item;
    c.entry = entry;
    c.recordId = `ZW${cell.unit}${yyyymm}${pad(i + 1, 6)}`;
    c.orgUnit = item.levels.includes('township') && townships.length > 0 && rng() < TOWNSHIP_SHARE ? pick(rng, townships).code : cell.unit;
    c.type = typeIn(entry, m);
    c.promised = promisedIn(entry, m);
    const immediate = c.type === 'immediate';
    const special = c.type === 'special';
    c.applicant = item.applicant;

    // Channel: online if the item can be filed online this month and the applicant chooses to.
    const onlineCapable = has(entry, 'online_capable', m);
    const fullCapable = onlineCapable && has(entry, 'full_online', m);
    let pOnline = onlineCapable ? 0.84 + 0.09 * e + (item.applicant === 'enterprise' ? 0.1 : 0) - (item.ages === 'elder' ? 0.18 : 0) + (fullCapable ? 0.1 : -0.12) : 0;
    pOnline = clamp(pOnline, 0, 0.96);
    const r = rng();
    if (r < pOnline) c.channel = rng() < 0.83 ? 'app' : 'web';
    else {
      const r2 = rng();
      c.channel = r2 < 0.1 && has(entry, 'kiosk_available', m) ? 'kiosk' : r2 > 0.975 && !special ? 'phone' : 'hall';
    }
    const online = c.channel === 'app' || c.channel === 'web';
    if (c.channel === 'app') {
      const r3 = rng();
      c.appId = r3 < 0.72 || cityApps.length === 0 ? ZHELIBAN : r3 < 0.9 || countyApps.length === 0 ? pick(rng, cityApps) : pick(rng, countyApps);
    } else c.appId = c.channel === 'web' ? PORTAL : null;
    c.fullOnline = online && fullCapable && rng() < 0.97;
    c.instant = c.fullOnline && item.instant === true && has(entry, 'instant_approval_enabled', m) && rng() < clamp(0.9 + 0.06 * e, 0.6, 0.995);
    c.autoReview = c.instant ? 'passed' : online && !immediate && rng() < 0.3 ? (rng() < clamp(0.82 + 0.06 * e, 0.5, 0.97) ? 'passed' : 'fallback') : null;

    // Applicant.
    if (c.applicant === 'person') {
      c.ageBand = pickIndex(rng, entry.ages);
      c.applicantKey = `k1:${hexId(12, ctx.seed, cell.key, c.ageBand, Math.floor(rng() * personPool))}`;
    } else {
      c.ageBand = -1;
      c.applicantKey = `e1:${hexId(12, ctx.seed, cell.key, 99, Math.floor(rng() * enterprisePool))}`;
    }

    // Submission: online filings follow online use, counters follow office hours. Manual
    // online immediate items are handled by the back office, which serves office hours.
    let day: number;
    let sec: number;
    if (!online) {
      day = timeline.day(rng, cell.month, true);
      sec = timeline.second(rng, true);
    } else if (immediate && !c.instant) {
      day = timeline.workday(rng, cell.month);
      sec = timeline.second(rng, true);
    } else {
      day = timeline.day(rng, cell.month, false);
      sec = timeline.second(rng, false);
    }
    c.submitted = midnightOf(day) + sec * 1000;
    if (c.submitted >= cell.month.endMs) c.submitted = cell.month.endMs - (1 + Math.floor(rng() * 3600)) * 1000;

    // Acceptance and completion.
    c.late = false;
    c.xdeptRequired = item.xdept === true;
    c.xdept = false;
    c.result = 'approved';
    const rr = rng();
    const withdrawn = !c.instant && rr < 0.012;
    if (rr > 0.985) c.result = 'rejected';
    else if (rr > 0.982) c.result = 'transferred';
    if (c.instant) {
      c.accepted = c.submitted + (1 + Math.floor(rng() * 3)) * 1000;
      c.completed = c.accepted + (5 + Math.floor(rng() * 85)) * 1000;
    } else {
      c.accepted = online ? officeFrom(ctx, c.submitted + Math.round(logNormal(rng, immediate ? 2 : 35, 0.7) * MINUTE)) : c.submitted + (1 + Math.floor(rng() * 8)) * MINUTE;
      if (special) {
        // 离婚冷静期: 30 days, then both come back (or the application lapses: withdrawn).
        const back = cal.workdayFrom(dayOf(c.accepted + 30 * DAY) + Math.floor(rng() * 8));
        c.completed = midnightOf(back) + (9 + rng() * 7) * HOUR;
        if (rng() < 0.25) c.result = 'withdrawn';
      } else if (immediate) {
        const median = clamp((online ? 11 : 16) * Math.exp(-0.4 * e), 2, 60);
        c.completed = c.accepted + Math.min(logNormal(rng, median, 0.6), 150) * MINUTE;
        if (!c.fullOnline && rng() < clamp(0.004 - 0.004 * e, 0.0003, 0.015)) {
          // Not done the same day at the counter: finished the next working day (late for a same-day promise).
          c.completed = midnightOf(cal.nthWorkdayAfter(dayOf(c.accepted), 1)) + (9 + rng() * 6) * HOUR;
          c.late = true;
        }
      } else {
        const limit = c.promised ?? 5;
        const joint = c.xdeptRequired;
        c.xdept = joint && rng() < clamp(0.63 + 0.14 * e, 0.25, 0.97);
        const pLate = clamp((0.042 - 0.03 * e) * (joint && !c.xdept ? 2 : 1), 0.004, 0.18);
        let k: number;
        if (rng() < pLate) {
          c.late = true;
          k = limit + 1 + Math.floor(rng() * 4);
        } else k = Math.min(limit, Math.floor((limit + 1) * Math.pow(rng(), 1.2 + 0.35 * e)));
        const doneDay = cal.nthWorkdayAfter(dayOf(c.accepted), k);
        c.completed = midnightOf(doneDay) + (8.9 + rng() * 8.4) * HOUR;
        if (c.completed <= c.accepted) c.completed = c.accepted + (20 + rng() * 160) * MINUTE;
        if (rng() < clamp(0.0012 - 0.0012 * e, 0.0001, 0.004)) c.completed = null; // stuck: open long past its deadline
      }
    }
    if (withdrawn) {
      c.result = 'withdrawn';
      if (rng() < 0.5) c.accepted = null;
      c.completed = (c.accepted ?? c.submitted) + (1 + rng() * 72) * HOUR;
    }
    if (c.completed !== null && c.completed > ctx.now) {
      c.completed = null;
      c.result = null;
    }
    if (c.completed === null) c.result = null;

    // Materials, trips, collaboration, 通办.
    c.required = item.materials;
    const zero = has(entry, 'zero_material', m);
    const reuse = zero ? 1 : clamp(0.83 + 0.07 * e + (c.fullOnline ? 0.05 : -0.06), 0.4, 0.99);
    let reused = 0;
    for (let j = 0; j < c.required; j++) if (rng() < reuse) reused++;
    c.reused = reused;
    c.supplements = rng() < clamp(0.075 - 0.03 * e - (c.fullOnline ? 0.02 : 0), 0.005, 0.18) ? (rng() < 0.85 ? 1 : 2) : 0;
    c.submittedMaterials = c.required - reused + c.supplements;
    c.outOfRegion = rng() < (item.applicant === 'enterprise' ? 0.025 : 0.045 + migrantBoost + (item.xprov ? 0.04 : 0));
    c.crossRegionMaterials = c.outOfRegion ? Math.min(c.required, rng() < 0.3 ? 2 : 1) : 0;
    let recognised = 0;
    for (let j = 0; j < c.crossRegionMaterials; j++) if (rng() < clamp(0.77 + 0.1 * e, 0.4, 0.99)) recognised++;
    c.recognised = recognised;
    const tongban = (entry.xprovListed && has(entry, 'xprov_enabled', m)) || (entry.inprovListed && has(entry, 'inprov_enabled', m));
    c.crossRegion = c.outOfRegion && (online || tongban) && rng() < clamp((tongban ? 0.75 : 0.42) + 0.1 * e, 0.1, 0.98);
    if (c.fullOnline) c.trips = 0;
    else if (online) c.trips = rng() < 0.3 ? 1 : 0; // pick-up or on-site check (else mailed)
    else c.trips = c.channel === 'phone' ? 0 : 1;
    if (c.supplements > 0 && !online) c.trips += c.supplements;
    if (c.xdeptRequired && !c.xdept && !immediate) c.trips += 1;
    if (special) c.trips = 2;
    if (c.outOfRegion && !c.crossRegion && c.trips === 0) c.trips = 1;

    // Deadline and elapsed working days, as the ingestion service derives them.
    c.promisedDue = c.promised !== null && c.accepted !== null ? cal.deadline(c.accepted, c.promised) : null;
    c.elapsed = c.accepted !== null && c.completed !== null ? cal.elapsed(c.accepted, c.completed) : null;

    // Appointments at the counter.
    c.slotStart = c.slotEnd = null;
    if (c.channel === 'hall' && c.accepted !== null && rng() < (item.appointment ? 0.85 : 0.22)) {
      const slot = Math.floor(c.accepted / (30 * MINUTE)) * 30 * MINUTE;
      const onSlot = rng() < clamp(0.9 + 0.04 * e, 0.6, 0.995);
      c.slotStart = onSlot ? slot : slot + (rng() < 0.5 ? -90 : 60) * MINUTE;
      c.slotEnd = c.slotStart + 30 * MINUTE;
    }
    c.errorAt = c.completed !== null && rng() < clamp(0.0008 - 0.0004 * e, 0.0001, 0.002) ? Math.min(c.completed + (2 + rng() * 60) * DAY, ctx.now - HOUR) : null;
    c.noncomplianceAt = c.completed !== null && rng() < 0.00015 ? Math.min(c.completed + (10 + rng() * 90) * DAY, ctx.now - HOUR) : null;
    if (c.errorAt !== null && c.completed !== null && c.errorAt < c.completed) c.errorAt = null;
    if (c.noncomplianceAt !== null && c.completed !== null && c.noncomplianceAt < c.completed) c.noncomplianceAt = null;

    // Quality problems (rejected by the arrival checks) and the sync delay.
    c.quality = 'accepted';
    c.flags = FLAGS_CSV.none;
    const q = rng();
    if (c.completed !== null && c.accepted !== null && q < pNegative) {
      c.completed = c.accepted - (1 + rng() * 8) * HOUR;
      c.elapsed = cal.elapsed(c.accepted, c.completed);
      c.quality = 'rejected';
      c.flags = FLAGS_CSV.negative;
    } else if (c.completed !== null && q < pNegative + pFuture) {
      c.completed = ctx.now + (1 + rng() * 40) * DAY;
      c.elapsed = c.accepted !== null ? cal.elapsed(c.accepted, c.completed) : null;
      c.quality = 'rejected';
      c.flags = FLAGS_CSV.future;
    } else if (c.instant && c.completed !== null && c.accepted !== null && q < pNegative + pFuture + pImpossible) {
      c.completed = c.accepted + (20 + rng() * 30) * DAY;
      c.elapsed = cal.elapsed(c.accepted, c.completed);
      c.quality = 'rejected';
      c.flags = FLAGS_CSV.impossible;
    }
    const business = Math.max(c.completed ?? 0, c.accepted ?? 0, c.submitted);
    const late = c.quality === 'accepted' && (nightly || rng() < pLateSync);
    if (c.flags === FLAGS_CSV.future) c.ingested = ctx.now - (1 + rng() * 20) * DAY;
    else if (nightly) c.ingested = midnightOf(dayOf(business) + 1) + (1.5 + rng()) * HOUR;
    else if (late) c.ingested = business + (2.2 + logNormal(rng, 6, 0.8)) * HOUR;
    else c.ingested = business + Math.min(logNormal(rng, syncMedian, 0.6), 118) * MINUTE;
    if (c.ingested > ctx.now) c.ingested = ctx.now - Math.floor(rng() * 600) * 1000;
    if (late && c.ingested - business > 2 * HOUR) c.flags = FLAGS_CSV.lateSync;

    c.duplicate = false;
    visit(c);
    if (rng() < pDuplicate) {
      c.duplicate = true;
      const saved = { quality: c.quality, flags: c.flags, ingested: c.ingested };
      c.quality = 'rejected';
      c.flags = FLAGS_CSV.duplicate;
      c.ingested += (5 + rng() * 600) * MINUTE;
      if (c.ingested > ctx.now) c.ingested = ctx.now - 1000;
      visit(c);
      Object.assign(c, saved);
      c.duplicate = false;
    }
  }
}

export function appInService(ctx: DemoContext, appId: string, month: number): boolean {
  const app = ctx.apps.find((a) => a.id === appId);
  if (!app) return false;
  return (app.fromMonth === null || app.fromMonth <= month) && (app.toMonth === null || app.toMonth >= month);
}

/** Writes the CSV row of a case. */
export function writeHandling(w: CsvWriter, c: Case, batch: string): void {
  const item = c.entry.item;
  w.s(HANDLING_SOURCE).s(c.duplicate ? `${c.recordId}-R` : c.recordId).s(batch).d(c.ingested).s(c.quality).s(c.flags);
  w.s(c.recordId).s(c.entry.code).s(c.orgUnit).s(c.entry.dept).s(c.appId).s(c.channel).s(item.scenario).s(c.type).b(item.hf);
  w.d(c.submitted).d(c.accepted).d(c.completed).s(c.result).i(item.stat).i(c.promised).d(c.promisedDue).i(c.elapsed).b(c.fullOnline);
  w.i(c.required).i(c.submittedMaterials).i(c.reused).i(c.crossRegionMaterials).i(c.recognised).i(c.trips).i(c.supplements);
  w.b(c.xdeptRequired).b(c.xdept).b(c.outOfRegion).b(c.crossRegion).b(c.instant).s(c.autoReview).d(c.errorAt).d(c.noncomplianceAt);
  w.d(c.slotStart).d(c.slotEnd).s(c.applicant).s(c.ageBand >= 0 ? AGE_BANDS[c.ageBand] : null).s(c.applicantKey);
  w.end();
}

// ---------------------------------------------------------------------------------------------
// Ratings (好差评)
// ---------------------------------------------------------------------------------------------

const RATE_PROBABILITY: Record<Channel, number> = { app: 0.24, web: 0.12, hall: 0.2, kiosk: 0.16, phone: 0.08 };

/** Rates the cases of a cell (replayed); also some ratings of the unit's counters not linked to a case. */
export function writeRatings(w: CsvWriter, ctx: DemoContext, cell: Cell, batch: string, scratch: Case, appsByUnit = channelApps(ctx)): void {
  const rng = stream(ctx.seed, 0x4a02, cell.key, cell.month.index);
  const expEffect = cell.county ? cell.county.domains.experience : cell.effect;
  const e = clamp(expEffect + 0.03 * (cell.month.index - 6), -2.2, 2.2);
  const pRectifyOnTime = clamp(0.94 + 0.05 * e, 0.6, 0.995);
  const rateFactor = clamp(1 + 0.12 * e, 0.7, 1.3);
  let n = 0;
  generateCell(ctx, cell, (c) => {
    if (c.duplicate || c.quality !== 'accepted' || c.completed === null || c.result === 'withdrawn') return;
    if (rng() >= RATE_PROBABILITY[c.channel] * rateFactor) return;
    n++;
    const level = ratingLevel(rng, e, c);
    const delay =
      c.channel === 'app' ? logNormal(rng, 8, 1) * MINUTE : c.channel === 'hall' || c.channel === 'kiosk' ? (0.5 + rng() * 3) * MINUTE : c.channel === 'web' ? logNormal(rng, 30, 1) * MINUTE : (2 + rng() * 28) * HOUR;
    const rated = Math.min(c.completed + delay, ctx.now - MINUTE);
    if (rated <= c.completed) return;
    const realName = c.channel !== 'hall' || rng() < 0.6;
    writeRating(w, ctx, rng, {
        id: `HCP${c.recordId}`,
        unit: c.orgUnit,
        dept: c.entry.dept,
        itemCode: c.entry.code,
        itemName: c.entry.item.name,
        handlingId: c.recordId,
        channel: c.channel,
        level,
        rated,
        realName,
        raterType: c.applicant,
        ageBand: c.ageBand,
        online: c.channel === 'app' || c.channel === 'web',
        pRectifyOnTime,
        batch,
      });
  }, scratch, appsByUnit);
  // Ratings of the counter service not linked to a case (评价器 at the window), ~6 % more.
  const extra = Math.floor(n * 0.06 + rng());
  for (let i = 0; i < extra; i++) {
    const day = ctx.timeline.day(rng, cell.month, true);
    const rated = Math.min(midnightOf(day) + ctx.timeline.second(rng, true) * 1000, ctx.now - MINUTE);
    const ageBand = pickIndex(rng, AGE_CUM);
    writeRating(w, ctx, rng, {
        id: `HCPW${cell.unit}${cell.month.period.replace('-', '')}${pad(i + 1, 5)}`,
        unit: cell.unit,
        dept: `${cell.unit}-zwfw`,
        itemCode: null,
        itemName: '',
        handlingId: null,
        channel: 'hall',
        level: ratingLevel(rng, e, null),
        rated,
        realName: rng() < 0.5,
        raterType: 'person',
        ageBand,
        online: false,
        pRectifyOnTime,
        batch,
      });
  }
}

const AGE_CUM = cumulative([0.02, 0.5, 0.27, 0.12, 0.07, 0.02]);

/** 5 非常满意 … 1 非常不满意, worse after a late case, a supplement request or extra trips. */
function ratingLevel(rng: Rng, e: number, c: Case | null): number {
  let q = 0.64 + 0.09 * e;
  if (c) {
    if (c.late) q -= 0.35;
    if (c.supplements > 0) q -= 0.15;
    if (c.trips >= 2) q -= 0.15;
    if (c.result === 'rejected') q -= 0.3;
    if (c.instant) q += 0.06;
    if (c.ageBand >= 3) q -= 0.05;
  }
  q = clamp(q, 0.05, 0.96);
  const r = rng();
  if (r < q) return 5;
  const rest = (r - q) / (1 - q);
  return rest < 0.62 ? 4 : rest < 0.82 ? 3 : rest < 0.92 ? 2 : 1;
}

interface RatingSpec {
  id: string;
  unit: string;
  dept: string;
  itemCode: string | null;
  itemName: string;
  handlingId: string | null;
  channel: Channel;
  level: number;
  rated: number;
  realName: boolean;
  raterType: 'person' | 'enterprise';
  ageBand: number;
  online: boolean;
  pRectifyOnTime: number;
  batch: string;
}

function writeRating(w: CsvWriter, ctx: DemoContext, rng: Rng, r: RatingSpec): void {
  let comment: string | null = null;
  const cr = rng();
  if (r.level === 5 && cr < 0.22) comment = pick(rng, PRAISE);
  else if (r.level === 4 && cr < 0.1) comment = pick(rng, PRAISE);
  else if (r.level === 3 && cr < 0.3) comment = pick(rng, NEUTRAL);
  else if (r.level <= 2 && cr < 0.8) comment = r.online && rng() < 0.6 ? pick(rng, BUGS) : pick(rng, COMPLAINTS);
  if (comment && r.itemName && r.level <= 2 && rng() < 0.3) comment = `${r.itemName}：${comment}`;
  let due: number | null = null;
  let rectified: number | null = null;
  let revisited: number | null = null;
  if (r.level <= 2) {
    due = ctx.calendar.deadline(r.rated, 15);
    const onTime = rng() < r.pRectifyOnTime;
    const doneDay = onTime
      ? ctx.calendar.nthWorkdayAfter(dayOf(r.rated), 1 + Math.floor(rng() * 12))
      : ctx.calendar.nthWorkdayAfter(dayOf(due), 1 + Math.floor(rng() * 10));
    rectified = midnightOf(doneDay) + (9 + rng() * 8) * HOUR;
    revisited = rectified - rng() * 2 * DAY;
    if (revisited < r.rated) revisited = r.rated + HOUR;
    if (rectified > ctx.now) rectified = null;
    if (revisited > ctx.now) revisited = null;
  }
  let quality = 'accepted';
  let flags: string = FLAGS_CSV.none;
  let rated = r.rated;
  let ingested = rated + Math.min(logNormal(rng, 6, 0.9), 100) * MINUTE;
  const q = rng();
  if (q < 0.0003) {
    rated = ctx.now + (1 + rng() * 30) * DAY;
    ingested = ctx.now - rng() * 10 * DAY;
    quality = 'rejected';
    flags = FLAGS_CSV.future;
  } else if (q < 0.0012) {
    ingested = rated + (3 + rng() * 40) * HOUR;
    flags = FLAGS_CSV.lateSync;
  }
  if (ingested > ctx.now) ingested = ctx.now - 1000;
  w.s(RATING_SOURCE).s(r.id).s(r.batch).d(ingested).s(quality).s(flags).s(r.id).s(r.unit).s(r.dept).s(r.itemCode).s(r.handlingId).s(r.channel);
  w.i(r.level).d(rated).b(r.realName).s(r.raterType).s(r.ageBand >= 0 ? AGE_BANDS[r.ageBand] : null).t(comment).d(due).d(rectified).d(revisited);
  w.end();
}

/**
 * Bursts of identical five-star ratings (刷分) sent by one county's own counter-rating system
 * (source `hcp-<county>`) within an hour or two: flagged by the concentrated-scores rule and
 * held out of the metrics until a data operator decides.
 */
export const BURSTS = [
  { county: '331127', month: 7, size: 420, comment: '非常满意' },
  { county: '330304', month: 10, size: 160, comment: '服务很好，非常满意！' },
] as const;

export function* burstLines(ctx: DemoContext, batch: string): Generator<string> {
  for (const [b, burst] of BURSTS.entries()) {
    const month = ctx.timeline.months[burst.month];
    if (!month) continue;
    const rng = stream(ctx.seed, 0x4a03, b);
    const size = Math.max(12, Math.round(burst.size * ctx.minor));
    const day = ctx.calendar.workdayFrom(month.startDay + 9 + Math.floor(rng() * 8));
    let t = midnightOf(day) + (14 + rng()) * HOUR;
    for (let i = 0; i < size; i++) {
      t += (4 + Math.floor(rng() * 14)) * 1000;
      const id = `HCPB${burst.county}${month.period.replace('-', '')}${pad(i + 1, 5)}`;
      const ingested = t + (2 + rng() * 5) * MINUTE;
      yield `hcp-${burst.county},${id},${batch},${ts(ingested)},flagged,${FLAGS_CSV.concentrated},${id},${burst.county},${burst.county}-zwfw,,,hall,5,${ts(t)},f,person,,${text(burst.comment)},,,`;
    }
  }
}

