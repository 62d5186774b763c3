// Each unit's implementation of the items (事项目录): the item code `<unit>-<base>`, the
// county's own promised limit, whether it converted a promised item into an immediate one, and
// the month from which each capability flag (全程网办, 掌上办, 零材料, 秒批, 适老化, 无障碍, 通办…)
// is true. Leading counties have most flags from the start; lagging ones catch up during the
// year, so the monthly catalogue snapshots show the improvement.
import { bool, date, num, text } from './csv';
import { AGE_PROFILES, ITEMS, itemSteps, type ItemKind, type ItemTemplate, type StepSpec } from './items';
import { deptCode, type Province } from './province';
import { clamp, cumulative, hashText, unit } from './random';
import type { Month } from './timeline';

export const FLAGS = [
  'online_capable', 'full_online', 'app_available', 'zero_material', 'instant_approval_enabled', 'elder_mode', 'accessible',
  'kiosk_available', 'min_necessary_compliant', 'rating_enabled', 'xprov_enabled', 'inprov_enabled', 'standardised',
  'guide_published', 'guide_complete',
] as const;
export type Flag = (typeof FLAGS)[number];

const BEFORE = -1;
const NEVER = 99;

export interface CatalogueEntry {
  unit: string;
  level: 'province' | 'city' | 'county';
  item: ItemTemplate;
  code: string;
  dept: string;
  effect: number;
  /** Month from which the item is immediate (converted 承诺件), NEVER if not converted. */
  convertMonth: number;
  /** The unit's promised limit for the (unconverted) item. */
  promised: number | null;
  approvalSteps: number;
  steps: StepSpec[];
  /** Month index from which each flag holds (BEFORE = before the window, NEVER = not in the window). */
  ready: Record<Flag, number>;
  xprovListed: boolean;
  inprovListed: boolean;
  /** Age-band cumulative weights for applicants. */
  ages: Float64Array;
}

export interface UnitCatalogue {
  unit: string;
  entries: CatalogueEntry[];
}

/** Item type of an entry in a month. */
export const typeIn = (e: CatalogueEntry, month: number): ItemKind => (e.convertMonth <= month ? 'immediate' : e.item.type);
/** Promised limit of an entry in a month (0 for immediate items, null for special ones). */
export const promisedIn = (e: CatalogueEntry, month: number): number | null => (e.convertMonth <= month ? 0 : e.promised);
export const has = (e: CatalogueEntry, flag: Flag, month: number) => e.ready[flag] <= month;

function readyMonth(seed: number, key: number, flag: number, atStart: number, atEnd: number): number {
  const u = unit(seed, key, flag, 0x5eed);
  const s = clamp(atStart, 0, 1);
  const e = clamp(Math.max(atEnd, s), 0, 1);
  if (u < s) return BEFORE;
  if (u < e) return Math.min(11, Math.floor(((u - s) / (e - s)) * 12));
  return NEVER;
}

function entryFor(seed: number, unitCode: string, level: 'province' | 'city' | 'county', effect: number, item: ItemTemplate): CatalogueEntry {
  const key = hashText(`${unitCode}-${item.base}`);
  const e = effect;
  const hf = item.hf;
  const online = item.online !== 'none';
  const f = (i: number, atStart: number, atEnd: number, eligible = true) => (eligible ? readyMonth(seed, key, i, atStart, atEnd) : NEVER);
  const ready: Record<Flag, number> = {
    online_capable: f(0, 0.93 + 0.05 * e, 0.99, online),
    full_online: f(1, 0.78 + 0.1 * e, 0.92 + 0.05 * e, item.online === 'full'),
    app_available: f(2, hf ? 0.9 + 0.06 * e : 0.7 + 0.1 * e, hf ? 0.99 : 0.85, online),
    zero_material: f(3, 0.5 + 0.18 * e, 0.7 + 0.12 * e, item.zero === true),
    instant_approval_enabled: f(4, 0.8 + 0.12 * e, 0.93 + 0.06 * e, item.instant === true),
    elder_mode: f(5, hf ? 0.88 + 0.08 * e : 0.5 + 0.1 * e, hf ? 0.99 + 0.03 * e : 0.7),
    accessible: f(6, hf ? 0.85 + 0.08 * e : 0.4 + 0.1 * e, hf ? 0.96 + 0.05 * e : 0.6),
    kiosk_available: f(7, hf ? 0.6 + 0.1 * e : 0.25, hf ? 0.82 + 0.06 * e : 0.35),
    min_necessary_compliant: f(8, 0.9 + 0.05 * e, 0.985 + 0.02 * e),
    rating_enabled: f(9, 0.96 + 0.03 * e, 1),
    xprov_enabled: f(10, 0.76 + 0.1 * e, 0.93 + 0.05 * e, item.xprov === true),
    inprov_enabled: f(11, 0.8 + 0.1 * e, 0.96, online || item.inprov === true),
    standardised: f(12, 0.9 + 0.05 * e, 0.97),
    guide_published: f(13, 0.99, 1),
    guide_complete: f(14, 0.88 + 0.06 * e, 0.97),
  };
  const convertMonth = item.convertible && level === 'county' ? readyMonth(seed, key, 20, 0.4 + 0.25 * e, 0.6 + 0.3 * e) : NEVER;
  // Leading units promise much less than the statutory limit (承诺时限压缩), lagging ones less so.
  let promised = item.prom;
  if (promised !== null && promised > 0 && item.stat !== null) {
    const factor = clamp(1 - 0.5 * e + 0.3 * (unit(seed, key, 21) - 0.5), 0.5, 2.2);
    promised = clamp(Math.round(promised * factor), 1, item.stat);
  }
  const steps = itemSteps(item, item.type === 'immediate', promised);
  const merged = item.type === 'promised' && unit(seed, key, 22) < 0.3 + 0.2 * e;
  return {
    unit: unitCode,
    level,
    item,
    code: `${unitCode}-${item.base}`,
    dept: deptCode(unitCode, item.dept),
    effect,
    convertMonth,
    promised,
    approvalSteps: steps.length - (merged ? 1 : 0),
    steps,
    ready,
    xprovListed: item.xprov === true,
    inprovListed: online || item.inprov === true,
    ages: cumulative(AGE_PROFILES[item.ages ?? 'general']),
  };
}

