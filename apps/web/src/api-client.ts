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
  explain: (id: string, unit: string, indicator: string) =>
    call<Explanation>('GET', `/api/evaluations/${encodeURIComponent(id)}/explain?unit=${encodeURIComponent(unit)}&indicator=${encodeURIComponent(indicator)}`),
};
