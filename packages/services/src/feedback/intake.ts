// Intake (issue 6 §1): a citizen's feedback or 好差评 rating is stored as received — before any
// processing — together with its tracked item and the processing job, in one transaction, and
// answered at once with a tracking code. A retry with the same submissionId answers the same
// receipt (duplicate: true) and stores nothing. Near-identical texts from one client within a
// few minutes are merged into the first (its support count goes up) instead of multiplying work
// orders. Contact details are stored only as field-cipher envelopes.
import { randomUUID } from 'node:crypto';
import { AppError, FeedbackSubmissionSchema, RatingSubmissionSchema, type IntakeReceipt } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import { jaccard, normalizeForSimilarity, shingles } from '@govperf/text';
import { sql, type Kysely, type Transaction } from 'kysely';
import { enqueueJob } from '../jobs/queue';
import type { FieldCipher } from '../privacy/cipher';
import { parseInput } from '../validation';
import { newTrackingCode } from './model';
import { recordItemEvent } from './history';

export const FEEDBACK_JOB_KINDS = { process: 'feedback.process', processRating: 'feedback.process_rating', sweep: 'feedback.sla_sweep' } as const;

/** Near-identical (character-bigram Jaccard ≥ this) texts of one client within SPAM_WINDOW_MS are merged. */
export const SPAM_SIMILARITY = 0.8;
export const SPAM_WINDOW_MS = 10 * 60_000;
const SPAM_LOOKBACK = 20;
/** Processing is retried with backoff (1, 2, 4 … minutes) this many times before it is marked failed. */
const PROCESS_ATTEMPTS = 8;

export interface IntakeContext {
  cipher?: FieldCipher | undefined;
  now?: Date;
  /**
   * Staff entry only (never from a public body): the unit and service item a rating is about when
   * its case is not a known handling record — a service-hall form's own unit, checked by the caller.
   */
  attribution?: { orgUnit: string; itemCode?: string | undefined };
}

function sealContact(contact: { name?: string | undefined; phone: string } | undefined, cipher: FieldCipher | undefined) {
  if (!contact) return undefined;
  if (!cipher) {
    throw new AppError('unavailable', {
      message: { zh: '本服务器未配置数据密钥，暂不能接收联系方式；请去掉联系方式后提交', en: 'this server has no data key and cannot store contact details; submit without them' },
    });
  }
  return { ...(contact.name ? { name: cipher.encrypt(contact.name) } : {}), phone: cipher.encrypt(contact.phone) };
}

async function statusOfCode(trx: Kysely<DB>, kind: 'feedback' | 'rating', trackingCode: string): Promise<string> {
  if (kind === 'feedback') {
    const item = await trx.selectFrom('feedback_items').select('status').where('tracking_code', '=', trackingCode).executeTakeFirst();
    return item?.status ?? 'pending_review';
  }
  return 'received';
}

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/** The receipt of an earlier submission with this id, if there is one. */
async function earlier(trx: Kysely<DB>, kind: 'feedback' | 'rating', submissionId: string): Promise<IntakeReceipt | undefined> {
  const row = await trx.selectFrom('feedback_submissions').select(['tracking_code']).where('kind', '=', kind).where('submission_id', '=', submissionId).executeTakeFirst();
  return row && { trackingCode: row.tracking_code, status: await statusOfCode(trx, kind, row.tracking_code), duplicate: true };
}

/** A near-identical text of the same client within the window: its submission, to merge into. */
async function spamTarget(trx: Transaction<DB>, clientId: string, fingerprint: string, now: Date) {
  const recent = await trx
    .selectFrom('feedback_submissions')
    .select(['id', 'tracking_code', 'fingerprint'])
    .where('kind', '=', 'feedback')
    .where('client_id', '=', clientId)
    .where('state', '<>', 'merged')
    .where('received_at', '>=', new Date(now.getTime() - SPAM_WINDOW_MS))
    .orderBy('received_at', 'desc')
    .limit(SPAM_LOOKBACK)
    .execute();
  const mine = shingles(fingerprint);
  return recent.find((r) => r.fingerprint !== null && (r.fingerprint === fingerprint || jaccard(mine, shingles(r.fingerprint)) >= SPAM_SIMILARITY));
}

