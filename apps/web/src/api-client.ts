// The console's only way to the server: same-origin fetch with the session cookie, the CSRF token
// on every change, and the API's { error: { code, message } } turned into ApiError.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
    const error = (payload as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? response.statusText);
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
  indicators: Record<string, { value: number | null; score: number | null }>;
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
  unit: string;
  level: number;
  phone: string | null;
  dueAt: string;
  overdue: boolean;
  status: 'open' | 'done';
  outcome: string | null;
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
  startRun: (system: string, period: string) => call<RunSummary & { units: number; ranked: number }>('POST', '/api/evaluations', { system, period }),
  orgUnits: () => call<{ units: OrgUnit[] }>('GET', '/api/org-units').then((b) => b.units),
  runs: () => call<{ runs: RunSummary[] }>('GET', '/api/evaluations').then((b) => b.runs),
  run: (id: string) => call<RunResult>('GET', `/api/evaluations/${encodeURIComponent(id)}`),
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
};
