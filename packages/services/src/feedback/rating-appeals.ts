// 好差评申诉 (issue 6 §2): a department appeals a bad rating (差评, level 1–2) of a unit in its
// subtree that it holds mistaken (误评) or malicious (恶意差评), within RATING_APPEAL_WINDOW_DAYS
// calendar days of the rating, with grounds and evidence; one appeal per rating. A reviewer other
// than the appellant decides once, with a reason. Upheld: the rating fact's quality_status
// becomes 'appealed', so no metric counts it (metrics count 'accepted' only); the row stays.
// Rejected: nothing changes. Each step is kept in the appeal's history and audited, in the same
// transaction as the change. Either way the rater hears the outcome when the rating came through
// our intake (addressed by its tracking code; a rating delivered by another system has no address
// here): a notification queued in the same transaction, with no contact data in it.
import { randomUUID } from 'node:crypto';
import {
  AppError, RATING_APPEAL_KIND_LABELS, RATING_APPEAL_STATUS_LABELS, RATING_APPEAL_WINDOW_DAYS, RatingAppealDecisionSchema, RatingAppealSubmissionSchema, type LocalizedText,
} from '@govperf/contracts';
import type { DB, RatingAppealHistoryEntry, RatingAppealKind, RatingAppealStatus, RatingAppealsTable } from '@govperf/storage';
import { sql, type Kysely, type Selectable } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, isWithinArea, type Actor } from '../identity/actor';
import { maskFreeText } from '../privacy/masking';
import { fieldError, parseInput } from '../validation';
import { FEEDBACK_FACT_SOURCE } from './facts';
import { queueNotification } from './history';

const DAY_MS = 86_400_000;
/** Beijing time: the window counts local calendar days. */
const OFFSET_MS = 8 * 3600_000;
/** The flag an upheld appeal leaves on the rating fact, beside quality_status 'appealed'. */
export const RATING_APPEAL_FLAG = 'rating_appeal_upheld';

export interface RatingAppealView {
  id: string;
  ratingId: string;
  source: string;
  unit: string;
  level: number;
  ratedAt: string;
  kind: RatingAppealKind;
  kindLabel: LocalizedText;
  grounds: string;
  evidence: unknown;
  submittedBy: string;
  submittedAt: string;
  deadline: string;
  status: RatingAppealStatus;
  statusLabel: LocalizedText;
  decision: { reason: string; by: string; at: string } | null;
  history: RatingAppealHistoryEntry[];
}

function view(row: Selectable<RatingAppealsTable>): RatingAppealView {
  return {
    id: row.id,
    ratingId: row.rating_id,
    source: row.rating_source,
    unit: row.org_unit,
    level: row.level,
    ratedAt: new Date(row.rated_at).toISOString(),
    kind: row.kind,
    kindLabel: RATING_APPEAL_KIND_LABELS[row.kind],
    grounds: row.grounds,
    evidence: row.evidence,
    submittedBy: row.submitted_by,
    submittedAt: new Date(row.submitted_at).toISOString(),
    deadline: new Date(row.deadline).toISOString(),
    status: row.status,
    statusLabel: RATING_APPEAL_STATUS_LABELS[row.status],
    decision: row.decided_at ? { reason: row.decision_reason ?? '', by: row.decided_by ?? '', at: new Date(row.decided_at).toISOString() } : null,
    history: row.history ?? [],
  };
}

/** The end of the window: local (Beijing) midnight ending the windowDays-th calendar day after the rating's day. */
export function ratingAppealDeadline(ratedAt: Date, windowDays = RATING_APPEAL_WINDOW_DAYS): Date {
  const day = Math.floor((ratedAt.getTime() + OFFSET_MS) / DAY_MS);
  return new Date((day + windowDays + 1) * DAY_MS - OFFSET_MS);
}

const localDay = (d: Date) => new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
const notFound = (what: string) => new AppError('not_found', { message: { zh: `${what} 不存在`, en: `${what} not found` } });
const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
};

export interface RatingAppealOptions {
  now?: Date;
  windowDays?: number;
}

