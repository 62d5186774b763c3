// APP 埋点 events: each app has a sample of registered users (pseudonymous ids, age bands, a
// home county). Every month a registered user is active with a probability that depends on the
// app's maturity, the user's habits and age; an active user-month is one session — a task on
// one of the home county's items (started, then finished or abandoned), or browsing — with the
// occasional interface survey, NPS answer and core-API timing. Registrations before the window
// are loaded too, so that "registered users" is cumulative as the metric expects.
import { has, type CatalogueEntry } from './catalogue';
import { DAY, FLAGS_CSV, HEAD, HOUR, MINUTE, type DemoContext } from './context';
import { CsvWriter, midnightOf } from './csv';
import { AGE_BANDS } from './items';
import { NEW_APP_COUNTY, PORTAL, ZHELIBAN, type County, type DemoApp } from './province';
import { clamp, cumulative, hexId, logNormal, normal, pickIndex, stream, unit, type Rng } from './random';
import { DEVICES, PAGES } from './texts';

export const EVENT_COLUMNS = [
  ...HEAD,
  'event_id', 'app_id', 'app_org_unit', 'org_unit', 'user_id', 'session_id', 'task_id', 'event_type', 'item_code', 'page_path',
  'occurred_at', 'device', 'app_version', 'value', 'core_function', 'user_age_band',
] as const;

/** Rows per CSV chunk. */
const CHUNK_ROWS = 20_000;

const USER_AGES = cumulative([0.02, 0.53, 0.26, 0.12, 0.055, 0.015]);

interface AppUsers {
  app: DemoApp;
  index: number;
  count: number;
  registered: Float64Array;
  age: Uint8Array;
  home: Uint16Array;
  propensity: Float32Array;
  devices: string[];
  ids: string[];
  effect: number;
}

function buildUsers(ctx: DemoContext): AppUsers[] {
  const counties = ctx.province.counties;
  const allCum = cumulative(counties.map((k) => k.population));
  return ctx.apps.map((app, index) => {
    const rng = stream(ctx.seed, 0x5e01, index);
    const count = Math.max(3, Math.round(app.users * ctx.scale));
    const pool: County[] =
      app.id === ZHELIBAN || app.id === PORTAL
        ? counties
        : ctx.province.cityByCode.get(app.orgUnit)?.counties ?? counties.filter((k) => k.code === app.orgUnit);
    const cum = pool === counties ? allCum : cumulative(pool.map((k) => k.population));
    const registered = new Float64Array(count);
    const age = new Uint8Array(count);
    const home = new Uint16Array(count);
    const propensity = new Float32Array(count);
    const devices: string[] = [];
    const ids: string[] = [];
    const from = app.fromMonth === null ? null : ctx.timeline.months[app.fromMonth]!;
    const preShare = from ? 0 : 0.8;
    for (let u = 0; u < count; u++) {
      if (rng() < preShare) registered[u] = ctx.timeline.windowStart - (1 + rng() * 900) * DAY - rng() * DAY;
      else {
        const start = from ? from.startMs : ctx.timeline.windowStart;
        const end = app.toMonth === null ? ctx.timeline.windowEnd : ctx.timeline.months[app.toMonth]!.endMs;
        registered[u] = start + rng() * (end - start);
      }
      age[u] = pickIndex(rng, USER_AGES);
      home[u] = pool[pickIndex(rng, cum)]!.index;
      propensity[u] = rng() < 0.45 ? 1.35 : 0.71;
      const model = DEVICES[Math.floor(rng() * DEVICES.length)]!;
      devices.push(app.kind === 'web' ? 'Chrome 126 / Windows 10' : app.kind === 'mini_program' ? `WeChat 8.0.50 / ${model}` : model);
      ids.push(`${app.id === ZHELIBAN ? 'zlb' : 'u'}:${hexId(16, ctx.seed, 0x5e02, index, u)}`);
    }
    const effect = app.orgUnit.length === 6 && ctx.province.countyByCode.has(app.orgUnit) ? ctx.province.countyByCode.get(app.orgUnit)!.domains.experience : app.effect;
    return { app, index, count, registered, age, home, propensity, devices, ids, effect };
  });
}