export async function submitFeedback(db: Kysely<DB>, input: unknown, context: IntakeContext = {}): Promise<IntakeReceipt> {
  const submission = parseInput(FeedbackSubmissionSchema, input);
  const now = context.now ?? new Date();
  const contact = sealContact(submission.contact, context.cipher);
  const payload = { ...submission, ...(contact ? { contact } : {}) };
  const fingerprint = normalizeForSimilarity(submission.text);
  const attempt = () =>
    db.transaction().execute(async (trx): Promise<IntakeReceipt> => {
      const retry = await earlier(trx, 'feedback', submission.submissionId);
      if (retry) return retry;
      // One client's submissions are taken one at a time, so two near-identical ones cannot both be new.
      await sql`select pg_advisory_xact_lock(hashtext(${`feedback-client:${submission.clientId}`}))`.execute(trx);
      const id = `fs_${randomUUID()}`;
      const target = fingerprint ? await spamTarget(trx, submission.clientId, fingerprint, now) : undefined;
      if (target) {
        await trx
          .insertInto('feedback_submissions')
          .values({ id, kind: 'feedback', client_id: submission.clientId, submission_id: submission.submissionId, tracking_code: target.tracking_code, payload: JSON.stringify(payload), fingerprint, received_at: now, state: 'merged', merged_into: target.id })
          .execute();
        const item = await trx
          .updateTable('feedback_items')
          .set((eb) => ({ support: eb('support', '+', 1), updated_at: now }))
          .where('tracking_code', '=', target.tracking_code)
          .returning(['id', 'status'])
          .executeTakeFirstOrThrow();
        await recordItemEvent(trx, item.id, 'intake', 'merged', { at: now, details: { submission: id, reason: 'near-identical text from the same client' } });
        return { trackingCode: target.tracking_code, status: item.status, duplicate: false };
      }
      const trackingCode = newTrackingCode();
      await trx
        .insertInto('feedback_submissions')
        .values({ id, kind: 'feedback', client_id: submission.clientId, submission_id: submission.submissionId, tracking_code: trackingCode, payload: JSON.stringify(payload), fingerprint, received_at: now })
        .execute();
      const itemId = `fb_${randomUUID()}`;
      await trx
        .insertInto('feedback_items')
        .values({ id: itemId, tracking_code: trackingCode, submission_id: id, content: submission.text, app_id: submission.appId ?? null, item_code: submission.itemCode ?? null, kind: submission.kind ?? null, received_at: now })
        .execute();
      await recordItemEvent(trx, itemId, 'intake', 'received', { at: now, status: 'pending_review' });
      await enqueueJob(trx, { kind: FEEDBACK_JOB_KINDS.process, key: id, payload: { submission: id }, runAt: now, maxAttempts: PROCESS_ATTEMPTS });
      return { trackingCode, status: 'pending_review', duplicate: false };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two concurrent sends of the same submissionId: the loser answers as a retry.
    if (isUniqueViolation(error)) {
      const retry = await earlier(db, 'feedback', submission.submissionId);
      if (retry) return retry;
    }
    throw error;
  }
}

const ALREADY_RATED = { zh: '该办件在此阶段已评价过：每个办件每个阶段只能评价一次', en: 'this case has already been rated at this stage: one rating per case and stage' };

export async function submitRating(db: Kysely<DB>, input: unknown, context: IntakeContext = {}): Promise<IntakeReceipt> {
  const rating = parseInput(RatingSubmissionSchema, input);
  const now = context.now ?? new Date();
  const contact = sealContact(rating.contact, context.cipher);
  const payload = { ...rating, ...(contact ? { contact } : {}), ...(context.attribution ? { orgUnit: context.attribution.orgUnit, ...(context.attribution.itemCode ? { itemCode: context.attribution.itemCode } : {}) } : {}) };
  try {
    return await db.transaction().execute(async (trx): Promise<IntakeReceipt> => {
      const retry = await earlier(trx, 'rating', rating.submissionId);
      if (retry) return retry;
      const taken = await trx.selectFrom('feedback_submissions').select('id').where('case_id', '=', rating.caseId).where('stage', '=', rating.stage).executeTakeFirst();
      if (taken) throw new AppError('conflict', { message: ALREADY_RATED, details: { reason: 'already_rated', caseId: rating.caseId, stage: rating.stage } });
      const id = `fs_${randomUUID()}`;
      const trackingCode = newTrackingCode();
      await trx
        .insertInto('feedback_submissions')
        .values({ id, kind: 'rating', client_id: rating.clientId, submission_id: rating.submissionId, tracking_code: trackingCode, payload: JSON.stringify(payload), case_id: rating.caseId, stage: rating.stage, received_at: now })
        .execute();
      await enqueueJob(trx, { kind: FEEDBACK_JOB_KINDS.processRating, key: id, payload: { submission: id }, runAt: now, maxAttempts: PROCESS_ATTEMPTS });
      return { trackingCode, status: 'received', duplicate: false };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const retry = await earlier(db, 'rating', rating.submissionId);
      if (retry) return retry;
      throw new AppError('conflict', { message: ALREADY_RATED, details: { reason: 'already_rated', caseId: rating.caseId, stage: rating.stage } });
    }
    throw error;
  }
}
