// The feedback loop of the demo (issue 6): citizens' submissions and 好差评 ratings of the last four
// weeks taken through the REAL intake and processing path (submitFeedback / submitRating, then the
// queued feedback jobs with the shared text analyzer — exactly what the public endpoints trigger),
// then worked by staff through the same service functions the console calls: accepted, in
// development, in testing, delivered, a few not adopted with a reason, a few transferred, one
// paused, some left open past their SLA deadline, a few callbacks closed, and one pending rating
// appeal. Everything the generator chooses is drawn from the demo seed; the ids and tracking codes
// the intake makes are random, as in production.
import { randomBytes } from 'node:crypto';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../identity/actor';
import { closeCallback } from '../feedback/callbacks';
import { submitFeedback, submitRating } from '../feedback/intake';
import { runFeedbackJobs } from '../feedback/jobs';
import { defaultAnalyzer } from '../feedback/process';
import { submitRatingAppeal } from '../feedback/rating-appeals';
import { advanceOrder, pauseOrder, transferOrder } from '../feedback/work-orders';
import { createFieldCipher, type FieldCipher } from '../privacy/cipher';
import { DAY, HOUR, MINUTE, type DemoContext } from './context';
import { pick, stream, type Rng } from './random';
import { BUGS, COMPLAINTS, CONSULTATIONS, DEMANDS, DEVICES, NEUTRAL, PAGES, PRAISE, SUGGESTIONS } from './texts';

/** Submissions at scale 1, and the floor that keeps even a tiny demo's console populated. */
export const DEMO_INTAKE_FEEDBACK = 240;
export const DEMO_INTAKE_FEEDBACK_FLOOR = 48;
const WINDOW_DAYS = 28;
const STREAM = 0x6f6b;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const TRANSFER_REASONS = ['诉求涉及不动产登记，转属地自然资源部门办理', '经核实属于邻县事项，转交属地办理', '涉及医保结算，转医保部门办理'];
const NOT_ADOPTED = ['现行政策不支持线上办理，已向群众解释政策依据', '诉求与已上线功能重复，已告知使用路径', '涉及跨省数据共享，暂不具备条件，已列入需求池观察'];
const CALLBACK_OUTCOMES = ['已约谈窗口人员并调整排班，电话回访群众表示认可', '已优化材料清单并一次性告知，回访群众基本满意'];

export interface DemoIntakeCounts {
  feedback_submissions: number;
  work_orders: number;
  callbacks: number;
  rating_appeals: number;
}

interface Planned {
  at: number;
  text: string;
  kind: 'complaint' | 'bug' | 'suggestion' | 'demand' | 'consultation' | undefined;
  unit: string;
  contact: boolean;
}

/** Office-hours times (08:00–20:00 Beijing) spread over the window before `now`, oldest first. */
function timesBefore(rng: Rng, now: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = Math.floor(now / DAY) - 1 - Math.floor(rng() * WINDOW_DAYS);
    out.push(day * DAY + (0 + Math.floor(rng() * 12)) * HOUR + Math.floor(rng() * 60) * MINUTE + Math.floor(rng() * 60_000));
  }
  return out.sort((a, b) => a - b);
}

function plan(ctx: DemoContext, rng: Rng, n: number): Planned[] {
  // Busy counties get more: the first few cities' districts weigh double.
  const counties = ctx.province.counties;
  return timesBefore(rng, ctx.now, n).map((at) => {
    const county = pick(rng, counties);
    const x = rng();
    const [kind, text] =
      x < 0.34 ? (['complaint', pick(rng, COMPLAINTS)] as const)
      : x < 0.56 ? (['bug', pick(rng, BUGS)] as const)
      : x < 0.74 ? (['suggestion', pick(rng, SUGGESTIONS)] as const)
      : x < 0.88 ? (['demand', pick(rng, DEMANDS)] as const)
      : (['consultation', pick(rng, CONSULTATIONS)] as const);
    // A third leave the kind to the text analysis, as the SDK's quick-feedback button does.
    return { at, text, kind: rng() < 0.33 ? undefined : kind, unit: county.code, contact: rng() < 0.3 };
  });
}

const phoneOf = (rng: Rng) => `1${pick(rng, ['38', '39', '58', '59', '87', '88'])}${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`;
const iso = (t: number) => new Date(t).toISOString();