/** Items a user may work on in the app: the home county's online items (high-frequency ones weigh more). */
function taskItems(ctx: DemoContext, county: County, month: number): { entries: CatalogueEntry[]; cum: Float64Array } {
  const entries = ctx.catalogue.get(county.code)!.entries.filter((e) => has(e, 'online_capable', month) && has(e, 'app_available', month));
  return { entries, cum: cumulative(entries.map((e) => e.item.weight * (e.item.hf ? 2 : 1))) };
}

/** The events as CSV chunks, month by month; `report` gets the running row count. */
export function* eventChunks(ctx: DemoContext, batch: string, report: (rows: number) => void = () => {}): Generator<Uint8Array> {
  const w = new CsvWriter();
  let rows = 0;
  const full = () => w.rows >= CHUNK_ROWS;
  const take = () => {
    rows += w.rows;
    report(rows);
    return w.bytes();
  };
  const users = buildUsers(ctx);
  const taskCache = new Map<number, { entries: CatalogueEntry[]; cum: Float64Array }>();
  const counties = ctx.province.counties;

  // Registrations before the window (the cumulative registered-user base).
  for (const a of users) {
    const rng = stream(ctx.seed, 0x5e03, a.index);
    for (let u = 0; u < a.count; u++) {
      if (full()) yield take();
      if (a.registered[u]! >= ctx.timeline.windowStart) continue;
      write(w, ctx, rng, batch, a, u, `${a.app.id}-R-${u + 1}`, 'register', null, null, null, null, '/register', a.registered[u]!, null, false, 0);
    }
  }

  for (const month of ctx.timeline.months) {
    const m = month.index;
    const season = Math.pow(month.volume, 0.3);
    for (const a of users) {
      const app = a.app;
      if ((app.fromMonth !== null && app.fromMonth > m) || (app.toMonth !== null && app.toMonth < m)) continue;
      const rng = stream(ctx.seed, 0x5e04, a.index, m);
      const e = clamp(a.effect + 0.03 * (m - 6), -2.2, 2.2);
      const version = appVersion(app, m);
      let seq = 0;
      const id = () => `${app.id}-${month.period.replace('-', '')}-${++seq}`;
      for (let u = 0; u < a.count; u++) {
        if (full()) yield take();
        const reg = a.registered[u]!;
        if (reg >= month.endMs) continue;
        if (reg >= month.startMs) write(w, ctx, rng, batch, a, u, id(), 'register', null, null, null, null, '/register', reg, version, false, 0);
        const elder = a.age[u]! >= 3;
        const base = elder ? clamp(0.36 + 0.06 * e, 0.12, 0.6) : clamp(0.62 + 0.07 * e, 0.3, 0.86);
        if (rng() >= clamp(base * a.propensity[u]! * season, 0, 0.98)) continue;
        // One session this month, after the registration.
        const day = ctx.timeline.day(rng, month, false);
        let t = midnightOf(day) + ctx.timeline.second(rng, false) * 1000;
        if (t < reg) t = reg + (1 + rng() * 30) * MINUTE;
        if (t >= month.endMs) t = month.endMs - (1 + rng() * 60) * MINUTE;
        const session = `s-${hexId(12, ctx.seed, a.index, u, m)}`;
        const county = counties[a.home[u]!]!;
        const ck = county.index * 16 + m;
        let tasks = taskCache.get(ck);
        if (!tasks) {
          tasks = taskItems(ctx, county, m);
          taskCache.set(ck, tasks);
        }
        const ce = clamp(county.domains.experience + 0.03 * (m - 6), -2.2, 2.2);
        if (tasks.entries.length > 0 && rng() < 0.62) {
          const entry = tasks.entries[pickIndex(rng, tasks.cum)]!;
          const task = `t-${hexId(12, ctx.seed, a.index, u, m, 7)}`;
          const path = `/item/${entry.item.base}/apply`;
          write(w, ctx, rng, batch, a, u, id(), 'task_start', county.code, session, task, entry.code, path, t, version, false, 0);
          const finish = rng() < clamp(0.87 + 0.05 * ce - (elder ? 0.05 : 0), 0.6, 0.98);
          const t2 = t + (finish ? logNormal(rng, 3, 0.6) : 1 + rng() * 25) * MINUTE;
          write(w, ctx, rng, batch, a, u, id(), finish ? 'task_finish' : 'task_abandon', county.code, session, task, entry.code, path, t2, version, false, 0);
          if (rng() < 0.3) {
            const ms = Math.round(logNormal(rng, clamp(640 * Math.exp(-0.3 * e), 250, 1600), 0.7));
            write(w, ctx, rng, batch, a, u, id(), 'api_timing', county.code, session, null, entry.code, `${path}/submit`, t + 40_000, version, true, ms);
          }
          if (finish && rng() < 0.08) {
            const stars = Math.round(clamp(4.25 + 0.25 * ce - (elder ? 0.25 : 0) + 0.75 * normal(rng), 1, 5));
            write(w, ctx, rng, batch, a, u, id(), 'survey_ui', county.code, session, null, entry.code, `${path}/done`, t2 + 20_000, version, false, stars);
          }
        } else {
          const path = elder && rng() < 0.5 ? '/elder/home' : PAGES[Math.floor(rng() * PAGES.length)]!;
          write(w, ctx, rng, batch, a, u, id(), 'page_view', null, session, null, null, path, t, version, false, 0);
          if (rng() < 0.3) write(w, ctx, rng, batch, a, u, id(), 'click', null, session, null, null, path, t + (3 + rng() * 40) * 1000, version, false, 0);
          if (rng() < 0.12) {
            const ms = Math.round(logNormal(rng, clamp(520 * Math.exp(-0.25 * e), 250, 1500), 0.7));
            write(w, ctx, rng, batch, a, u, id(), 'api_timing', county.code, session, null, null, '/home/load', t + 1500, version, rng() < 0.5, ms);
          }
        }
        if (rng() < 0.05) {
          const score = Math.round(clamp(8.95 + 0.45 * ce + 1.6 * normal(rng), 0, 10));
          write(w, ctx, rng, batch, a, u, id(), 'survey_nps', county.code, session, null, null, '/survey/nps', t + 5 * MINUTE, version, false, score);
        }
      }
    }
  }
  if (w.rows > 0) yield take();
}