export function buildCatalogue(seed: number, p: Province): Map<string, UnitCatalogue> {
  const out = new Map<string, UnitCatalogue>();
  const add = (code: string, level: 'province' | 'city' | 'county', effect: number) => {
    const entries = ITEMS.filter((i) => i.levels.includes(level)).map((i) => entryFor(seed, code, level, effect, i));
    out.set(code, { unit: code, entries });
  };
  add(p.province.code, 'province', 1.0);
  for (const c of p.cities) add(c.code, 'city', c.effect + 0.2);
  for (const k of p.counties) add(k.code, 'county', k.domains.efficiency);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

export const SERVICE_ITEM_COLUMNS = [
  'code', 'name', 'item_type', 'high_frequency', 'statutory_limit_days', 'promised_limit_days', 'online_level', 'org_unit_code',
  'department_code', 'applicant_type', 'life_event',
] as const;

export const STEP_COLUMNS = ['item_code', 'seq', 'name', 'department_code', 'limit_hours'] as const;

/** The item definitions (service_items), as of the end of the window. */
export function* serviceItemLines(catalogue: Map<string, UnitCatalogue>): Generator<string> {
  for (const { entries } of catalogue.values()) {
    for (const e of entries) {
      const type = typeIn(e, 11);
      const onlineLevel = e.item.online === 'full' ? 4 : e.item.online === 'online' ? 3 : 1;
      yield [
        text(e.code), text(e.item.name), type, bool(e.item.hf), num(e.item.stat), num(promisedIn(e, 11)), String(onlineLevel), e.unit,
        text(e.dept), e.item.applicant, text(e.item.scenario),
      ].join(',');
    }
  }
}

export function* stepLines(catalogue: Map<string, UnitCatalogue>): Generator<string> {
  for (const { entries } of catalogue.values()) {
    for (const e of entries) {
      let seq = 0;
      for (const s of e.steps) {
        seq++;
        yield [text(e.code), String(seq), text(s.name), text(deptCode(e.unit, s.dept)), num(s.hours)].join(',');
      }
    }
  }
}

export const SNAPSHOT_COLUMNS = [
  'source', 'source_id', 'batch_id', 'ingested_at', 'quality_status', 'quality_flags',
  'item_code', 'item_name', 'org_unit', 'department', 'snapshot_date', 'in_service', 'item_type', 'high_frequency', 'online_capable',
  'full_online', 'app_available', 'zero_material', 'instant_approval_enabled', 'statutory_limit_days', 'promised_limit_days',
  'approval_steps', 'elder_mode', 'accessible', 'kiosk_available', 'min_necessary_compliant', 'rating_enabled', 'xprov_listed',
  'xprov_enabled', 'inprov_listed', 'inprov_enabled', 'standardised', 'guide_published', 'guide_complete',
] as const;

export const SNAPSHOT_SOURCE = 'zj-item-catalogue';

/** One catalogue snapshot per unit on the last day of every month (taken overnight, loaded at 02:00). */
export function* snapshotLines(catalogue: Map<string, UnitCatalogue>, months: readonly Month[], batchId: string, ts: (ms: number) => string): Generator<string> {
  for (const month of months) {
    const day = month.endDay - 1;
    const snapshotDate = date(day);
    const ingested = ts(month.endMs + 2 * 3600_000);
    for (const { unit: code, entries } of catalogue.values()) {
      for (const e of entries) {
        const m = month.index;
        const flag = (f: Flag) => bool(has(e, f, m));
        const fullOnline = has(e, 'full_online', m) && has(e, 'online_capable', m);
        yield [
          SNAPSHOT_SOURCE, `${code}:${e.code}:${snapshotDate}`, batchId, ingested, 'accepted', '[]',
          text(e.code), text(e.item.name), code, text(e.dept), snapshotDate, 't', typeIn(e, m), bool(e.item.hf), flag('online_capable'),
          bool(fullOnline), bool(has(e, 'app_available', m) && has(e, 'online_capable', m)), flag('zero_material'),
          flag('instant_approval_enabled'), num(e.item.stat), num(promisedIn(e, m)), String(e.convertMonth <= m ? 3 : e.approvalSteps),
          flag('elder_mode'), flag('accessible'), flag('kiosk_available'), flag('min_necessary_compliant'), flag('rating_enabled'),
          bool(e.xprovListed), bool(e.xprovListed && has(e, 'xprov_enabled', m)), bool(e.inprovListed),
          bool(e.inprovListed && has(e, 'inprov_enabled', m)), flag('standardised'), flag('guide_published'),
          bool(has(e, 'guide_published', m) && has(e, 'guide_complete', m)),
        ].join(',');
      }
    }
  }
}
