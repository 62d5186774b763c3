// 诉求、投诉、建议 (feedback) from the 12345 hotline and the apps' one-click feedback, with the
// four-colour response tiers, first responses, resolutions and the demand lifecycle
// (待审核 → 已受理 → 开发中 → 测试中 → 已上线 / 不予采纳); and mystery-shopper runs (神秘顾客).
import { DAY, FLAGS_CSV, HEAD, HOUR, MINUTE, type DemoContext } from './context';
import { bool, midnightOf, text, ts } from './csv';
import { deptCode, PORTAL, ZHELIBAN, type County } from './province';
import { apportion, clamp, cumulative, logNormal, normal, pick, pickIndex, poisson, stream, type Rng } from './random';
import { bugText, complaintText, CONSULTATIONS, DEMANDS, DEVICES, MYSTERY_NOTES, PAGES, SUGGESTIONS } from './texts';

export const FEEDBACK_COLUMNS = [
  ...HEAD,
  'feedback_id', 'org_unit', 'department', 'app_id', 'kind', 'tier', 'received_at', 'first_response_at', 'due_at', 'resolved_at',
  'resolution', 'status', 'closed_at', 'delivered_at', 'major', 'major_confirmed_at', 'content', 'page_path', 'device', 'app_version',
] as const;

export const MYSTERY_COLUMNS = [
  ...HEAD,
  'run_id', 'org_unit', 'app_id', 'item_code', 'high_frequency', 'run_at', 'steps', 'task_completed', 'duration_seconds',
  'problems_found', 'score', 'double_blind', 'verified', 'notes',
] as const;

/** Feedback items at scale 1. */
const FEEDBACK_BASE = 12_000;
/** Mystery-shopper runs at scale 1 (about two per county per month). */
const MYSTERY_BASE = 2_400;

/** Complaints the performance office designated 重大投诉 (veto of B3.06). */
export const MAJOR_COMPLAINTS = [
  { county: '331124', month: 2, content: '不动产登记窗口连续一周系统故障，群众集中投诉，排队到傍晚仍无法办理，地方媒体报道' },
  { county: '330825', month: 6, content: '多名老人反映养老金待遇申领被要求反复提交同一证明，经媒体曝光后引发集中投诉' },
] as const;

type Kind = 'complaint' | 'bug' | 'suggestion' | 'demand' | 'consultation';
const KINDS: readonly Kind[] = ['complaint', 'bug', 'suggestion', 'demand', 'consultation'];
const KIND_CUM = cumulative([0.28, 0.2, 0.2, 0.1, 0.22]);

function tierFor(rng: Rng, kind: Kind): 'red' | 'orange' | 'yellow' | 'blue' {
  const r = rng();
  switch (kind) {
    case 'complaint':
      return r < 0.03 ? 'red' : r < 0.73 ? 'orange' : 'yellow';
    case 'bug':
      return r < 0.05 ? 'red' : r < 0.6 ? 'orange' : 'yellow';
    case 'suggestion':
      return r < 0.3 ? 'yellow' : 'blue';
    case 'demand':
      return r < 0.15 ? 'yellow' : 'blue';
    default:
      return r < 0.7 ? 'yellow' : 'orange';
  }
}

const TIER_HOURS = { red: 2, orange: 24, yellow: 72 } as const;
/** Typical first-response delay per tier, minutes. */
const RESPONSE_MEDIAN = { red: 25, orange: 150, yellow: 600, blue: 1800 } as const;

