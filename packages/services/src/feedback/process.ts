// Processing of one stored submission (the queued job, retried by the queue on failure): text
// analysis (sentiment, tags, alerts), the kind and response tier, the responsible unit and
// department (routing rules), near-duplicate clustering into the demand pool with its priority,
// the work order's SLA deadline, and the facts the metrics read — all in one transaction, so a
// failure anywhere leaves the submission exactly as it was stored, ready for the retry.
import { randomUUID } from 'node:crypto';
import { DEFAULT_SLA_POLICY, type SlaPolicy, type SlaTier } from '@govperf/contracts';
import { demandPriority, ratingRectificationDeadline, slaDeadline } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import { createTextAnalyzer, jaccard, shingles, type TextAnalyzer } from '@govperf/text';
import type { Kysely, Transaction } from 'kysely';
import { awardPoints } from './contributors';
import { writeFeedbackFact, writeRatingFact } from './facts';
import { queueNotification, recordItemEvent } from './history';
import { inferKind, moreUrgentTier, tierFor, type FeedbackKind } from './model';
import { routeFeedback } from './routing';

export interface ProcessingOptions {
  analyzer?: TextAnalyzer;
  policy?: SlaPolicy;
  now?: Date;
}

let sharedAnalyzer: TextAnalyzer | undefined;
/** One analyzer per process (the tokenizer takes about half a second to load). */
export const defaultAnalyzer = () => (sharedAnalyzer ??= createTextAnalyzer());

/** Texts at or above this character-bigram Jaccard similarity are one demand. */
export const DEMAND_SIMILARITY = 0.5;
const DEMAND_CANDIDATES = 200;

interface StoredFeedback {
  text: string;
  kind?: FeedbackKind;
  orgUnit?: string;
  appId?: string;
  itemCode?: string;
  context: { pagePath: string; device: string; appVersion: string };
}

/** The unit the feedback is about: its own code if known, the service item's unit, else the top of the tree. */
async function unitOf(trx: Kysely<DB>, orgUnit: string | undefined, itemCode: string | undefined): Promise<{ unit: string; itemDepartment: string | null }> {
  const item = itemCode ? await trx.selectFrom('service_items').select(['org_unit_code', 'department_code']).where('code', '=', itemCode).executeTakeFirst() : undefined;
  if (orgUnit && (await trx.selectFrom('org_units').select('code').where('code', '=', orgUnit).executeTakeFirst())) return { unit: orgUnit, itemDepartment: item?.department_code ?? null };
  if (item) return { unit: item.org_unit_code, itemDepartment: item.department_code };
  const root = await trx.selectFrom('org_units').select('code').where('parent_code', 'is', null).orderBy('code').executeTakeFirst();
  if (!root) throw new Error('no org units: load the administrative divisions before processing feedback');
  return { unit: root.code, itemDepartment: null };
}

