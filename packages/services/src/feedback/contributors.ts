// 体验官 / contributor points and star levels (issue 6 §6), per pseudonymous client id (the SDK's
// own random clientId on feedback_submissions; no personal data is involved or returned).
//
// Points are a ledger (contributor_points, migration 0015), awarded in the same transaction as the
// event that earns them: 1 when a feedback submission is processed (process.ts; merged near-duplicates
// and ratings have no item and earn nothing), +5 when its item is accepted (已受理, or any later status
// reached by a work-order step), +20 when it is delivered (已上线). unique (item_id, reason) makes
// each award once only, so a retried job or repeated step changes nothing. Points are earned once and
// KEPT: an item accepted and later rejected (不予采纳) keeps its 1 + 5 — the report was useful when it
// was accepted, and a standing that silently shrinks would confuse the citizen; the ledger is the
// history the SDK shows. An item that went online earns 1 + 5 + 20 = 26.
// Stars: 1 from 0 points, 2 from 10, 3 from 30, 4 from 60, 5 from 100 (STAR_LEVELS).
import { AppError } from '@govperf/contracts';
import type { ContributorPointsReason, DB, FeedbackItemStatus } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { requireRegion, type PublicRegion } from '../public/results';

export const CONTRIBUTOR_POINTS = { processed: 1, accepted: 5, delivered: 20 } as const satisfies Record<ContributorPointsReason, number>;

export const CONTRIBUTOR_REASON_LABELS: Record<ContributorPointsReason, { zh: string; en: string }> = {
  processed: { zh: '提交反馈', en: 'feedback submitted' },
  accepted: { zh: '反馈被受理', en: 'feedback accepted' },
  delivered: { zh: '改进已上线', en: 'improvement delivered' },
};

/** Statuses that have passed acceptance (已受理 or further). */
const ACCEPTED_STATUSES: readonly FeedbackItemStatus[] = ['accepted', 'developing', 'testing', 'online'];

/** How many awards the standing lists (newest first). */
export const CONTRIBUTOR_HISTORY_LIMIT = 10;

export const STAR_LEVELS: readonly { stars: 1 | 2 | 3 | 4 | 5; minPoints: number; title: { zh: string; en: string } }[] = [
  { stars: 1, minPoints: 0, title: { zh: '见习体验官', en: 'Trainee reviewer' } },
  { stars: 2, minPoints: 10, title: { zh: '体验官', en: 'Reviewer' } },
  { stars: 3, minPoints: 30, title: { zh: '资深体验官', en: 'Senior reviewer' } },
  { stars: 4, minPoints: 60, title: { zh: '银牌体验官', en: 'Silver reviewer' } },
  { stars: 5, minPoints: 100, title: { zh: '金牌体验官', en: 'Gold reviewer' } },
];

/** The client ids the intake accepts (docs/feedback-loop.md): 8–64 of letters, digits, - and _. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export interface ContributorCounts {
  /** Processed feedback submissions (awards for processing). */
  feedback: number;
  /** Awards for acceptance (已受理), kept if the item was later rejected. */
  accepted: number;
  /** Awards for delivery (已上线). */
  delivered: number;
}

export interface ContributorStanding extends ContributorCounts {
  points: number;
  stars: number;
  title: { zh: string; en: string };
  /** Points of the next star; null at 5 stars. */
  nextAt: number | null;
}

/** One award of the ledger as the citizen sees it: no item, text or tracking code. */
export interface ContributorAward {
  at: string;
  reason: ContributorPointsReason;
  label: { zh: string; en: string };
  points: number;
}

export interface ContributorView extends ContributorStanding {
  clientId: string;
  /** The latest awards, newest first (at most CONTRIBUTOR_HISTORY_LIMIT). */
  history: ContributorAward[];
}

export interface ContributorBoard {
  region: PublicRegion;
  contributors: (ContributorStanding & { id: string })[];
}

export function pointsOf(c: ContributorCounts): number {
  return c.feedback * CONTRIBUTOR_POINTS.processed + c.accepted * CONTRIBUTOR_POINTS.accepted + c.delivered * CONTRIBUTOR_POINTS.delivered;
}

/** The standing for the counts; points default to what the counts earn at today's rates (the ledger passes its own sum). */
export function standingOf(c: ContributorCounts, points = pointsOf(c)): ContributorStanding {
  const level = [...STAR_LEVELS].reverse().find((l) => points >= l.minPoints)!;
  const next = STAR_LEVELS.find((l) => l.stars === level.stars + 1);
  return { ...c, points, stars: level.stars, title: level.title, nextAt: next ? next.minPoints : null };
}