export function* feedbackLines(ctx: DemoContext, batch: string): Generator<string> {
  const p = ctx.province;
  const units: { code: string; county: County | null; weight: number; effect: number }[] = [
    { code: p.province.code, county: null, weight: 0.08, effect: 1.0 },
    ...p.cities.map((c) => ({ code: c.code, county: null, weight: 0.07 / p.cities.length, effect: c.effect })),
    ...p.counties.map((k) => ({ code: k.code, county: k, weight: 0, effect: k.domains.experience })),
  ];
  const countyPop = p.counties.reduce((s, k) => s + k.population, 0);
  for (const u of units) if (u.county) u.weight = (0.85 * u.county.population) / countyPop;
  const total = Math.round(FEEDBACK_BASE * ctx.minor);
  const weights: number[] = [];
  for (const month of ctx.timeline.months) for (const u of units) weights.push(u.weight * month.volume * (1 - 0.06 * u.effect));
  const counts = apportion(total, weights);
  const cityApp = (code: string) => `app-${code}`;
  let cell = 0;
  for (const month of ctx.timeline.months) {
    for (const u of units) {
      const n = counts[cell++]!;
      if (n === 0) continue;
      const rng = stream(ctx.seed, 0x6f01, cell);
      const e = clamp(u.effect + 0.03 * (month.index - 6), -2.2, 2.2);
      const entries = ctx.catalogue.get(u.code)!.entries;
      for (let i = 0; i < n; i++) {
        const kind = KINDS[pickIndex(rng, KIND_CUM)]!;
        const inApp = kind === 'bug' ? rng() < 0.85 : rng() < 0.45;
        const source = inApp ? 'zlb-feedback' : 'zj-12345';
        const appId = inApp || kind === 'bug' ? (u.county ? (rng() < 0.7 ? ZHELIBAN : rng() < 0.5 ? `mp-${u.code}` : cityApp(u.county.city)) : u.code.length === 6 && u.code.endsWith('0000') ? (rng() < 0.85 ? ZHELIBAN : PORTAL) : cityApp(u.code)) : null;
        const entry = pick(rng, entries);
        const dept = kind === 'complaint' ? entry.dept : kind === 'consultation' ? deptCode(u.code, 'zwfw') : kind === 'bug' ? deptCode(u.code, 'sjj') : rng() < 0.5 ? deptCode(u.code, 'sjj') : entry.dept;
        const day = ctx.timeline.day(rng, month, !inApp);
        const received = midnightOf(day) + ctx.timeline.second(rng, !inApp) * 1000;
        const id = `${inApp ? 'FB' : 'RX'}${u.code}${month.period.replace('-', '')}${String(i + 1).padStart(5, '0')}`;
        const recent = ctx.now - received < 3 * DAY;
        const tier = recent && rng() < 0.5 ? null : tierFor(rng, kind);
        const due = tier === null ? null : tier === 'blue' ? ctx.calendar.deadline(received, 7) : received + TIER_HOURS[tier] * HOUR;
        let firstResponse: number | null = null;
        if (tier !== null) {
          const onTime = rng() < clamp(0.965 + 0.03 * e, 0.8, 0.998);
          const quick = (kind === 'complaint' || kind === 'bug') && rng() < clamp(0.35 + 0.15 * e, 0.05, 0.8);
          firstResponse = quick ? received + (2 + rng() * 12) * MINUTE : received + Math.min(logNormal(rng, RESPONSE_MEDIAN[tier], 0.7) * MINUTE, due! - received - MINUTE);
          if (!onTime) firstResponse = due! + (0.5 + rng() * 30) * HOUR;
          if (firstResponse < received + MINUTE) firstResponse = received + MINUTE;
          if (firstResponse > ctx.now) firstResponse = null;
        }
        let resolvedAt: number | null = null;
        let resolution: string | null = null;
        let status = 'pending_review';
        let closed: number | null = null;
        let delivered: number | null = null;
        if (firstResponse !== null) {
          status = 'accepted';
          if (kind === 'complaint' || kind === 'bug' || kind === 'consultation') {
            const r = rng();
            if (r < 0.03) resolution = 'duplicate';
            else if (r < clamp(0.93 + 0.04 * e, 0.7, 0.99)) {
              resolution = 'resolved';
              resolvedAt = firstResponse + logNormal(rng, kind === 'bug' ? 60 : kind === 'consultation' ? 0.5 : clamp(10 * Math.exp(-0.3 * e), 3, 40), 0.9) * HOUR;
              if (resolvedAt > ctx.now) {
                resolvedAt = null;
                resolution = null;
              }
            } else resolution = 'unresolved';
            if (kind === 'bug') {
              if (resolution === 'resolved') {
                status = 'online';
                delivered = closed = resolvedAt;
              } else if (resolution === null) status = rng() < 0.5 ? 'developing' : 'testing';
            }
          } else {
            const adopted = rng() < clamp(0.45 + 0.1 * e, 0.2, 0.75);
            if (adopted) {
              const cycle = logNormal(rng, clamp(20 * Math.exp(-0.3 * e), 7, 60), 0.55) * DAY;
              const at = received + cycle;
              if (at <= ctx.now) {
                status = 'online';
                delivered = closed = resolvedAt = at;
                resolution = 'resolved';
              } else status = at - ctx.now < 7 * DAY ? 'testing' : 'developing';
            } else {
              const at = firstResponse + (0.2 + rng() * 8) * DAY;
              if (at <= ctx.now) {
                status = 'rejected';
                closed = resolvedAt = at;
                resolution = 'not_adopted';
              }
            }
          }
        }
        const content =
          kind === 'complaint' ? complaintText(rng, entry.item.name) : kind === 'bug' ? bugText(rng, appName(ctx, appId)) : kind === 'suggestion' ? pick(rng, SUGGESTIONS) : kind === 'demand' ? pick(rng, DEMANDS) : pick(rng, CONSULTATIONS);
        yield feedbackLine(ctx, rng, batch, {
          source, id, unit: u.code, dept, appId, kind, tier, received, firstResponse, due, resolvedAt, resolution, status, closed, delivered,
          major: null, content, inApp, page: inApp ? (kind === 'bug' && rng() < 0.7 ? `/item/${entry.item.base}/apply` : pick(rng, PAGES)) : null,
        });
      }
    }
  }
  // The two major complaints (always present, whatever the scale).
  for (const [i, major] of MAJOR_COMPLAINTS.entries()) {
    const month = ctx.timeline.months[major.month]!;
    const rng = stream(ctx.seed, 0x6f02, i);
    const received = midnightOf(ctx.calendar.workdayFrom(month.startDay + 8)) + 10 * HOUR;
    const firstResponse = received + 40 * MINUTE;
    const resolvedAt = received + 4 * DAY;
    yield feedbackLine(ctx, rng, batch, {
      source: 'zj-12345', id: `RX${major.county}${month.period.replace('-', '')}MAJOR${i + 1}`, unit: major.county, dept: deptCode(major.county, 'zwfw'),
      appId: null, kind: 'complaint', tier: 'red', received, firstResponse, due: received + 2 * HOUR, resolvedAt, resolution: 'resolved',
      status: 'accepted', closed: null, delivered: null, major: received + 3 * DAY, content: major.content, inApp: false, page: null,
    });
  }
}

