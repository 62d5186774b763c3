// The services the HTTP layer and the CLI call, bound to one database. Every call that reads or
// changes data takes the acting `Actor` (the scoped context): permissions and the actor's
// administrative subtree are enforced here, below the routes, and changes are audited here.
// The API depends on these interfaces only, never on storage.
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { appendAudit, auditHead, exportAuditChain, listAuditEntries, verifyAuditChain, type AuditFilter } from './audit/chain';
import type { PublishedRunSummary, PublishedUnitResult } from './evaluation/public';
import { publicRatings, type PublicRatings } from './public/ratings';
import { contributorStanding, topContributors, type ContributorBoard, type ContributorView } from './feedback/contributors';
import { resultsWall, type ResultsWall } from './feedback/results-wall';
import { publicRectification, rerateTask, type PublicRectification, type PublicTaskFilter, type ReratingOutcome } from './public/rectification';
import { getPublishedRunFor, getPublishedUnit, listPublishedRunsFor, listRegions, type PublicRegion, type PublicUnitIndicators } from './public/results';
import { runEvaluation, type MetricCatalogue, type RunEvaluationOutcome, type RunEvaluationRequest } from './evaluation/run-evaluation';
import { explainRun, getEvaluationRun, listRuns, MIN_PEER_GROUP, publishRun, type RunSummary } from './evaluation/runs';
import { compareRuns, type RunComparison } from './evaluation/compare';
import { evaluationRunHandlers, getRunProgress, startEvaluationRun, type OnRunStored, type RunProgressView, type StartedRun } from './evaluation/run-progress';
import { summariseRejections, type RejectionFilter, type RejectionSummary } from './quality/rejections';
import { registerIndicatorSystem } from './evaluation/systems';
import { importReferenceValues, listReferenceValues, referenceScoresOfRun, type ReferenceImportResult, type ReferenceImportRow, type ReferenceValueView } from './evaluation/reference-values';
import { diffSystemVersions, getSystemVersion, listSystems, previewSystemDraft, publishSystemVersion, saveSystemDraft, type SystemDiff, type SystemPreview, type SystemSummary, type SystemVersionView } from './evaluation/system-editor';
import { unitTrend, type TrendPoint } from './evaluation/trends';
import { computeAhp, type AhpAnswer } from './evaluation/weights';
import { closeRound, createConsultation, getConsultation, listConsultations, openNextRound, submitJudgement, type DelphiSummary, type DelphiView } from './weights/delphi';
import { listExpertCandidates, type ExpertCandidate } from './weights/experts';
import { previewWeights, type WeightsPreview } from './weights/preview';
import { allocateRunFunding, fundingWorkbookOfRun, type FundingWorkbookFile, type RunFundingAllocation } from './application/funding-service';
import { runResultLists, type RunResultLists } from './application/result-lists';
import { createStaffUser, disableStaffUser, issueScopedToken, listScopedTokens, listStaffUsers, revokeScopedToken, type TokenView, type UserView } from './identity/accounts';
import { auditActor, requirePermission, requireWithinArea, systemActor, type Actor } from './identity/actor';
import { authenticateTokenActor } from './identity/credentials';
import { authenticateSession, login, logout, type LoginRequest, type SessionContext, type SessionGrant } from './identity/sessions';
import { ingestRecords, type IngestContext, type IngestResult } from './ingestion/ingest';
import { drainDueJobs, purgeFinishedJobs, type JobRunSummary } from './jobs/queue';
import { createLogChannel, listNotifications, notificationHandlers, retryNotification, scheduleNotificationDelivery, type NotificationChannel, type NotificationState, type NotificationView } from './notifications';
import { hitRateWindow, rateWindowHandlers, scheduleRateWindowPurge, type WindowHit } from './feedback/rate-windows';
import { recurringHandlers, scheduleRecurringJobs } from './jobs/schedule';
import type { FieldCipher } from './privacy/cipher';
import { flagConcentratedRatings, listRejectedRecords, qualityReport, type QualityReport, type RejectedRecordView } from './quality/report';
import { decideAppeal, listAppeals, submitAppeal, type AppealView } from './appeals/appeals';
import { respondToPublishedRun, type ResponseOutcome } from './rectification/respond';
import { superviseOverdue, type SupervisionOutcome } from './rectification/supervision';
import { getTask, listTasks, type RectificationEventView, type RectificationTaskView } from './rectification/tasks';
import { closeReview, planTask, recordProgress, submitForCheck } from './rectification/workflow';
import { RectificationFilterSchema } from '@govperf/contracts';
import * as feedbackLoop from './feedback';
import { decideRatingAppeal, listRatingAppeals, submitRatingAppeal, type RatingAppealView } from './feedback/rating-appeals';
import { hotlineRowsFromFile, importHotline, submitHallForm, type HotlineImportOptions, type HotlineInputRow } from './feedback/hotline';
import type { HallFormReceipt, HotlineImportResult } from '@govperf/contracts';

/** What the caller of ingest describes; the scope and allowed types come from the actor. */
export type IngestRequest = Omit<IngestContext, 'scope' | 'allowedTypes'>;