/** c-…ab12: the last four characters of the id only. */
export function maskClientId(clientId: string): string {
  return `c-…${clientId.slice(-4)}`;
}

/**
 * Awards the points of `reason` for a feedback item to its submitter's client id, inside the caller's
 * transaction. Idempotent: a second award for the same item and reason does nothing. An item whose
 * submission is not feedback earns nothing.
 */
export async function awardPoints(trx: Kysely<DB>, item: { id: string; submission_id: string }, reason: ContributorPointsReason, at: Date = new Date()): Promise<void> {
  await trx
    .insertInto('contributor_points')
    .columns(['client_id', 'item_id', 'reason', 'points', 'awarded_at'])
    .expression((eb) =>
      eb
        .selectFrom('feedback_submissions as s')
        .select([
          's.client_id',
          eb.val(item.id).as('item_id'),
          eb.val(reason).as('reason'),
          sql<number>`${CONTRIBUTOR_POINTS[reason]}::integer`.as('points'),
          sql<Date>`${at.toISOString()}::timestamptz`.as('awarded_at'),
        ])
        .where('s.id', '=', item.submission_id)
        .where('s.kind', '=', 'feedback'),
    )
    .onConflict((oc) => oc.columns(['item_id', 'reason']).doNothing())
    .execute();
}

/** Awards what the item's (new) status has earned: accepted from 已受理 on, delivered at 已上线. */
export async function awardPointsForStatus(trx: Kysely<DB>, item: { id: string; submission_id: string; status: FeedbackItemStatus }, at: Date = new Date()): Promise<void> {
  if (ACCEPTED_STATUSES.includes(item.status)) await awardPoints(trx, item, 'accepted', at);
  if (item.status === 'online') await awardPoints(trx, item, 'delivered', at);
}

type SumRow = { feedback: string | number; accepted: string | number; delivered: string | number; points: string | number };
const toStanding = (r: SumRow | undefined): ContributorStanding =>
  r ? standingOf({ feedback: Number(r.feedback), accepted: Number(r.accepted), delivered: Number(r.delivered) }, Number(r.points)) : standingOf({ feedback: 0, accepted: 0, delivered: 0 });

const sums = [
  sql<string>`count(*) filter (where p.reason = 'processed')`.as('feedback'),
  sql<string>`count(*) filter (where p.reason = 'accepted')`.as('accepted'),
  sql<string>`count(*) filter (where p.reason = 'delivered')`.as('delivered'),
  sql<string>`coalesce(sum(p.points), 0)`.as('points'),
] as const;

/** One client's own standing and latest awards (the SDK asks with its own id). An unknown id has 0 points, 1 star. */
export async function contributorStanding(db: Kysely<DB>, clientId: string): Promise<ContributorView> {
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    throw new AppError('validation_failed', { message: 'clientId: a client id is 8–64 letters, digits, - or _', details: [{ path: ['clientId'], message: 'a client id is 8–64 letters, digits, - or _' }] });
  }
  const row = await db.selectFrom('contributor_points as p').select([...sums]).where('p.client_id', '=', clientId).executeTakeFirst();
  const awards = await db
    .selectFrom('contributor_points as p')
    .select(['p.awarded_at', 'p.reason', 'p.points'])
    .where('p.client_id', '=', clientId)
    .orderBy('p.awarded_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(CONTRIBUTOR_HISTORY_LIMIT)
    .execute();
  const history = awards.map((a) => ({ at: new Date(a.awarded_at).toISOString(), reason: a.reason, label: CONTRIBUTOR_REASON_LABELS[a.reason], points: Number(a.points) }));
  return { clientId, ...toStanding(row), history };
}

/** The top contributors of a region's subtree (by the unit of their items), ids masked, sums in SQL. */
export async function topContributors(db: Kysely<DB>, region: unknown, options: { limit?: number | undefined } = {}): Promise<ContributorBoard> {
  const scope = await requireRegion(db, region);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), 100);
  const rows = await db
    .selectFrom('contributor_points as p')
    .innerJoin('feedback_items as i', 'i.id', 'p.item_id')
    .innerJoin('org_unit_closure as cl', (j) => j.onRef('cl.descendant_code', '=', 'i.org_unit').on('cl.ancestor_code', '=', scope.code))
    .select(['p.client_id', ...sums])
    .groupBy('p.client_id')
    .orderBy(sql`coalesce(sum(p.points), 0)`, 'desc')
    .orderBy(sql`count(*) filter (where p.reason = 'delivered')`, 'desc')
    .orderBy('p.client_id')
    .limit(limit)
    .execute();
  return { region: scope, contributors: rows.map((r) => ({ id: maskClientId(r.client_id), ...toStanding(r) })) };
}