function appName(ctx: DemoContext, appId: string | null): string {
  return ctx.apps.find((a) => a.id === appId)?.name ?? '浙里办';
}

interface FeedbackSpec {
  source: string;
  id: string;
  unit: string;
  dept: string;
  appId: string | null;
  kind: Kind;
  tier: string | null;
  received: number;
  firstResponse: number | null;
  due: number | null;
  resolvedAt: number | null;
  resolution: string | null;
  status: string;
  closed: number | null;
  delivered: number | null;
  major: number | null;
  content: string;
  inApp: boolean;
  page: string | null;
}

function feedbackLine(ctx: DemoContext, rng: Rng, batch: string, f: FeedbackSpec): string {
  let received = f.received;
  let quality = 'accepted';
  let flags: string = FLAGS_CSV.none;
  let ingested = f.received + (1 + rng() * 20) * MINUTE;
  const q = rng();
  if (q < 0.001 && f.major === null) {
    received = ctx.now + (1 + rng() * 20) * DAY;
    quality = 'rejected';
    flags = FLAGS_CSV.future;
  } else if (q < 0.012) {
    ingested = f.received + (3 + rng() * 24) * HOUR;
    flags = FLAGS_CSV.lateSync;
  }
  // Stored in its latest state; ingested_at stays the first arrival (business time + sync delay).
  ingested = Math.min(ingested, ctx.now - 1000);
  const device = f.inApp ? pick(rng, DEVICES) : null;
  const version = f.inApp ? `7.${10 + Math.min(11, Math.max(0, Math.floor((f.received - ctx.timeline.windowStart) / (30 * DAY))))}.0` : null;
  return `${f.source},${f.id},${batch},${ts(ingested)},${quality},${flags},${f.id},${f.unit},${f.dept},${f.appId ?? ''},${f.kind},${f.tier ?? ''},${ts(received)},${ts(f.firstResponse)},${ts(f.due)},${ts(f.resolvedAt)},${f.resolution ?? ''},${f.status},${ts(f.closed)},${ts(f.delivered)},${bool(f.major !== null)},${ts(f.major)},${text(f.content)},${text(f.page)},${text(device)},${text(version)}`;
}