export interface Services {
  checkDatabase(): Promise<void>;
  identity: {
    login(request: LoginRequest): Promise<SessionGrant>;
    authenticateSession(sessionId: string, clientIp: string | null): Promise<SessionContext>;
    authenticateToken(token: string, clientIp: string | null): Promise<Actor>;
    logout(sessionId: string, actor: Actor): Promise<void>;
  };
  users: {
    create(actor: Actor, input: unknown): Promise<{ user: UserView; password: string | null }>;
    list(actor: Actor): Promise<UserView[]>;
    disable(actor: Actor, username: string): Promise<UserView>;
  };
  tokens: {
    issue(actor: Actor, input: unknown): Promise<{ token: string; view: TokenView }>;
    list(actor: Actor): Promise<TokenView[]>;
    revoke(actor: Actor, id: string): Promise<TokenView>;
  };
  weights: {
    /** AHP weights, CR and the most inconsistent judgements (one matrix or several experts). */
    ahp(actor: Actor, request: unknown): Promise<AhpAnswer>;
    /** Entropy and combined weights of a node's children on the latest stored run of a system and period in the caller's area. */
    preview(actor: Actor, request: unknown): Promise<WeightsPreview>;
    /** Delphi consultations (docs/weights.md §1): weights.consult opens and closes rounds; invited experts (weights.judge) submit. */
    consultations(actor: Actor): Promise<DelphiSummary[]>;
    consultation(actor: Actor, id: string): Promise<DelphiView>;
    createConsultation(actor: Actor, input: unknown, now?: Date): Promise<DelphiView>;
    submitJudgement(actor: Actor, id: string, input: unknown, now?: Date): Promise<DelphiView>;
    closeRound(actor: Actor, id: string, now?: Date): Promise<DelphiView>;
    openNextRound(actor: Actor, id: string, now?: Date): Promise<DelphiView>;
    /** The expert picker (weights.consult): active judges of the caller's area, `q` to search, `orgUnit` to narrow to a consultation's unit. */
    experts(actor: Actor, query?: unknown): Promise<{ experts: ExpertCandidate[]; truncated: boolean }>;
  };
  orgUnits: {
    /** The caller's subtree: every unit at or below their area, with its parent. */
    list(actor: Actor): Promise<{ code: string; name: string; level: string; parent: string | null }[]>;
  };
  systems: {
    register(actor: Actor, document: unknown): Promise<{ code: string; version: string; hash: string; outcome: 'created' | 'unchanged' }>;
    /** The indicator-system editor: versions with status, one version with weights, drafts, publishing, diffs. */
    list(actor: Actor): Promise<SystemSummary[]>;
    get(actor: Actor, code: string, version: string): Promise<SystemVersionView>;
    saveDraft(actor: Actor, code: string, document: unknown): ReturnType<typeof saveSystemDraft>;
    /** Validates and compiles an edited document without storing it: live weights and CR, or its problems. */
    preview(actor: Actor, code: string, document: unknown): Promise<SystemPreview>;
    publish(actor: Actor, code: string, version: string): ReturnType<typeof publishSystemVersion>;
    diff(actor: Actor, code: string, from: string, to: string): Promise<SystemDiff>;
  };
  evaluations: {
    /** `request.scope` defaults to the actor's area; a scope outside it is refused. */
    run(actor: Actor, request: Omit<RunEvaluationRequest, 'scope'> & { scope?: string | undefined }): Promise<RunEvaluationOutcome>;
    /** Runs outside the actor's subtree do not exist for them (404). */
    get(actor: Actor, id: string): ReturnType<typeof getEvaluationRun>;
    list(actor: Actor, filter: { systemCode?: string | undefined; period?: string | undefined }): Promise<RunSummary[]>;
    /** Publishing also generates the run's responses and re-measures earlier open tasks (rectification). */
    publish(actor: Actor, id: string): Promise<RunSummary & { responses: ResponseOutcome }>;
    /** Sample facts are masked unless `unmask` is asked for (permission personal_data.unmask; audited). */
    explain(actor: Actor, id: string, unit: string, indicator: string, options?: { unmask?: boolean }): ReturnType<typeof explainRun>;
    /** A unit in the actor's subtree: its score, rank and peer average over the last `periods` periods. */
    trend(actor: Actor, query: { system: string; unit: string; periods: number }): Promise<TrendPoint[]>;
    /** Like `run`, but answers once the request is checked: the run goes on in the background; `finished` settles when it ends. */
    start(actor: Actor, request: Omit<RunEvaluationRequest, 'scope'> & { scope?: string | undefined }): Promise<StartedRun>;
    /** A background run's stage and percentage (404 outside the actor's subtree). */
    progress(actor: Actor, id: string): Promise<RunProgressView>;
    /** Two runs of the same indicator system, both visible to the actor, side by side. */
    compare(actor: Actor, baseId: string, otherId: string): Promise<RunComparison>;
  };
  /** The public portal: no actor, published aggregates only (the routes rate-limit per client). */
  public: {
    /** Province, city and county divisions, for the region picker. */
    regions(): Promise<PublicRegion[]>;
    /** With a region: only the runs whose scope contains it. */
    runs(filter: { system?: string | undefined; period?: string | undefined; region?: string | undefined }): Promise<PublishedRunSummary[]>;
    /** With a region: only the units of its subtree. */
    run(id: string, options?: { region?: string | undefined }): Promise<PublishedRunSummary & { units: PublishedUnitResult[] }>;
    /** One unit of a published run: every indicator's value, score and light. */
    unit(id: string, unit: string): Promise<PublicUnitIndicators>;
    /** Rectification progress in a region: counts by status per child unit, and the tasks' public fields. */
    rectification(region: string, filter?: PublicTaskFilter, now?: Date): Promise<PublicRectification>;
    /** 好差评 aggregates of a region and its children in a period. */
    ratings(query: { region: string; period: string }): Promise<PublicRatings>;
    /** A citizen's re-rating of a closed task: one per mobile number and task (409 otherwise); audited anonymously. */
    rerate(taskId: string, input: unknown): Promise<ReratingOutcome>;
    /** 改进成果墙: delivered feedback items of a region's subtree with before/after counts (docs/feedback-loop.md §11). */
    resultsWall(region: string, options?: { limit?: number | undefined; now?: Date }): Promise<ResultsWall>;
    /** 体验官: one SDK client's own points, stars and counts (nothing else). */
    contributor(clientId: string): Promise<ContributorView>;
    /** 体验官 top list of a region's subtree, client ids masked. */
    contributors(region: string, options?: { limit?: number | undefined }): Promise<ContributorBoard>;
  };
  ingestion: {
    ingest(actor: Actor, request: IngestRequest, records: AsyncIterable<unknown> | Iterable<unknown>): Promise<IngestResult>;
  };
  quality: {
    report(actor: Actor, options: { from?: string | undefined; to?: string | undefined; source?: string | undefined }): Promise<QualityReport>;
    /** Payloads are masked unless `unmask` is asked for (permission personal_data.unmask; audited). */
    rejected(actor: Actor, filter: { factType?: string | undefined; batchId?: string | undefined; source?: string | undefined; field?: string | undefined; reason?: string | undefined; limit?: number | undefined }, options?: { unmask?: boolean }): Promise<RejectedRecordView[]>;
    /** Refused records counted by fact type × field × reason, in the actor's subtree. */
    rejectionSummary(actor: Actor, filter: Omit<RejectionFilter, 'area'>): Promise<RejectionSummary>;
    /** The daily checks for one local date; returns how many records were flagged. */
    runDailyChecks(actor: Actor, day: string): Promise<{ concentratedRatings: number }>;
  };
  audit: {
    list(actor: Actor, filter?: Omit<AuditFilter, 'orgUnits'>): ReturnType<typeof listAuditEntries>;
    verify(actor: Actor): ReturnType<typeof verifyAuditChain>;
    /** The chain as entries, and its head digest; the export itself is audited. */
    export(actor: Actor): Promise<{ head: Awaited<ReturnType<typeof auditHead>>; entries: ReturnType<typeof exportAuditChain> }>;
  };
  appeals: {
    /** Within the appeal window of a published run, by the evaluated unit (or above it), with evidence. */
    submit(actor: Actor, runId: string, input: unknown): Promise<AppealView>;
    list(actor: Actor, filter: { status?: string | undefined; runId?: string | undefined }): Promise<AppealView[]>;
    /** Upheld: a corrected run is computed (unpublished); the published run never changes. */
    decide(actor: Actor, id: string, input: unknown): Promise<AppealView>;
  };
  rectification: {
    list(actor: Actor, filter: unknown): Promise<RectificationTaskView[]>;
    get(actor: Actor, id: string): Promise<RectificationTaskView & { history: RectificationEventView[] }>;
    plan(actor: Actor, id: string, input: unknown): Promise<RectificationTaskView>;
    progress(actor: Actor, id: string, input: unknown): Promise<RectificationTaskView>;
    submit(actor: Actor, id: string, input: unknown): Promise<RectificationTaskView>;
    close(actor: Actor, id: string, input: unknown): Promise<RectificationTaskView>;
    /** Overdue tasks onto the key-supervision list, escalated up the hierarchy (daily job; idempotent). */
    superviseOverdue(actor: Actor, now?: Date): Promise<SupervisionOutcome>;
  };
  application: {
    /** The commendation and interview lists of a published run (docs/result-application.md §2); `config` is a ResultListsConfig. */
    lists(actor: Actor, runId: string, config?: unknown): Promise<RunResultLists>;
    /** A preview of the budget linkage (以效定补) of a published run: `plan` is { peerGroup, pool, rule }. */
    allocate(actor: Actor, runId: string, plan: unknown): Promise<RunFundingAllocation>;
    /** The allocation as an .xlsx workbook; the export is audited (funding.export). */
    fundingWorkbook(actor: Actor, runId: string, plan: unknown): Promise<FundingWorkbookFile>;
  };
  /** The feedback loop (docs/feedback-loop.md): public intake and tracker, staff work orders and demand pool. */
  feedback: {
    /** Public: stored (with its processing job) before anything else; a retried submissionId answers duplicate: true. */
    submit(input: unknown, options?: { now?: Date }): Promise<feedbackLoop.IntakeReceipt>;
    /** Public: one rating per case and stage (409 otherwise). */
    rate(input: unknown, options?: { now?: Date }): Promise<feedbackLoop.IntakeReceipt>;
    /** Public: status and history by tracking code, no personal data. */
    track(trackingCode: string, language?: 'zh' | 'en'): Promise<feedbackLoop.TrackingView>;
    workOrders(actor: Actor, filter?: feedbackLoop.WorkOrderFilter, now?: Date): Promise<feedbackLoop.WorkOrderView[]>;
    overdue(actor: Actor, now?: Date): Promise<feedbackLoop.WorkOrderView[]>;
    workOrder(actor: Actor, id: string, now?: Date): Promise<feedbackLoop.WorkOrderView & { history: feedbackLoop.WorkOrderEventView[] }>;
    transfer(actor: Actor, id: string, input: unknown, now?: Date): Promise<feedbackLoop.WorkOrderView>;
    pause(actor: Actor, id: string, input: unknown, now?: Date): Promise<feedbackLoop.WorkOrderView>;
    resume(actor: Actor, id: string, input: unknown, now?: Date): Promise<feedbackLoop.WorkOrderView>;
    /** Along the tracker, or to rejected with a reason. */
    advance(actor: Actor, id: string, input: unknown, now?: Date): Promise<feedbackLoop.WorkOrderView>;
    demands(actor: Actor, options?: { quadrant?: string | undefined; limit?: number | undefined }): ReturnType<typeof feedbackLoop.listDemands>;
    routingRules(actor: Actor): ReturnType<typeof feedbackLoop.listRoutingRules>;
    addRoutingRule(actor: Actor, input: unknown): Promise<{ id: string }>;
    /** 差评回访整改 tasks of real-name bad ratings, the phone masked. */
    callbacks(actor: Actor, filter?: { status?: 'open' | 'done' | undefined }, now?: Date): Promise<feedbackLoop.CallbackView[]>;
    /** Closes a callback with its outcome: the rating fact records the rectification; the rater is told. */
    closeCallback(actor: Actor, id: string, input: unknown, now?: Date): Promise<feedbackLoop.CallbackView>;
    /** Reminders and escalation of overdue orders (also the 15-minute job). */
    sweep(actor: Actor, now?: Date): Promise<feedbackLoop.SweepOutcome>;
    /** Runs the due feedback jobs now (processing of stored submissions), for the CLI and benchmarks. */
    processPending(options?: { now?: Date; limit?: number }): Promise<JobRunSummary>;
    /** feedback.manage: the notifications of the caller's subtree in one state (default failed: the dead letters). */
    notifications(actor: Actor, filter?: { state?: NotificationState | undefined; limit?: number | undefined }): Promise<NotificationView[]>;
    /** feedback.manage: queues a dead-lettered notification again; audited. */
    retryNotification(actor: Actor, id: string, now?: Date): Promise<NotificationView>;
    /** Counts a hit of `key` in the shared (database) fixed window: the intake limits of every server process on the database. */
    hitRateWindow(key: string, limit: number, windowMs?: number, now?: Date): Promise<WindowHit>;
  };
  /** 12345-hotline import and service-hall forms into the feedback loop (docs/feedback-loop.md §9). */
  hotline: {
    /** Each valid row becomes a feedback submission (idempotent by 工单编号); rejected rows are kept. */
    importRows(actor: Actor, rows: AsyncIterable<HotlineInputRow> | Iterable<HotlineInputRow>, options?: HotlineImportOptions): Promise<HotlineImportResult>;
    /** Staff entry of a service-hall form (feedback.handle, unit in the caller's subtree): the citizen's tracking code. */
    hallForm(actor: Actor, input: unknown, now?: Date): Promise<HallFormReceipt>;
    /** feedback.manage: an uploaded file (CSV or the first XLSX worksheet) imported like importRows. */
    importFile(actor: Actor, file: { bytes: Uint8Array; format: 'csv' | 'xlsx'; name?: string | undefined } | { rows: HotlineInputRow[]; name?: string | undefined }): Promise<HotlineImportResult>;
  };
  /** 好差评申诉 (docs/feedback-loop.md §11): departments appeal a 差评; a reviewer decides; upheld → the rating no longer counts. */
  ratingAppeals: {
    /** feedback.handle: a 差评 of a unit in the caller's subtree, within the window, one appeal per rating. */
    submit(actor: Actor, input: unknown, now?: Date): Promise<RatingAppealView>;
    /** feedback.read: the appeals of the caller's subtree. */
    list(actor: Actor, filter?: { status?: string | undefined }): Promise<RatingAppealView[]>;
    /** feedback.manage, not the appellant; final. Upheld: the rating's quality_status becomes 'appealed'. */
    decide(actor: Actor, id: string, input: unknown, now?: Date): Promise<RatingAppealView>;
  };
  /** Reference values such as the national average (全国平均), beside results, never in scoring. */
  referenceValues: {
    /** system.register: rows checked one by one (rejected with reasons); idempotent; audited. */
    import(actor: Actor, system: string, rows: Iterable<ReferenceImportRow> | AsyncIterable<ReferenceImportRow>): Promise<ReferenceImportResult>;
    /** evaluation.read: the values of a system, optionally of one period. */
    list(actor: Actor, filter: { system: string; period?: string | undefined }): Promise<ReferenceValueView[]>;
    /** evaluation.read: the period's references scored in one peer group of a run the caller may read. */
    scores(actor: Actor, runId: string, peerGroup: string): ReturnType<typeof referenceScoresOfRun>;
  };
  jobs: {
    /** Schedules the recurring work and runs whatever is due, batch after batch until none is (drainDueJobs). */
    tick(now?: Date): Promise<JobRunSummary & { scheduled: number }>;
  };
}

