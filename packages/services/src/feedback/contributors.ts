// 体验官 / contributor points and star levels (issue 6 §6), per pseudonymous client id (the SDK's
// own random clientId on feedback_submissions; no personal data is involved or returned).
//
// Points: 1 per processed feedback submission (state processed; merged near-duplicates and ratings
// do not count), +5 when its item has been accepted (已受理: status accepted, developing, testing or
// online), +20 more when it has been delivered (已上线: status online). So an item that went online
// earns 1 + 5 + 20 = 26.
// Stars: 1 from 0 points, 2 from 10, 3 from 30, 4 from 60, 5 from 100 (STAR_LEVELS).
import { AppError } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { requireRegion, type PublicRegion } from '../public/results';

export const CONTRIBUTOR_POINTS = { processed: 1, accepted: 5, delivered: 20 } as const;

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
  /** Processed feedback submissions. */
  feedback: number;
  /** Of them, accepted (已受理 or further). */
  accepted: number;
  /** Of them, delivered (已上线). */
  delivered: number;
}

export interface ContributorStanding extends ContributorCounts {
  points: number;
  stars: number;
  title: { zh: string; en: string };
  /** Points still needed for the next star; null at 5 stars. */
  nextAt: number | null;
}

export interface ContributorView extends ContributorStanding {
  clientId: string;
}

export interface ContributorBoard {
  region: PublicRegion;
  contributors: (ContributorStanding & { id: string })[];
}

export function pointsOf(c: ContributorCounts): number {
  return c.feedback * CONTRIBUTOR_POINTS.processed + c.accepted * CONTRIBUTOR_POINTS.accepted + c.delivered * CONTRIBUTOR_POINTS.delivered;
}

export function standingOf(c: ContributorCounts): ContributorStanding {
  const points = pointsOf(c);
  const level = [...STAR_LEVELS].reverse().find((l) => points >= l.minPoints)!;
  const next = STAR_LEVELS.find((l) => l.stars === level.stars + 1);
  return { ...c, points, stars: level.stars, title: level.title, nextAt: next ? next.minPoints : null };
}

/** c-…ab12: the last four characters of the id only. */
export function maskClientId(clientId: string): string {
  return `c-…${clientId.slice(-4)}`;
}

type CountRow = { client_id: string; feedback: string | number; accepted: string | number; delivered: string | number };
const toCounts = (r: CountRow): ContributorCounts => ({ feedback: Number(r.feedback), accepted: Number(r.accepted), delivered: Number(r.delivered) });

const counted = (db: Kysely<DB>) =>
  db
    .selectFrom('feedback_submissions as s')
    .innerJoin('feedback_items as i', 'i.submission_id', 's.id')
    .select([
      's.client_id',
      sql<string>`count(*)`.as('feedback'),
      sql<string>`count(*) filter (where i.status in ('accepted', 'developing', 'testing', 'online'))`.as('accepted'),
      sql<string>`count(*) filter (where i.status = 'online')`.as('delivered'),
    ])
    .where('s.kind', '=', 'feedback')
    .where('s.state', '=', 'processed')
    .groupBy('s.client_id');

/** One client's own standing (the SDK asks with its own id). An unknown id has 0 points, 1 star. */
export async function contributorStanding(db: Kysely<DB>, clientId: string): Promise<ContributorView> {
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    throw new AppError('validation_failed', { message: 'clientId: a client id is 8–64 letters, digits, - or _', details: [{ path: ['clientId'], message: 'a client id is 8–64 letters, digits, - or _' }] });
  }
  const row = await counted(db).where('s.client_id', '=', clientId).executeTakeFirst();
  return { clientId, ...standingOf(row ? toCounts(row) : { feedback: 0, accepted: 0, delivered: 0 }) };
}

/** The top contributors of a region's subtree (by the unit of their items), ids masked. */
export async function topContributors(db: Kysely<DB>, region: unknown, options: { limit?: number | undefined } = {}): Promise<ContributorBoard> {
  const scope = await requireRegion(db, region);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), 100);
  const rows = await counted(db)
    .innerJoin('org_unit_closure as cl', (j) => j.onRef('cl.descendant_code', '=', 'i.org_unit').on('cl.ancestor_code', '=', scope.code))
    .execute();
  const contributors = rows
    .map((r) => ({ id: maskClientId(r.client_id), key: r.client_id, ...standingOf(toCounts(r)) }))
    .sort((a, b) => b.points - a.points || b.delivered - a.delivered || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map(({ key: _key, ...rest }) => rest);
  return { region: scope, contributors };
}