// ---------------------------------------------------------------------------------------------
// Mystery shopper (神秘顾客)
// ---------------------------------------------------------------------------------------------

export function* mysteryLines(ctx: DemoContext, batch: string): Generator<string> {
  const p = ctx.province;
  const units = [
    { code: p.province.code, county: null as County | null, effect: 1.0, weight: 1.2 },
    ...p.cities.map((c) => ({ code: c.code, county: null as County | null, effect: c.effect + 0.2, weight: 0.6 })),
    ...p.counties.map((k) => ({ code: k.code, county: k as County | null, effect: k.domains.experience, weight: Math.sqrt(k.population / 50) })),
  ];
  const weights: number[] = [];
  for (let m = 0; m < 12; m++) for (const u of units) weights.push(u.weight);
  const counts = apportion(Math.round(MYSTERY_BASE * ctx.minor), weights);
  let cell = 0;
  for (const month of ctx.timeline.months) {
    for (const u of units) {
      const n = counts[cell++]!;
      if (n === 0) continue;
      const rng = stream(ctx.seed, 0x6f03, cell);
      const e = clamp(u.effect + 0.03 * (month.index - 6), -2.2, 2.2);
      const entries = ctx.catalogue.get(u.code)!.entries;
      const hfEntries = entries.filter((x) => x.item.hf);
      for (let i = 0; i < n; i++) {
        const hf = hfEntries.length > 0 && rng() < 0.8;
        const entry = hf ? pick(rng, hfEntries) : pick(rng, entries);
        const r = rng();
        const appId = r < 0.5 ? ZHELIBAN : r < 0.75 && u.county ? `mp-${u.code}` : r < 0.75 && u.code !== p.province.code ? `app-${u.code}` : null;
        const day = ctx.calendar.workdayFrom(month.startDay + Math.floor(rng() * (month.endDay - month.startDay)));
        const runAt = Math.min(midnightOf(day) + ctx.timeline.second(rng, true) * 1000, ctx.now - DAY);
        if (runAt >= month.endMs) continue;
        const steps = Math.round(clamp((entry.item.hf ? 3.1 : 5) - 0.65 * e + 0.8 * normal(rng), 1, 12));
        const problems = poisson(rng, clamp(1.1 - 0.55 * e, 0.1, 4));
        const completed = rng() < clamp(0.9 + 0.05 * e - 0.03 * problems, 0.5, 0.99);
        const duration = Math.round(steps * 35 + logNormal(rng, appId === null ? 900 : 180, 0.5));
        const score = Math.round(clamp(81 + 6 * e - 3.5 * problems + 4 * normal(rng) - (completed ? 0 : 15), 20, 100) * 10) / 10;
        const notes: string[] = [];
        for (let k = 0; k < problems; k++) notes.push(pick(rng, MYSTERY_NOTES));
        const verified = ctx.now - runAt > 10 * DAY ? rng() < 0.96 : rng() < 0.4;
        const id = `MS${u.code}${month.period.replace('-', '')}${String(i + 1).padStart(3, '0')}`;
        const ingested = Math.min(runAt + (1 + rng() * 10) * HOUR, ctx.now - 1000);
        yield `tp-mystery,${id},${batch},${ts(ingested)},accepted,${FLAGS_CSV.none},${id},${u.code},${appId ?? ''},${entry.code},${bool(entry.item.hf)},${ts(runAt)},${steps},${bool(completed)},${duration},${problems},${score},${bool(rng() < 0.5)},${bool(verified)},${text(notes.length ? [...new Set(notes)].join('；') : null)}`;
      }
    }
  }
}