function appVersion(app: DemoApp, month: number): string {
  if (app.id === ZHELIBAN) return `7.${10 + month}.0`;
  if (app.kind === 'web') return `2025.${month + 1}`;
  return `${app.id === `mp-${NEW_APP_COUNTY}` ? 1 : 3}.${month}.${month % 3}`;
}

function write(
  w: CsvWriter,
  ctx: DemoContext,
  rng: Rng,
  batch: string,
  a: AppUsers,
  u: number,
  eventId: string,
  type: string,
  orgUnit: string | null,
  session: string | null,
  task: string | null,
  itemCode: string | null,
  page: string | null,
  at: number,
  version: string | null,
  core: boolean,
  value: number,
): void {
  let occurred = at;
  let quality = 'accepted';
  let flags: string = FLAGS_CSV.none;
  let ingested = at + (20 + rng() * 600) * 1000;
  const q = rng();
  if (q < 0.0004 && type !== 'register') {
    // The device clock was wrong.
    occurred = ctx.now + (1 + rng() * 300) * DAY;
    ingested = at + (1 + rng() * 5) * MINUTE;
    quality = 'rejected';
    flags = FLAGS_CSV.future;
  } else if (q < 0.008) {
    // Offline for a while: uploaded hours later.
    ingested = at + (2.5 + rng() * 30) * HOUR;
    flags = FLAGS_CSV.lateSync;
  }
  if (ingested > ctx.now) ingested = ctx.now - 1000;
  const hasValue = type === 'survey_ui' || type === 'survey_nps' || type === 'api_timing';
  const row = (id: string, when: number, status: string, rules: string) => {
    w.s(a.app.source).s(id).s(batch).d(when).s(status).s(rules).s(id).s(a.app.id).s(a.app.orgUnit).s(orgUnit).s(a.ids[u]!).s(session).s(task).s(type);
    w.s(itemCode).t(page).d(occurred).t(a.devices[u]!).t(version).n(hasValue ? value : null).b(core).s(AGE_BANDS[a.age[u]!]!);
    w.end();
  };
  row(eventId, ingested, quality, flags);
  // An SDK retry: the same event again under a new id (rejected as a duplicate).
  if (quality === 'accepted' && unit(ctx.seed, 0x5e05, a.index, u, at) < 0.0006) row(`${eventId}-retry`, Math.min(ingested + 30_000, ctx.now - 1000), 'rejected', FLAGS_CSV.duplicate);
}