/** Joins the most similar open demand of the unit, or opens a new one; returns its id. */
async function clusterIntoDemand(trx: Transaction<DB>, unit: string, text: string, tags: string[], tier: SlaTier, highAlert: boolean, now: Date): Promise<{ id: string; joined: boolean }> {
  const candidates = await trx.selectFrom('feedback_demands').select(['id', 'title', 'support', 'tier', 'high_alert', 'tags', 'assessment']).where('org_unit', '=', unit).orderBy('updated_at', 'desc').limit(DEMAND_CANDIDATES).execute();
  const mine = shingles(text);
  let best: { row: (typeof candidates)[number]; similarity: number } | undefined;
  for (const row of candidates) {
    const similarity = jaccard(mine, shingles(row.title));
    if (similarity >= DEMAND_SIMILARITY && (!best || similarity > best.similarity)) best = { row, similarity };
  }
  const departments = tags.includes('cross_department') ? 2 : 1;
  if (best) {
    const row = best.row;
    const support = row.support + 1;
    const assessment = { ...(row.assessment as Record<string, unknown>), peopleAffected: support, tier: moreUrgentTier(row.tier, tier), highSeverityAlert: row.high_alert || highAlert };
    const priority = demandPriority(assessment as never);
    await trx
      .updateTable('feedback_demands')
      .set({ support, tier: assessment.tier, high_alert: assessment.highSeverityAlert, tags: [...new Set([...row.tags, ...tags])], assessment: JSON.stringify(assessment), priority: JSON.stringify(priority), score: priority.score, urgency: priority.urgency, quadrant: priority.quadrant.key, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return { id: row.id, joined: true };
  }
  // A first report: one person, weekly, no policy basis known yet, middling complexity and risk —
  // staff refine the assessment; the support count raises peopleAffected as reports come in.
  const assessment = { peopleAffected: 1, usesPerWeek: 1, policyRelevance: 0, departmentsInvolved: departments, complexity: 3, risk: 3, tier, highSeverityAlert: highAlert };
  const priority = demandPriority(assessment);
  const id = `dm_${randomUUID()}`;
  await trx
    .insertInto('feedback_demands')
    .values({ id, org_unit: unit, title: text.slice(0, 200), tags, support: 1, tier, high_alert: highAlert, assessment: JSON.stringify(assessment), priority: JSON.stringify(priority), score: priority.score, urgency: priority.urgency, quadrant: priority.quadrant.key, created_at: now, updated_at: now })
    .execute();
  return { id, joined: false };
}

export async function processFeedbackSubmission(db: Kysely<DB>, submissionId: string, options: ProcessingOptions = {}): Promise<'processed' | 'already'> {
  const analyzer = options.analyzer ?? defaultAnalyzer();
  const policy = options.policy ?? DEFAULT_SLA_POLICY;
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const submission = await trx.selectFrom('feedback_submissions').selectAll().where('id', '=', submissionId).forUpdate().executeTakeFirst();
    if (!submission) throw new Error(`feedback submission ${submissionId} does not exist`);
    if (submission.state !== 'received') return 'already';
    const stored = submission.payload as unknown as StoredFeedback;
    const analysis = analyzer.analyze(stored.text);
    const kind = stored.kind ?? inferKind(analysis);
    const tier = tierFor(kind, analysis);
    const highAlert = analysis.alerts.some((a) => a.severity === 'high');
    const { unit, itemDepartment } = await unitOf(trx, stored.orgUnit, stored.itemCode);
    const route = await routeFeedback(trx, { tags: analysis.tags, orgUnit: unit, itemCode: stored.itemCode ?? null });
    const orgUnit = route?.targetOrgUnit ?? unit;
    const department = route?.department ?? itemDepartment;
    const demand = await clusterIntoDemand(trx, orgUnit, stored.text, analysis.tags, tier, highAlert, now);
    const item = await trx.selectFrom('feedback_items').selectAll().where('submission_id', '=', submissionId).forUpdate().executeTakeFirstOrThrow();
    const dueAt = slaDeadline(new Date(item.received_at), policy.tiers[tier], { officeHours: policy.officeHours });
    const updated = await trx
      .updateTable('feedback_items')
      .set({ org_unit: orgUnit, department, kind, sentiment: analysis.sentiment, sentiment_score: analysis.score, tags: analysis.tags, alerts: JSON.stringify(analysis.alerts), tier, demand_id: demand.id, due_at: dueAt, processed_at: now, updated_at: now })
      .where('id', '=', item.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('feedback_submissions').set({ state: 'processed', processed_at: now }).where('id', '=', submissionId).execute();
    await awardPoints(trx, updated, 'processed', now);
    await recordItemEvent(trx, item.id, 'system', 'processed', {
      at: now,
      details: { kind, tier, sentiment: analysis.sentiment, tags: analysis.tags, alerts: analysis.alerts, orgUnit, department, rule: route?.ruleId ?? null, demand: demand.id, joinedDemand: demand.joined, dueAt: dueAt?.toISOString() ?? null },
    });
    await queueNotification(trx, { itemId: item.id, recipient: 'department', kind: 'work_order.created', at: now, message: { zh: `新工单（${tier}）待受理`, en: `new ${tier} work order to accept`, orgUnit, department, dueAt: dueAt?.toISOString() ?? null } });
    await writeFeedbackFact(trx, updated, stored.context);
    return 'processed';
  });
}

interface StoredRating {
  caseId: string;
  stage: string;
  channel: 'online' | 'offline';
  level: number;
  comment?: string;
  contact?: { name?: string; phone: string };
  /** A service-hall form's unit and item (staff entry), for a case that is not a handling record. */
  orgUnit?: string;
  itemCode?: string;
}

/** A rating: the rated case's unit, the rating fact, and for a real-name 差评 its callback task and deadline. */
export async function processRatingSubmission(db: Kysely<DB>, submissionId: string, options: ProcessingOptions = {}): Promise<'processed' | 'already'> {
  const policy = options.policy ?? DEFAULT_SLA_POLICY;
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const submission = await trx.selectFrom('feedback_submissions').selectAll().where('id', '=', submissionId).forUpdate().executeTakeFirst();
    if (!submission) throw new Error(`rating submission ${submissionId} does not exist`);
    if (submission.state !== 'received') return 'already';
    // The stored payload is what RatingSubmissionSchema accepted at intake (contact sealed).
    const stored = submission.payload as unknown as StoredRating;
    const record = await trx.selectFrom('handling_records').select(['org_unit', 'item_code', 'department']).where('record_id', '=', stored.caseId).orderBy('id', 'desc').executeTakeFirst();
    // Without a handling record: the hall form's own unit (and item), else the top of the tree.
    const { unit, itemDepartment } = record ? { unit: record.org_unit, itemDepartment: null } : await unitOf(trx, stored.orgUnit, stored.itemCode);
    const ratedAt = new Date(submission.received_at);
    await writeRatingFact(trx, {
      ratingId: submission.id, orgUnit: unit, department: record?.department ?? itemDepartment, itemCode: record?.item_code ?? stored.itemCode ?? null, handlingId: record ? stored.caseId : null,
      channel: stored.channel, level: stored.level, ratedAt, realName: stored.contact !== undefined, comment: stored.comment ?? null,
    });
    if (stored.level <= 2 && stored.contact) {
      const dueAt = ratingRectificationDeadline(ratedAt, { workingDays: policy.rectificationWorkingDays });
      await trx
        .insertInto('feedback_callbacks')
        .values({ id: `cb_${randomUUID()}`, submission_id: submission.id, rating_id: submission.id, org_unit: unit, level: stored.level, contact_name: stored.contact.name ?? null, contact_phone: stored.contact.phone, due_at: dueAt, created_at: now })
        .onConflict((oc) => oc.column('submission_id').doNothing())
        .execute();
      await queueNotification(trx, { trackingCode: submission.tracking_code, recipient: 'department', kind: 'callback.created', at: now, message: { zh: '实名差评：请回访并在期限内整改', en: 'real-name bad rating: call back and rectify by the deadline', orgUnit: unit, dueAt: dueAt.toISOString() } });
    }
    await trx.updateTable('feedback_submissions').set({ state: 'processed', processed_at: now }).where('id', '=', submissionId).execute();
    return 'processed';
  });
}