/**
 * Loads the demo's feedback loop. `cipher` seals contact details; without one (tests) a throwaway
 * key is used, so the callbacks exist but their phone numbers cannot be opened — as when a key is lost.
 */
export async function loadDemoIntake(db: Kysely<DB>, ctx: DemoContext, options: { cipher?: FieldCipher | undefined; onProgress?: (done: number, total: number) => void } = {}): Promise<DemoIntakeCounts> {
  const cipher = options.cipher ?? createFieldCipher({ algorithm: 'aes-256-gcm', key: randomBytes(32), keyId: 'demo-ephemeral' });
  const rng = stream(ctx.seed, STREAM);
  const n = Math.max(DEMO_INTAKE_FEEDBACK_FLOOR, Math.round(DEMO_INTAKE_FEEDBACK * Math.min(1, ctx.scale)));
  const ratingsWanted = Math.max(24, Math.round(n / 3));
  const total = n + ratingsWanted;
  const actor: Actor = systemActor('demo-handler');
  const analyzer = defaultAnalyzer();
  // Each submission queues one job, run as the queue would a moment later. One claim per item (an
  // empty claim is a statement of its own); a job that failed and waits for its retry is taken by
  // the drain after each phase.
  const process = (at: number, limit = 1) => runFeedbackJobs(db, { actor, analyzer, now: () => new Date(at) }, limit);

  // 1. Feedback through the public intake, processed as the job queue would, a couple of minutes later.
  const planned = plan(ctx, rng, n);
  const orders: { trackingCode: string; at: number }[] = [];
  for (const [i, p] of planned.entries()) {
    const receipt = await submitFeedback(
      db,
      {
        clientId: `demo-device-${ctx.seed}-${i % 97}`,
        submissionId: `demo-${ctx.seed}-fb-${i}`,
        text: p.text,
        ...(p.kind ? { kind: p.kind } : {}),
        orgUnit: p.unit,
        context: { occurredAt: iso(p.at - 30_000), pagePath: pick(rng, PAGES), device: pick(rng, DEVICES), appVersion: `3.${Math.floor(rng() * 4)}.${Math.floor(rng() * 10)}`, locale: 'zh-CN' },
        ...(p.contact ? { contact: { name: `${pick(rng, SURNAMES)}${rng() < 0.5 ? '先生' : '女士'}`, phone: phoneOf(rng) } } : {}),
      },
      { cipher, now: new Date(p.at) },
    );
    if (!receipt.duplicate) orders.push({ trackingCode: receipt.trackingCode, at: p.at });
    await process(p.at + 2 * MINUTE);
    options.onProgress?.(i + 1, total);
  }
  await process(ctx.now - HOUR, 1000);

  // 2. 好差评 of recent cases: a share of them bad, most bad ones with a phone number (实名差评 → callback).
  const cases = await db
    .selectFrom('handling_records')
    .select(['record_id'])
    .where('quality_status', '=', 'accepted')
    .where('completed_at', '>=', new Date(ctx.now - 60 * DAY))
    .where('completed_at', '<', new Date(ctx.now - DAY))
    .orderBy('record_id')
    .limit(ratingsWanted * 20)
    .execute();
  const chosen = new Set<string>();
  while (chosen.size < Math.min(ratingsWanted, cases.length)) chosen.add(pick(rng, cases).record_id);
  const ratingTimes = timesBefore(rng, ctx.now, chosen.size);
  let r = 0;
  for (const caseId of [...chosen].sort()) {
    const at = ratingTimes[r]!;
    const bad = rng() < 0.4;
    const level = bad ? (rng() < 0.5 ? 1 : 2) : 3 + Math.floor(rng() * 3);
    const online = rng() < 0.6;
    const dims = online ? { overall: level, efficiency: Math.min(5, level + (rng() < 0.3 ? 1 : 0)), convenience: level } : { overall: level, attitude: level, service_level: level };
    await submitRating(
      db,
      {
        clientId: `demo-rater-${ctx.seed}-${r % 89}`, submissionId: `demo-${ctx.seed}-rt-${r}`, caseId, stage: 'completion', channel: online ? 'online' : 'offline', level, dimensions: dims,
        comment: bad ? pick(rng, COMPLAINTS) : level === 3 ? pick(rng, NEUTRAL) : pick(rng, PRAISE),
        ...(bad && rng() < 0.8 ? { contact: { name: `${pick(rng, SURNAMES)}${rng() < 0.5 ? '先生' : '女士'}`, phone: phoneOf(rng) } } : {}),
      },
      { cipher, now: new Date(at) },
    );
    await process(at + MINUTE);
    r++;
    options.onProgress?.(n + r, total);
  }
  await process(ctx.now - HOUR, 1000);

  // 3. Staff work the orders along the tracker, through the console's own service functions.
  const codes = orders.map((o) => o.trackingCode);
  const items = codes.length ? await db.selectFrom('feedback_items').select(['id', 'tracking_code', 'org_unit']).where('tracking_code', 'in', codes).execute() : [];
  const byCode = new Map(items.map((it) => [it.tracking_code, it]));
  const last = ctx.now - HOUR;
  let transfers = 0;
  let paused = false;
  const counties = ctx.province.counties;
  for (const order of orders) {
    const item = byCode.get(order.trackingCode);
    if (!item) continue;
    const age = (ctx.now - order.at) / DAY;
    const x = rng();
    const when = (days: number) => new Date(Math.min(last, order.at + days * DAY + Math.floor(rng() * 4) * HOUR));
    // Recent ones are still waiting; and a share of older ones stay untouched (overdue, for the sweep and the list).
    if (age < 2 || x < 0.18) continue;
    if (transfers < 3 && rng() < 0.1) {
      const sibling = counties.find((k) => k.code !== item.org_unit && k.city === counties.find((c) => c.code === item.org_unit)?.city);
      if (sibling) {
        await transferOrder(db, actor, item.id, { orgUnit: sibling.code, reason: pick(rng, TRANSFER_REASONS) }, when(0.2));
        transfers++;
      }
    }
    if (x < 0.24) {
      await advanceOrder(db, actor, item.id, { status: 'rejected', reason: pick(rng, NOT_ADOPTED) }, when(1));
      continue;
    }
    await advanceOrder(db, actor, item.id, { status: 'accepted', note: '已受理，正在核实' }, when(0.5));
    if (!paused && age > 6 && x < 0.3) {
      await pauseOrder(db, actor, item.id, { note: '请补充办件编号和相关截图' }, when(1));
      paused = true;
      continue;
    }
    if (x < 0.45 || age < 5) continue;
    await advanceOrder(db, actor, item.id, { status: 'developing' }, when(2));
    if (x < 0.65 || age < 9) continue;
    await advanceOrder(db, actor, item.id, { status: 'testing' }, when(5));
    if (x < 0.75) continue;
    await advanceOrder(db, actor, item.id, { status: 'online', note: '已修复并上线，欢迎再次使用' }, when(8));
  }

  // 4. A few callbacks done (the older ones), and one appeal waiting for a reviewer.
  const callbacks = await db.selectFrom('feedback_callbacks').select(['id', 'created_at', 'rating_id']).orderBy('created_at').execute();
  for (const cb of callbacks.slice(0, Math.floor(callbacks.length / 4))) {
    await closeCallback(db, actor, cb.id, { outcome: pick(rng, CALLBACK_OUTCOMES) }, new Date(Math.min(last, new Date(cb.created_at).getTime() + 3 * DAY)), cipher);
  }
  let appeals = 0;
  const recentBad = await db
    .selectFrom('ratings')
    .select(['rating_id'])
    .where('source', '=', 'govperf-feedback')
    .where('level', '<=', 2)
    .where('rated_at', '>=', new Date(ctx.now - 8 * DAY))
    .orderBy('rated_at', 'desc')
    .limit(1)
    .execute();
  const appellant: Actor = systemActor('demo-county-staff');
  for (const rating of recentBad) {
    await submitRatingAppeal(db, appellant, { ratingId: rating.rating_id, kind: 'malicious', grounds: '该评价内容与所办事项无关，评价人当日并未到窗口办理，疑似恶意差评', evidence: [{ name: '窗口监控记录截图.png' }, { name: '办件流转记录.pdf' }] }, { now: new Date(last) });
    appeals++;
  }
  return { feedback_submissions: n + chosen.size, work_orders: orders.length, callbacks: callbacks.length, rating_appeals: appeals };
}