export async function submitRatingAppeal(db: Kysely<DB>, actor: Actor, input: unknown, options: RatingAppealOptions = {}): Promise<RatingAppealView> {
  const now = options.now ?? new Date();
  const windowDays = options.windowDays ?? RATING_APPEAL_WINDOW_DAYS;
  const appeal = parseInput(RatingAppealSubmissionSchema, input);
  // The rating, among those of the caller's subtree: outside it, it does not exist (404).
  let query = db.selectFrom('ratings').select(['source', 'source_id', 'rating_id', 'org_unit', 'level', 'rated_at', 'quality_status']).where('rating_id', '=', appeal.ratingId);
  if (appeal.source) query = query.where('source', '=', appeal.source);
  if (actor.area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  const ratings = await query.limit(10).execute();
  if (ratings.length === 0) throw notFound(`评价 ${appeal.ratingId}`);
  if (ratings.length > 1) {
    const sources = ratings.map((r) => r.source);
    throw fieldError(['source'], { zh: `有多个来源提供了评价 ${appeal.ratingId}（${sources.join('、')}），请指明来源`, en: `rating ${appeal.ratingId} came from several sources (${sources.join(', ')}); name the source` });
  }
  const rating = ratings[0]!;
  if (rating.level > 2) {
    throw new AppError('conflict', {
      message: { zh: `只能对差评（1–2 级）提出申诉，该评价为 ${rating.level} 级`, en: `only a bad rating (level 1–2) can be appealed; this rating is level ${rating.level}` },
      details: { reason: 'not_a_bad_rating', level: rating.level },
    });
  }
  if (rating.quality_status === 'appealed' || rating.quality_status === 'rejected') {
    throw new AppError('conflict', {
      message: rating.quality_status === 'appealed'
        ? { zh: '该评价已因申诉成立不再计入', en: 'the rating no longer counts: an appeal against it was upheld' }
        : { zh: '该评价未通过数据质量检查，本就不计入，无需申诉', en: 'the rating failed the quality checks and never counted; there is nothing to appeal' },
      details: { reason: 'not_counted', qualityStatus: rating.quality_status },
    });
  }
  const ratedAt = new Date(rating.rated_at);
  const deadline = ratingAppealDeadline(ratedAt, windowDays);
  if (now.getTime() >= deadline.getTime()) {
    const last = localDay(new Date(deadline.getTime() - 1));
    throw new AppError('conflict', {
      message: {
        zh: `申诉期已过：该评价于 ${localDay(ratedAt)} 作出，申诉须在评价后 ${windowDays} 日内（${last} 24:00 前）提出`,
        en: `the appeal window has closed: the rating was given on ${localDay(ratedAt)} and appeals were due within ${windowDays} days (by the end of ${last})`,
      },
      details: { reason: 'window_closed', ratedAt: ratedAt.toISOString(), deadline: deadline.toISOString() },
    });
  }
  const existing = await db.selectFrom('rating_appeals').select(['id', 'status']).where('rating_source', '=', rating.source).where('rating_source_id', '=', rating.source_id).executeTakeFirst();
  const already = (found: { id: string; status: RatingAppealStatus }) =>
    new AppError('conflict', {
      message: found.status === 'pending'
        ? { zh: `该评价已有待复核的申诉 ${found.id}`, en: `the rating already has a pending appeal ${found.id}` }
        : { zh: `该评价的申诉 ${found.id} 已复核（${RATING_APPEAL_STATUS_LABELS[found.status].zh}），结论为最终结论`, en: `the appeal ${found.id} against this rating has been decided (${found.status}); the outcome is final` },
      details: { reason: found.status === 'pending' ? 'appeal_pending' : 'appeal_decided', appeal: found.id },
    });
  if (existing) throw already(existing);
  const id = `ra_${randomUUID()}`;
  const history: RatingAppealHistoryEntry[] = [{ at: now.toISOString(), actor: actor.id, action: 'submitted', note: `${RATING_APPEAL_KIND_LABELS[appeal.kind].zh}：${appeal.grounds}` }];
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('rating_appeals')
        .values({
          id, rating_id: rating.rating_id, rating_source: rating.source, rating_source_id: rating.source_id, org_unit: rating.org_unit, level: rating.level, rated_at: ratedAt,
          kind: appeal.kind, grounds: appeal.grounds, evidence: JSON.stringify(appeal.evidence), submitted_by: actor.id, submitted_at: now, deadline, history: JSON.stringify(history),
        })
        .execute();
      await appendAudit(trx, { ...auditActor(actor), action: 'feedback.rating_appeal_submit', entityType: 'rating_appeal', entityId: id, orgUnit: rating.org_unit, details: { ratingId: rating.rating_id, source: rating.source, kind: appeal.kind, level: rating.level } });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await db.selectFrom('rating_appeals').select(['id', 'status']).where('rating_source', '=', rating.source).where('rating_source_id', '=', rating.source_id).executeTakeFirstOrThrow();
    throw already(raced);
  }
  return view(await db.selectFrom('rating_appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export async function listRatingAppeals(db: Kysely<DB>, actor: Actor, filter: { status?: string | undefined } = {}): Promise<RatingAppealView[]> {
  let query = db.selectFrom('rating_appeals').selectAll();
  if (actor.area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  if (filter.status === 'pending' || filter.status === 'upheld' || filter.status === 'rejected') query = query.where('status', '=', filter.status);
  return (await query.orderBy('submitted_at').orderBy('id').limit(1000).execute()).map(view);
}

/** What the rater is told of a decided appeal against their rating (the reviewer's reason with any contact data masked). */
export function raterMessage(trackingCode: string, outcome: 'upheld' | 'rejected', reason: string): { zh: string; en: string; outcome: string; reason: string } {
  const shown = maskFreeText(reason);
  return outcome === 'upheld'
    ? {
        zh: `您的评价（${trackingCode}）被被评价单位申诉，经复核申诉成立：该评价不再计入绩效考核。复核意见：${shown}`,
        en: `The unit you rated appealed your rating (${trackingCode}); the appeal was upheld on review, so the rating no longer counts in the performance assessment. Reviewer's reason: ${shown}`,
        outcome, reason: shown,
      }
    : {
        zh: `您的评价（${trackingCode}）被被评价单位申诉，经复核申诉不成立：该评价继续有效，计入绩效考核。复核意见：${shown}`,
        en: `The unit you rated appealed your rating (${trackingCode}); the appeal was rejected on review, so the rating stands and counts in the performance assessment. Reviewer's reason: ${shown}`,
        outcome, reason: shown,
      };
}

export async function decideRatingAppeal(db: Kysely<DB>, actor: Actor, id: string, input: unknown, options: { now?: Date } = {}): Promise<RatingAppealView> {
  const now = options.now ?? new Date();
  const decision = parseInput(RatingAppealDecisionSchema, input);
  const found = await db.selectFrom('rating_appeals').select(['org_unit']).where('id', '=', id).executeTakeFirst();
  if (!found || !(await isWithinArea(db, actor.area, found.org_unit))) throw notFound(`申诉 ${id}`);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rating_appeals').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'pending') {
      throw new AppError('conflict', { message: { zh: `该申诉已复核（${RATING_APPEAL_STATUS_LABELS[row.status].zh}），结论不能更改`, en: `the appeal has been decided (${row.status}); the outcome is final` }, details: { reason: 'appeal_decided' } });
    }
    if (row.submitted_by === actor.id) throw new AppError('forbidden', { message: { zh: '申诉人不能复核自己的申诉', en: 'an appellant may not decide their own appeal' }, details: { reason: 'own_appeal' } });
    const history = [...(row.history ?? []), { at: now.toISOString(), actor: actor.id, action: decision.outcome, note: decision.reason } satisfies RatingAppealHistoryEntry];
    await trx
      .updateTable('rating_appeals')
      .set({ status: decision.outcome, decision_reason: decision.reason, decided_by: actor.id, decided_at: now, history: JSON.stringify(history) })
      .where('id', '=', id)
      .execute();
    if (decision.outcome === 'upheld') {
      // The rating stays, marked: 'appealed' is outside every metric (they count 'accepted' only).
      await sql`
        update ratings set quality_status = 'appealed',
          quality_flags = case when quality_flags @> ${JSON.stringify([RATING_APPEAL_FLAG])}::jsonb then quality_flags else quality_flags || ${JSON.stringify([RATING_APPEAL_FLAG])}::jsonb end
        where source = ${row.rating_source} and source_id = ${row.rating_source_id}`.execute(trx);
      // A rating that no longer counts needs no callback: its open task is closed with the reason.
      await trx
        .updateTable('feedback_callbacks')
        .set({ status: 'done', outcome: `申诉成立，该评价不再计入（${id}）/ appeal upheld, the rating no longer counts`, closed_at: now })
        .where('rating_id', '=', row.rating_id)
        .where('org_unit', '=', row.org_unit)
        .where('status', '=', 'open')
        .execute();
    }
    if (row.rating_source === FEEDBACK_FACT_SOURCE) {
      const submission = await trx.selectFrom('feedback_submissions').select(['tracking_code']).where('id', '=', row.rating_id).where('kind', '=', 'rating').executeTakeFirst();
      if (submission) await queueNotification(trx, { trackingCode: submission.tracking_code, orgUnit: row.org_unit, recipient: 'submitter', kind: `rating_appeal.${decision.outcome}`, at: now, message: raterMessage(submission.tracking_code, decision.outcome, decision.reason) });
    }
    await appendAudit(trx, {
      ...auditActor(actor), action: 'feedback.rating_appeal_decide', entityType: 'rating_appeal', entityId: id, orgUnit: row.org_unit,
      details: { outcome: decision.outcome, reason: decision.reason, ratingId: row.rating_id, source: row.rating_source },
    });
  });
  return view(await db.selectFrom('rating_appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