/**
 * `cipher` encrypts personal data at rest and opens it for display; without one, records carrying
 * personal data are refused (never stored in plaintext) and encrypted values show as ***.
 */
const SCHEDULER = systemActor('scheduler');

export interface ServiceOptions {
  /** Where notifications are delivered (notifications/). Default: the log channel on the console. */
  notifications?: NotificationChannel;
  /** Other units a peer group needs before an own-subtree caller sees its figures (MIN_PEER_GROUP, GOVPERF_MIN_PEER_GROUP). */
  minPeerGroup?: number;
}

export function createServices(database: Database, catalogue: MetricCatalogue, cipher?: FieldCipher, options: ServiceOptions = {}): Services {
  const db = database.db;
  const notificationChannel = options.notifications ?? createLogChannel((message) => console.info(message));
  const minPeerGroup = options.minPeerGroup;
  const audited = (actor: Actor | null, entry: { action: string; entityType: string; entityId?: string | null; orgUnit?: string | null; details?: Record<string, unknown> }) =>
    appendAudit(db, { ...auditActor(actor), ...entry });
  /** A background run (a queue job, run by whichever process claims it) is on the record under whoever started it. */
  const onRunStored: OnRunStored = async (outcome, r, requester) => {
    await appendAudit(db, { ...requester, action: 'evaluation.run', entityType: 'evaluation_run', entityId: outcome.runId, orgUnit: r.scope, details: { system: r.systemCode, period: r.period, inputHash: outcome.result.inputHash, background: true } });
  };

  /** Unmasking is a permission of its own, and every use of it is on the record. */
  const unmasking = async (actor: Actor, wanted: boolean | undefined, what: string, details: Record<string, unknown>) => {
    if (!wanted) return false;
    requirePermission(actor, 'personal_data.unmask');
    await audited(actor, { action: 'personal_data.unmask', entityType: what, entityId: null, orgUnit: actor.area === '*' ? null : actor.area, details });
    return true;
  };
  const isTopOfTree = async (actor: Actor) =>
    actor.area === '*' || (await db.selectFrom('org_units').select('parent_code').where('code', '=', actor.area).executeTakeFirst())?.parent_code === null;
  const subtreeCodes = async (area: string) =>
    (await db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area).execute()).map((r) => r.descendant_code);

  return {
    async checkDatabase() {
      await db.selectFrom('org_units').select('code').limit(1).execute();
    },
    identity: {
      login: (request) => login(db, request),
      authenticateSession: (sessionId, clientIp) => authenticateSession(db, sessionId, clientIp),
      authenticateToken: (token, clientIp) => authenticateTokenActor(db, token, clientIp),
      logout: (sessionId, actor) => logout(db, sessionId, actor),
    },
    users: {
      create: (actor, input) => createStaffUser(db, actor, input),
      list: (actor) => listStaffUsers(db, actor),
      disable: (actor, username) => disableStaffUser(db, actor, username),
    },
    tokens: {
      issue: (actor, input) => issueScopedToken(db, actor, input),
      list: (actor) => listScopedTokens(db, actor),
      revoke: (actor, id) => revokeScopedToken(db, actor, id),
    },
    weights: {
      async ahp(actor, request) {
        requirePermission(actor, 'system.read');
        return computeAhp(request);
      },
      async preview(actor, request) {
        requirePermission(actor, 'system.read');
        return previewWeights(db, actor, request);
      },
      async consultations(actor) {
        requirePermission(actor, 'weights.judge');
        return listConsultations(db, actor);
      },
      async consultation(actor, id) {
        requirePermission(actor, 'weights.judge');
        return getConsultation(db, actor, id);
      },
      async createConsultation(actor, input, now = new Date()) {
        requirePermission(actor, 'weights.consult');
        return createConsultation(db, actor, input, now);
      },
      async submitJudgement(actor, id, input, now = new Date()) {
        requirePermission(actor, 'weights.judge');
        return submitJudgement(db, actor, id, input, now);
      },
      async closeRound(actor, id, now = new Date()) {
        requirePermission(actor, 'weights.consult');
        return closeRound(db, actor, id, now);
      },
      async openNextRound(actor, id, now = new Date()) {
        requirePermission(actor, 'weights.consult');
        return openNextRound(db, actor, id, now);
      },
      async experts(actor, query = {}) {
        requirePermission(actor, 'weights.consult');
        return listExpertCandidates(db, actor, query);
      },
    },
    orgUnits: {
      async list(actor) {
        let query = db.selectFrom('org_units').select(['code', 'name', 'level', 'parent_code']).orderBy('code');
        if (actor.area !== '*') query = query.where('code', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
        return (await query.execute()).map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parent_code }));
      },
    },
    systems: {
      async register(actor, document) {
        requirePermission(actor, 'system.register');
        const outcome = await registerIndicatorSystem(db, document);
        if (outcome.outcome === 'created') await audited(actor, { action: 'system.register', entityType: 'indicator_system', entityId: `${outcome.code}@${outcome.version}`, details: { hash: outcome.hash } });
        return outcome;
      },
      list: (actor) => listSystems(db, actor),
      get: (actor, code, version) => getSystemVersion(db, actor, code, version),
      saveDraft: (actor, code, document) => saveSystemDraft(db, actor, code, document),
      preview: async (actor, code, document) => previewSystemDraft(actor, code, document),
      publish: (actor, code, version) => publishSystemVersion(db, actor, code, version),
      diff: (actor, code, from, to) => diffSystemVersions(db, actor, code, from, to),
    },
    evaluations: {
      async run(actor, request) {
        requirePermission(actor, 'evaluation.run');
        const scope = request.scope ?? actor.area;
        if (scope === '*') throw new Error('an evaluation needs a scope: the operator names one');
        await requireWithinArea(db, actor, scope, 'scope');
        const outcome = await runEvaluation(db, catalogue, { ...request, scope });
        await audited(actor, { action: 'evaluation.run', entityType: 'evaluation_run', entityId: outcome.runId, orgUnit: scope, details: { system: request.systemCode, period: request.period, inputHash: outcome.result.inputHash } });
        return outcome;
      },
      async get(actor, id) {
        requirePermission(actor, 'evaluation.read');
        return getEvaluationRun(db, id, actor.area, minPeerGroup);
      },
      async list(actor, filter) {
        requirePermission(actor, 'evaluation.read');
        return listRuns(db, filter, actor.area);
      },
      async publish(actor, id) {
        requirePermission(actor, 'evaluation.publish');
        // The publication and its audit entry commit together or not at all.
        return db.transaction().execute(async (trx) => {
          const run = await publishRun(trx, id, actor.area);
          await appendAudit(trx, { ...auditActor(actor), action: 'evaluation.publish', entityType: 'evaluation_run', entityId: id, orgUnit: run.scope, details: { system: run.system, period: run.period } });
          // A published result that changes nothing is the failure the office exists to prevent:
          // its responses exist as soon as it is public, and earlier tasks are checked against it.
          const responses = await respondToPublishedRun(trx, actor, id);
          return { ...run, responses };
        });
      },
      async explain(actor, id, unit, indicator, options = {}) {
        requirePermission(actor, 'evaluation.explain');
        const unmask = await unmasking(actor, options.unmask, 'evaluation_samples', { run: id, unit, indicator });
        return explainRun(db, id, unit, indicator, actor.area, catalogue, { cipher, unmask }, minPeerGroup);
      },
      async trend(actor, query) {
        requirePermission(actor, 'evaluation.read');
        await requireWithinArea(db, actor, query.unit, 'unit');
        return unitTrend(db, query, { area: actor.area, minPeerGroup: minPeerGroup ?? MIN_PEER_GROUP });
      },
      async start(actor, request) {
        requirePermission(actor, 'evaluation.run');
        const scope = request.scope ?? actor.area;
        if (scope === '*') throw new Error('an evaluation needs a scope: the operator names one');
        await requireWithinArea(db, actor, scope, 'scope');
        return startEvaluationRun(db, catalogue, { ...request, scope }, auditActor(actor), onRunStored);
      },
      async progress(actor, id) {
        requirePermission(actor, 'evaluation.read');
        return getRunProgress(db, id, actor.area);
      },
      async compare(actor, baseId, otherId) {
        requirePermission(actor, 'evaluation.read');
        return compareRuns(db, baseId, otherId, actor.area);
      },
    },
    public: {
      regions: () => listRegions(db),
      runs: (filter) => listPublishedRunsFor(db, filter),
      run: (id, options = {}) => getPublishedRunFor(db, id, options.region),
      unit: (id, unit) => getPublishedUnit(db, id, unit),
      rectification: (region, filter = {}, now = new Date()) => publicRectification(db, region, now, filter),
      ratings: (query) => publicRatings(db, query),
      rerate: (taskId, input) => rerateTask(db, cipher, taskId, input),
      resultsWall: (region, options = {}) => resultsWall(db, region, options),
      contributor: (clientId) => contributorStanding(db, clientId),
      contributors: (region, options = {}) => topContributors(db, region, options),
    },
    ingestion: {
      async ingest(actor, request, records) {
        requirePermission(actor, 'ingest.write');
        const result = await ingestRecords(db, { ...request, scope: actor.area, allowedTypes: actor.factTypes, ...(cipher ? { cipher } : {}) }, records);
        await audited(actor, {
          action: 'ingest.batch',
          entityType: 'ingestion_batch',
          entityId: result.batchId,
          orgUnit: actor.area === '*' ? null : actor.area,
          details: { type: request.type, source: request.source, channel: request.channel, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejectedRecords },
        });
        return result;
      },
    },
    quality: {
      async report(actor, options) {
        requirePermission(actor, 'quality.read');
        return qualityReport(db, { ...options, area: actor.area });
      },
      async rejected(actor, filter, options = {}) {
        requirePermission(actor, 'quality.read');
        const unmask = await unmasking(actor, options.unmask, 'rejected_records', { ...filter });
        return listRejectedRecords(db, { ...filter, area: actor.area }, { cipher, unmask });
      },
      async runDailyChecks(actor, day) {
        requirePermission(actor, 'quality.read');
        return { concentratedRatings: await flagConcentratedRatings(db, day) };
      },
      async rejectionSummary(actor, filter) {
        requirePermission(actor, 'quality.read');
        return summariseRejections(db, { ...filter, area: actor.area });
      },
    },
    audit: {
      async list(actor, filter = {}) {
        requirePermission(actor, 'audit.read');
        // An auditor sees the entries of their own subtree; only the top of the tree sees everything.
        const orgUnits = (await isTopOfTree(actor)) ? '*' : await subtreeCodes(actor.area);
        return listAuditEntries(db, { ...filter, orgUnits });
      },
      async verify(actor) {
        requirePermission(actor, 'audit.read');
        return verifyAuditChain(db);
      },
      async export(actor) {
        requirePermission(actor, 'audit.export');
        if (!(await isTopOfTree(actor))) {
          throw new AppError('forbidden', { message: { zh: '只有最高一级的审计员可以导出完整审计链', en: 'only an auditor at the top of the tree may export the whole chain' } });
        }
        const head = await auditHead(db);
        await audited(actor, { action: 'audit.export', entityType: 'audit_log', entityId: head ? String(head.seq) : null, details: { head } });
        return { head, entries: exportAuditChain(db) };
      },
    },
    appeals: {
      async submit(actor, runId, input) {
        requirePermission(actor, 'appeal.submit');
        return submitAppeal(db, actor, runId, input);
      },
      async list(actor, filter) {
        requirePermission(actor, 'evaluation.read');
        return listAppeals(db, actor, filter);
      },
      async decide(actor, id, input) {
        requirePermission(actor, 'appeal.review');
        return decideAppeal(db, catalogue, actor, id, input);
      },
    },
    rectification: {
      async list(actor, filter) {
        requirePermission(actor, 'rectification.read');
        const parsed = RectificationFilterSchema.safeParse(filter ?? {});
        if (!parsed.success) throw new AppError('validation_failed', { message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        if (parsed.data.unit) await requireWithinArea(db, actor, parsed.data.unit, 'unit');
        return listTasks(db, actor.area, parsed.data, new Date());
      },
      async get(actor, id) {
        requirePermission(actor, 'rectification.read');
        return getTask(db, actor.area, id, new Date());
      },
      async plan(actor, id, input) {
        requirePermission(actor, 'rectification.update');
        return planTask(db, actor, id, input);
      },
      async progress(actor, id, input) {
        requirePermission(actor, 'rectification.update');
        return recordProgress(db, actor, id, input);
      },
      async submit(actor, id, input) {
        requirePermission(actor, 'rectification.update');
        return submitForCheck(db, actor, id, input);
      },
      async close(actor, id, input) {
        requirePermission(actor, 'rectification.manage');
        return closeReview(db, actor, id, input);
      },
      async superviseOverdue(actor, now = new Date()) {
        requirePermission(actor, 'rectification.manage');
        return superviseOverdue(db, actor, now);
      },
    },
    application: {
      async lists(actor, runId, config) {
        requirePermission(actor, 'evaluation.read');
        return runResultLists(db, runId, config ?? {}, actor.area);
      },
      async allocate(actor, runId, plan) {
        requirePermission(actor, 'evaluation.read');
        return allocateRunFunding(db, runId, plan, actor.area);
      },
      async fundingWorkbook(actor, runId, plan) {
        requirePermission(actor, 'evaluation.read');
        const file = await fundingWorkbookOfRun(db, runId, plan, actor.area);
        const { allocation } = file;
        await audited(actor, {
          action: 'funding.export',
          entityType: 'evaluation_run',
          entityId: runId,
          orgUnit: file.run.scope,
          details: { period: file.run.period, peerGroup: allocation.peerGroup, pool: allocation.pool, rule: allocation.rule, units: allocation.lines.length, filename: file.filename },
        });
        return file;
      },
    },
    feedback: {
      submit: (input, options = {}) => feedbackLoop.submitFeedback(db, input, { cipher, ...options }),
      rate: (input, options = {}) => feedbackLoop.submitRating(db, input, { cipher, ...options }),
      track: (trackingCode, language) => feedbackLoop.trackByCode(db, trackingCode, language),
      async workOrders(actor, filter = {}, now = new Date()) {
        requirePermission(actor, 'feedback.read');
        return feedbackLoop.listWorkOrders(db, actor, filter, now);
      },
      async overdue(actor, now = new Date()) {
        requirePermission(actor, 'feedback.read');
        return feedbackLoop.listOverdue(db, actor, now);
      },
      async workOrder(actor, id, now = new Date()) {
        requirePermission(actor, 'feedback.read');
        return feedbackLoop.getWorkOrder(db, actor, id, now);
      },
      async transfer(actor, id, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        return feedbackLoop.transferOrder(db, actor, id, input, now);
      },
      async pause(actor, id, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        return feedbackLoop.pauseOrder(db, actor, id, input, now);
      },
      async resume(actor, id, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        return feedbackLoop.resumeOrder(db, actor, id, input, now);
      },
      async advance(actor, id, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        return feedbackLoop.advanceOrder(db, actor, id, input, now);
      },
      async demands(actor, options = {}) {
        requirePermission(actor, 'feedback.read');
        return feedbackLoop.listDemands(db, actor, options);
      },
      async routingRules(actor) {
        requirePermission(actor, 'feedback.read');
        return feedbackLoop.listRoutingRules(db);
      },
      async addRoutingRule(actor, input) {
        requirePermission(actor, 'feedback.manage');
        const rule = await feedbackLoop.addRoutingRule(db, input, actor);
        await audited(actor, { action: 'feedback.routing_rule', entityType: 'feedback_routing_rule', entityId: rule.id, details: { rule: input as Record<string, unknown> } });
        return rule;
      },
      async callbacks(actor, filter = {}, now = new Date()) {
        requirePermission(actor, 'feedback.read');
        return feedbackLoop.listCallbacks(db, actor, filter, now, cipher);
      },
      async closeCallback(actor, id, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        return feedbackLoop.closeCallback(db, actor, id, input, now, cipher);
      },
      async sweep(actor, now = new Date()) {
        requirePermission(actor, 'feedback.manage');
        return feedbackLoop.sweepSla(db, actor, now);
      },
      processPending: ({ now, limit } = {}) => feedbackLoop.runFeedbackJobs(db, { actor: SCHEDULER, ...(now ? { now: () => now } : {}) }, limit),
      async notifications(actor, filter = {}) {
        requirePermission(actor, 'feedback.manage');
        return listNotifications(db, actor, filter);
      },
      async retryNotification(actor, id, now = new Date()) {
        requirePermission(actor, 'feedback.manage');
        return retryNotification(db, actor, id, now);
      },
      hitRateWindow: (key, limit, windowMs, now) => hitRateWindow(db, key, limit, windowMs, now),
    },
    hotline: {
      async importRows(actor, rows, options = {}) {
        requirePermission(actor, 'feedback.handle');
        const result = await importHotline(db, cipher, actor, rows, options);
        await audited(actor, {
          action: 'feedback.hotline_import', entityType: 'ingestion_batch', entityId: result.batchId, orgUnit: actor.area === '*' ? null : actor.area,
          details: { source: options.source ?? null, file: options.fileName ?? null, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected.length },
        });
        return result;
      },
      async hallForm(actor, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        const receipt = await submitHallForm(db, cipher, actor, input, now);
        if (!receipt.duplicate) await audited(actor, { action: 'feedback.hall_form', entityType: 'feedback_submission', entityId: receipt.trackingCode, orgUnit: (input as { orgUnit?: string }).orgUnit ?? null, details: { formId: receipt.formId } });
        return receipt;
      },
      async importFile(actor, file) {
        requirePermission(actor, 'feedback.manage');
        const rows = 'rows' in file ? file.rows : await hotlineRowsFromFile(file.bytes, file.format);
        const options = { source: file.name ?? 'console-upload', fileName: file.name ?? null };
        const result = await importHotline(db, cipher, actor, rows, { source: options.source, ...(file.name ? { fileName: file.name } : {}) });
        await audited(actor, {
          action: 'feedback.hotline_import', entityType: 'ingestion_batch', entityId: result.batchId, orgUnit: actor.area === '*' ? null : actor.area,
          details: { source: options.source, file: options.fileName, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected.length },
        });
        return result;
      },
    },
    ratingAppeals: {
      async submit(actor, input, now = new Date()) {
        requirePermission(actor, 'feedback.handle');
        return submitRatingAppeal(db, actor, input, { now });
      },
      async list(actor, filter = {}) {
        requirePermission(actor, 'feedback.read');
        return listRatingAppeals(db, actor, filter);
      },
      async decide(actor, id, input, now = new Date()) {
        requirePermission(actor, 'feedback.manage');
        return decideRatingAppeal(db, actor, id, input, { now });
      },
    },
    referenceValues: {
      async import(actor, system, rows) {
        requirePermission(actor, 'system.register');
        return importReferenceValues(db, actor, system, rows);
      },
      async list(actor, filter) {
        requirePermission(actor, 'evaluation.read');
        return listReferenceValues(db, filter);
      },
      async scores(actor, runId, peerGroup) {
        requirePermission(actor, 'evaluation.read');
        return referenceScoresOfRun(db, runId, peerGroup, actor.area, minPeerGroup);
      },
    },
    jobs: {
      async tick(now = new Date()) {
        const scheduled =
          (await scheduleRecurringJobs(db, now)) + (await feedbackLoop.scheduleFeedbackSweep(db, now)) + (await scheduleNotificationDelivery(db, now)) + (await scheduleRateWindowPurge(db, now));
        const handlers = recurringHandlers({
          runDailyChecks: async (day) => {
            await purgeFinishedJobs(db, now);
            return flagConcentratedRatings(db, day);
          },
          superviseOverdue: () => superviseOverdue(db, SCHEDULER, now),
          // Scheduled runs are created by the scheduler, and on the record like any other.
          runEvaluation: async (r) => {
            const outcome = await runEvaluation(db, catalogue, r);
            await audited(SCHEDULER, { action: 'evaluation.run', entityType: 'evaluation_run', entityId: outcome.runId, orgUnit: r.scope, details: { system: r.systemCode, period: r.period, inputHash: outcome.result.inputHash, scheduled: true } });
            return outcome;
          },
        });
        const all = { ...handlers, ...evaluationRunHandlers(db, catalogue, onRunStored), ...feedbackLoop.feedbackHandlers(db, { actor: SCHEDULER }), ...notificationHandlers(db, notificationChannel), ...rateWindowHandlers(db) };
        const { batches: _batches, ...outcome } = await drainDueJobs(db, all);
        return { scheduled, ...outcome };
      },
    },
  };
}
