// The console's only way to the server: same-origin fetch with the session cookie, the CSRF token
// on every change, and the API's { error: { code, message } } turned into ApiError.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The API's error details: for validation errors [{ path, message }] naming the field. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let language: 'zh' | 'en' = 'zh';

export function setApiLanguage(next: 'zh' | 'en'): void {
  language = next;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': language === 'zh' ? 'zh-CN' : 'en' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? response.statusText, error?.details);
  }
  return payload as T;
}

/** A multipart upload: the browser sets the content type with its boundary. */
async function upload<T>(path: string, body: FormData): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': language === 'zh' ? 'zh-CN' : 'en' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body });
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? response.statusText, error?.details);
  }
  return payload as T;
}

export interface Me {
  id: string;
  displayName: string;
  role: string | null;
  orgUnit: string;
  permissions: string[];
}

export interface OrgUnit {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export interface RunSummary {
  id: string;
  system: { code: string; version: string };
  period: string;
  scope: string;
  status: string;
  startedAt: string;
  publishedAt: string | null;
  /** 'own-subtree': a run of a unit above the caller, of which they see their own units' rows only (decision 0008). */
  access?: 'full' | 'own-subtree';
}

/** A reference such as the national average, scored in a run's peer group (GET /api/reference-values/scores). */
export interface ReferenceScores {
  reference: string;
  label: { zh: string; en: string };
  sources: string[];
  values: Record<string, number>;
  scores: Record<string, number | null>;
}

export interface IndicatorResult {
  code: string;
  parent: string | null;
  depth: number;
  leaf: boolean;
  value: number | null;
  score: number | null;
  weight: number;
  contribution: number | null;
  light: 'green' | 'yellow' | 'red' | null;
  noData?: string;
}

export interface IndicatorDefinition {
  code: string;
  name: { zh: string; en: string };
  parent: string | null;
  depth: number;
  leaf: boolean;
  unit: string | null;
  direction: 'benefit' | 'cost';
  target: number | null;
  owner: string | null;
}

export interface UnitResult {
  unit: string;
  name: string | null;
  peerGroup: string;
  scoreRounded: number | null;
  grade: string | null;
  gradeName: { zh: string; en: string } | null;
  rank: number | null;
  vetoed: boolean;
  indicators?: IndicatorResult[];
}

export interface PeerGroup {
  code: string;
  units: number;
  ranked: number;
  average: number | null;
  indicators: Record<string, { value: number | null; score: number | null; suppressed?: true }>;
  /** Inside an ancestor's run: too few other units in the group, its figures are withheld (decision 0008). */
  suppressed?: { reason: { zh: string; en: string }; minGroup: number };
}

/** An indicator as the cockpit's view of a run sends it (`GET /api/evaluations/{id}?view=cockpit`). */
export type CockpitIndicator = Pick<IndicatorResult, 'code' | 'parent' | 'depth' | 'leaf' | 'score' | 'light'>;
export type CockpitUnit = Omit<UnitResult, 'indicators'> & { indicators?: CockpitIndicator[] };
/** A run as the cockpit holds it: indicators down to the second level and red/yellow leaves, fewer fields. A full RunResult is one too. */
export interface CockpitRun extends RunSummary {
  system: RunResult['system'];
  result: { units: CockpitUnit[]; peerGroups: PeerGroup[] };
}

export interface RunResult extends RunSummary {
  system: RunSummary['system'] & { name: { zh: string; en: string }; indicators: IndicatorDefinition[] };
  result: { units: UnitResult[]; peerGroups: PeerGroup[] };
}

export interface AhpAnswer {
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  consistent: boolean;
  inconsistencies: { row: number; col: number; given: number; suggested: number }[];
}

export interface Explanation {
  indicator: { code: string; name: { zh: string; en: string }; unit: string | null; path: { code: string; name: { zh: string; en: string } }[] };
  facts: { metric: string; value: number | null }[];
  formula: { source: string; value: number | null; noData: string | null } | null;
  scoring: { method: string; target: number | null; score: number | null } | null;
  weight: { method: string; local: number; global: number };
  score: number | null;
  contribution: number | null;
  light: 'green' | 'yellow' | 'red' | null;
  samples: Record<string, Record<string, unknown>[]>;
}

export interface TrendPoint {
  period: string;
  runId: string;
  published: boolean;
  score: number | null;
  rank: number | null;
  grade: string | null;
  peerAverage: number | null;
}

export type TaskStatus = 'open' | 'in_progress' | 'checking' | 'closed';

export interface RectificationTask {
  id: string;
  level: 1 | 2 | 3;
  kind: 'special_plan' | 'optimisation' | 'user_review';
  system: string;
  originPeriod: string;
  unit: string;
  unitName: string;
  indicator: string | null;
  tag: string | null;
  itemCode: string | null;
  reason: { zh: string; en: string };
  baseline: { value: number | null; score: number | null };
  target: number | null;
  status: TaskStatus;
  plan: { goal: string; measures: string[]; owner: string; deadline: string } | null;
  progressPercent: number;
  dueAt: string;
  overdue: boolean;
  lastMeasurement: { value: number | null; runId: string; period: string } | null;
  reopenCount: number;
  supervisedAt: string | null;
  escalation: { level: number; to: string | null };
  closedAt: string | null;
}

export interface TaskEvent {
  at: string;
  actor: string;
  kind: string;
  details: Record<string, unknown>;
}

export type WorkOrderStatus = 'pending_review' | 'accepted' | 'developing' | 'testing' | 'online' | 'rejected';
export type WorkOrderTier = 'red' | 'orange' | 'yellow' | 'blue';

export interface WorkOrder {
  id: string;
  trackingCode: string;
  unit: string | null;
  department: string | null;
  kind: string | null;
  tier: string | null;
  status: string;
  statusLabel: { zh: string; en: string };
  statusReason?: string | null;
  content?: string;
  support?: number;
  receivedAt?: string;
  dueAt: string | null;
  paused: boolean;
  sla: { state: string; deadline: string; remainingMs: number; overdueMs: number; fractionUsed: number; escalationLevel: number } | null;
  escalation?: { level: number; to: string | null };
}

export interface WorkOrderEvent {
  at: string;
  actor: string;
  kind: string;
  status: string | null;
  note: string | null;
  details: unknown;
}

export interface Demand {
  id: string;
  unit: string;
  title: string;
  support: number;
  tier?: string | null;
  score: number;
  urgency: string;
  quadrant: { key: string; zh: string; en: string };
  /** The engine's assessment: its quadrant carries the value and effort (0–100) the board plots. */
  priority?: unknown;
}

export interface RatingCallback {
  id: string;
  trackingCode: string;
  ratingId: string;
  unit: string;
  level: number;
  phone: string | null;
  dueAt: string;
  overdue: boolean;
  status: 'open' | 'done';
  outcome: string | null;
  createdAt?: string;
}

export interface RatingAppeal {
  id: string;
  ratingId: string;
  unit: string;
  level: number;
  ratedAt: string;
  kind: 'mistaken' | 'malicious';
  kindLabel: { zh: string; en: string };
  grounds: string;
  submittedBy: string;
  submittedAt: string;
  deadline: string;
  status: 'pending' | 'upheld' | 'rejected';
  statusLabel: { zh: string; en: string };
  decision: { reason: string; by: string; at: string } | null;
}

export interface HotlineImportResult {
  batchId: string;
  accepted: number;
  duplicates: number;
  rejected: { row: number; field: string; reason: string }[];
  receipts: { ticketId: string; trackingCode: string }[];
}

export interface HallFormInput {
  formId?: string;
  orgUnit: string;
  window?: string | undefined;
  itemCode?: string | undefined;
  text: string;
  kind?: string | undefined;
  rating?: { level: number; dimensions: Record<string, number>; caseId?: string | undefined } | undefined;
  contact?: { name?: string | undefined; phone: string } | undefined;
}

export interface HallFormReceipt {
  trackingCode: string;
  status: string;
  duplicate: boolean;
  formId: string;
  ratingTrackingCode?: string;
}

/** Indicator-system versions for the editor (GET /api/systems…). */
export type SystemStatus = 'draft' | 'published' | 'retired';
export interface SystemVersionSummary {
  version: string;
  hash: string;
  status: SystemStatus;
  name: { zh: string; en: string };
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}
export interface SystemSummary {
  code: string;
  name: { zh: string; en: string };
  currentVersion: string | null;
  versions: SystemVersionSummary[];
}
export interface SystemVersionView extends SystemVersionSummary {
  code: string;
  document: { code: string; version: string; name: { zh: string; en: string }; indicators: { code: string; name: { zh: string; en: string } }[] };
  nodes: { code: string; name: { zh: string; en: string }; parent: string | null; depth: number; leaf: boolean; localWeight: number | null; globalWeight: number | null }[];
  groups: { code: string; method: string; cr: number | null; consistent: boolean | null }[];
}
/** POST /api/systems/{code}/preview: an edited document's live weights and CR, or its problems (not stored). */
export interface SystemPreview {
  code: string;
  ok: boolean;
  nodes: SystemVersionView['nodes'];
  groups: SystemVersionView['groups'];
  problems: { path: (string | number)[]; message: string; messageZh: string }[];
  metrics: string[];
}
export interface SystemDiff {
  added: { code: string; parent: string | null }[];
  removed: { code: string; parent: string | null }[];
  moved: { code: string; fromParent: string | null; toParent: string | null }[];
  changed: { code: string; fields: { field: string; before: unknown; after: unknown }[] }[];
  weights: { code: string; before: number | null; after: number | null }[];
}

export interface DelphiCriterion {
  code: string;
  name: { zh: string; en: string };
}

export interface DelphiDispersion {
  row: number;
  col: number;
  answers: number[];
  group: number;
  gsd: number;
  spread: number;
  high: boolean;
}

/** Someone an organiser may invite to a Delphi consultation (GET /api/weights/experts). */
export interface ExpertCandidate {
  id: string;
  displayName: string;
  role: string;
  roleName: { zh: string; en: string };
  orgUnit: { code: string; name: string };
}

export interface DelphiRoundResult {
  experts: number;
  matrix: number[][];
  weights: number[];
  cr: number;
  consistent: boolean;
  dispersion: DelphiDispersion[];
  meanGsd: number;
  highCount: number;
  expertResults: { expert: string; weights: number[]; cr: number; consistent: boolean }[];
}

export interface DelphiSummary {
  id: string;
  title: string;
  orgUnit: string;
  system: string | null;
  node: string | null;
  criteria: DelphiCriterion[];
  experts: string[];
  round: number;
  roundOpen: boolean;
  createdBy: string;
  createdAt: string;
  invited: boolean;
}

export interface DelphiConsultation extends DelphiSummary {
  rounds: { round: number; openedAt: string; closedAt: string | null; submissions: { expert: string; submittedAt: string; cr: number }[]; result: DelphiRoundResult | null }[];
  mine: { matrix: number[][]; weights: number[]; cr: number; consistent: boolean; submittedAt: string } | null;
  reconsider: { row: number; col: number; group: number; gsd: number; yours: number | null }[];
  convergence: { round: number; meanGsd: number; maxGsd: number; highCount: number; cr: number; experts: number }[];
}

export interface WeightsPreview {
  run: { id: string; system: string; version: string; period: string; scope: string };
  node: string;
  nodes: { code: string; name: { zh: string; en: string } }[];
  peerGroup: string;
  peerGroups: { code: string; units: number }[];
  units: number;
  subjective: 'ahp' | 'manual' | 'equal';
  alpha: number;
  degenerate: boolean;
  indicators: { code: string; name: { zh: string; en: string }; leaf: boolean; ahp: number; entropy: number; combined: number }[];
}

/** Evaluation runs tab (GET /api/evaluations/{id}/progress, /compare). */
export interface RunProgress {
  id: string;
  system: string;
  period: string;
  scope: string;
  status: 'running' | 'succeeded' | 'failed';
  stage: 'queued' | 'metrics' | 'scoring' | 'storing' | 'done' | 'failed';
  done: number;
  total: number;
  percent: number;
  /** The attempt under way (a run is a queue job: retried after an error or a server restart). */
  attempts: number;
  maxAttempts: number;
  error: { zh: string; en: string } | null;
}
export interface UnitStanding {
  score: number | null;
  rank: number | null;
  grade: string | null;
  gradeName: { zh: string; en: string } | null;
}
export interface RunComparison {
  base: RunSummary;
  other: RunSummary;
  sameVersion: boolean;
  warnings: { zh: string; en: string }[];
  /** Both versions' grades, best first (a legend). */
  grades: { code: string; name: { zh: string; en: string }; min: number }[];
  units: { unit: string; name: string | null; peerGroup: string; base: UnitStanding | null; other: UnitStanding | null; scoreChange: number | null; rankChange: number | null; gradeChanged: boolean }[];
  indicators: { code: string; name: { zh: string; en: string } | null; depth: number; baseAverage: number | null; otherAverage: number | null; change: number | null; improved: number; declined: number }[];
}
/** Data quality tab (GET /api/quality/…, /api/ingest/rejected). */
export interface RejectionGroup {
  factType: string;
  field: string;
  reason: string;
  example: string;
  count: number;
  lastReceivedAt: string;
}
export interface SourceFreshness {
  factTable: string;
  source: string;
  lastIngestedAt: string;
  ageMinutes: number;
  stale: boolean;
}
export interface RejectedRecord {
  id: number;
  batchId: string;
  factType: string;
  source: string;
  sourceId: string | null;
  payload: unknown;
  errors: { field: string; reason: string }[];
  receivedAt: string;
}

export const api = {
  /** The signed-in user, or null. */
  async me(): Promise<Me | null> {
    const body = await call<{ user: Me | null; csrfToken: string | null }>('GET', '/api/auth/me');
    csrfToken = body.csrfToken;
    return body.user;
  },
  async login(username: string, password: string): Promise<Me> {
    const body = await call<{ user: Me; csrfToken: string }>('POST', '/api/auth/login', { username, password });
    csrfToken = body.csrfToken;
    return body.user;
  },
  async logout(): Promise<void> {
    await call('POST', '/api/auth/logout');
    csrfToken = null;
  },
  ahp: (matrix: number[][]) => call<AhpAnswer>('POST', '/api/weights/ahp', { matrix }),
  weightsPreview: (request: { system: string; period: string; node?: string | undefined; peerGroup?: string | undefined; alpha?: number | undefined }) => call<WeightsPreview>('POST', '/api/weights/preview', request),
  consultations: () => call<{ consultations: DelphiSummary[] }>('GET', '/api/weights/consultations').then((b) => b.consultations),
  consultation: (id: string) => call<DelphiConsultation>('GET', `/api/weights/consultations/${encodeURIComponent(id)}`),
  createConsultation: (request: { title: string; system?: string | undefined; node?: string | undefined; criteria?: DelphiCriterion[] | undefined; experts: string[] }) =>
    call<DelphiConsultation>('POST', '/api/weights/consultations', request),
  submitJudgement: (id: string, matrix: number[][]) => call<DelphiConsultation>('POST', `/api/weights/consultations/${encodeURIComponent(id)}/judgements`, { matrix }),
  closeRound: (id: string) => call<DelphiConsultation>('POST', `/api/weights/consultations/${encodeURIComponent(id)}/close`),
  openRound: (id: string) => call<DelphiConsultation>('POST', `/api/weights/consultations/${encodeURIComponent(id)}/rounds`),
  /** Whom an organiser may invite; `orgUnit`: only those who may judge a consultation of that unit. */
  experts: (query: { q?: string | undefined; orgUnit?: string | undefined } = {}) => {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
    const search = params.toString();
    return call<{ experts: ExpertCandidate[]; truncated: boolean }>('GET', `/api/weights/experts${search ? `?${search}` : ''}`);
  },
  systems: () => call<{ systems: SystemSummary[] }>('GET', '/api/systems').then((b) => b.systems),
  systemVersion: (code: string, version: string) => call<SystemVersionView>('GET', `/api/systems/${encodeURIComponent(code)}/versions/${encodeURIComponent(version)}`),
  saveSystemVersion: (code: string, document: unknown) =>
    call<{ code: string; version: string; hash: string; status: SystemStatus; outcome: 'created' | 'unchanged' }>('POST', `/api/systems/${encodeURIComponent(code)}/versions`, document),
  previewSystem: (code: string, document: unknown) => call<SystemPreview>('POST', `/api/systems/${encodeURIComponent(code)}/preview`, document),
  publishSystemVersion: (code: string, version: string) => call<{ version: string; publishedAt: string }>('POST', `/api/systems/${encodeURIComponent(code)}/versions/${encodeURIComponent(version)}/publish`),
  systemDiff: (code: string, from: string, to: string) =>
    call<SystemDiff>('GET', `/api/systems/${encodeURIComponent(code)}/versions/${encodeURIComponent(to)}/diff?from=${encodeURIComponent(from)}`),
  startRun: (system: string, period: string) => call<RunSummary & { units: number; ranked: number }>('POST', '/api/evaluations', { system, period }),
  orgUnits: () => call<{ units: OrgUnit[] }>('GET', '/api/org-units').then((b) => b.units),
  runs: () => call<{ runs: RunSummary[] }>('GET', '/api/evaluations').then((b) => b.runs),
  run: (id: string) => call<RunResult>('GET', `/api/evaluations/${encodeURIComponent(id)}`),
  /** What the cockpit draws: each unit's indicators down to the second level and its red/yellow leaves. */
  cockpitRun: (id: string) => call<CockpitRun>('GET', `/api/evaluations/${encodeURIComponent(id)}?view=cockpit`),
  startRunInBackground: (request: { system: string; period: string; scope: string }) => call<{ id: string; status: 'running' }>('POST', '/api/evaluations', { ...request, async: true }),
  runProgress: (id: string) => call<RunProgress>('GET', `/api/evaluations/${encodeURIComponent(id)}/progress`),
  compareRuns: (base: string, other: string) => call<RunComparison>('GET', `/api/evaluations/compare?base=${encodeURIComponent(base)}&other=${encodeURIComponent(other)}`),
  publishRun: (id: string) => call<RunSummary>('POST', `/api/evaluations/${encodeURIComponent(id)}/publish`),
  rejectionSummary: () => call<{ records: number; groups: RejectionGroup[] }>('GET', '/api/quality/rejections/summary'),
  freshness: () => call<{ freshness: SourceFreshness[] }>('GET', '/api/quality/report').then((b) => b.freshness),
  rejectedRecords: (filter: { type: string; field: string; reason: string }) =>
    call<{ records: RejectedRecord[] }>('GET', `/api/ingest/rejected?${new URLSearchParams({ type: filter.type, field: filter.field, reason: filter.reason, limit: '50' })}`).then((b) => b.records),
  referenceScores: (runId: string, peerGroup: string) =>
    call<{ references: ReferenceScores[] }>('GET', `/api/reference-values/scores?run=${encodeURIComponent(runId)}&peerGroup=${encodeURIComponent(peerGroup)}`).then((b) => b.references),
  trend: (system: string, unit: string) =>
    call<{ points: TrendPoint[] }>('GET', `/api/trends?system=${encodeURIComponent(system)}&unit=${encodeURIComponent(unit)}&periods=12`).then((b) => b.points),
  tasks: (filter: { status?: TaskStatus | undefined; supervised?: boolean | undefined }) => {
    const query = new URLSearchParams({ limit: '1000', ...(filter.status ? { status: filter.status } : {}), ...(filter.supervised ? { supervised: 'true' } : {}) });
    return call<{ tasks: RectificationTask[] }>('GET', `/api/rectification/tasks?${query}`).then((b) => b.tasks);
  },
  task: (id: string) => call<RectificationTask & { history: TaskEvent[] }>('GET', `/api/rectification/tasks/${encodeURIComponent(id)}`),
  planTask: (id: string, plan: { goal: string; measures: string[]; owner: string; deadline: string }) => call<RectificationTask>('POST', `/api/rectification/tasks/${encodeURIComponent(id)}/plan`, plan),
  reportProgress: (id: string, progress: { note: string; percent: number; evidence: { name: string }[] }) =>
    call<RectificationTask>('POST', `/api/rectification/tasks/${encodeURIComponent(id)}/progress`, progress),
  submitTask: (id: string, note: string) => call<RectificationTask>('POST', `/api/rectification/tasks/${encodeURIComponent(id)}/submit`, { note }),
  closeReview: (id: string, conclusion: string) => call<RectificationTask>('POST', `/api/rectification/tasks/${encodeURIComponent(id)}/close`, { conclusion }),
  explain: (id: string, unit: string, indicator: string) =>
    call<Explanation>('GET', `/api/evaluations/${encodeURIComponent(id)}/explain?unit=${encodeURIComponent(unit)}&indicator=${encodeURIComponent(indicator)}`),
  workOrders: (filter: { status?: WorkOrderStatus | undefined; tier?: WorkOrderTier | undefined; unit?: string | undefined; open?: boolean | undefined } = {}) => {
    const query = new URLSearchParams({
      limit: '1000',
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.tier ? { tier: filter.tier } : {}),
      ...(filter.unit ? { unit: filter.unit } : {}),
      ...(filter.open === undefined ? {} : { open: String(filter.open) }),
    });
    return call<{ workOrders: WorkOrder[] }>('GET', `/api/feedback/work-orders?${query}`).then((b) => b.workOrders);
  },
  overdueWorkOrders: () => call<{ workOrders: WorkOrder[] }>('GET', '/api/feedback/work-orders/overdue').then((b) => b.workOrders),
  workOrder: (id: string) => call<WorkOrder & { history: WorkOrderEvent[] }>('GET', `/api/feedback/work-orders/${encodeURIComponent(id)}`),
  transferWorkOrder: (id: string, transfer: { department?: string | undefined; orgUnit?: string | undefined; reason: string }) =>
    call<WorkOrder>('POST', `/api/feedback/work-orders/${encodeURIComponent(id)}/transfer`, transfer),
  pauseWorkOrder: (id: string, note?: string) => call<WorkOrder>('POST', `/api/feedback/work-orders/${encodeURIComponent(id)}/pause`, note ? { note } : {}),
  resumeWorkOrder: (id: string, note?: string) => call<WorkOrder>('POST', `/api/feedback/work-orders/${encodeURIComponent(id)}/resume`, note ? { note } : {}),
  advanceWorkOrder: (id: string, step: { status: WorkOrderStatus; reason?: string | undefined; note?: string | undefined }) =>
    call<WorkOrder>('POST', `/api/feedback/work-orders/${encodeURIComponent(id)}/status`, step),
  demands: () => call<{ demands: Demand[]; board: Record<string, number> }>('GET', '/api/feedback/demands?limit=1000'),
  callbacks: (status?: 'open' | 'done') => call<{ callbacks: RatingCallback[] }>('GET', `/api/feedback/callbacks${status ? `?status=${status}` : ''}`).then((b) => b.callbacks),
  closeCallback: (id: string, outcome: string) => call<RatingCallback>('POST', `/api/feedback/callbacks/${encodeURIComponent(id)}/close`, { outcome }),
  ratingAppeals: () => call<{ appeals: RatingAppeal[] }>('GET', '/api/feedback/rating-appeals').then((b) => b.appeals),
  submitRatingAppeal: (appeal: { ratingId: string; kind: 'mistaken' | 'malicious'; grounds: string; evidence: { name: string }[] }) => call<RatingAppeal>('POST', '/api/feedback/rating-appeals', appeal),
  decideRatingAppeal: (id: string, decision: { outcome: 'upheld' | 'rejected'; reason: string }) => call<RatingAppeal>('POST', `/api/feedback/rating-appeals/${encodeURIComponent(id)}/decision`, decision),
  /** 12345 热线导入: the file as multipart/form-data (field `file`). */
  importHotline: (file: File) => {
    const form = new FormData();
    form.set('file', file, file.name);
    return upload<HotlineImportResult>('/api/feedback/hotline-imports', form);
  },
  hallForm: (form: HallFormInput) => call<HallFormReceipt>('POST', '/api/feedback/hall-forms', form),
};
