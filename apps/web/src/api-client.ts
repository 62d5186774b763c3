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

export interface UnitResult {
  unit: string;
  name: string | null;
  peerGroup: string;
  scoreRounded: number | null;
  grade: string | null;
  gradeName: { zh: string; en: string } | null;
  rank: number | null;
  vetoed: boolean;
}

export interface RunResult extends RunSummary {
  result: { units: UnitResult[]; peerGroups: { code: string; average: number | null }[] };
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
  orgUnits: () => call<{ units: OrgUnit[] }>('GET', '/api/org-units').then((b) => b.units),
  runs: () => call<{ runs: RunSummary[] }>('GET', '/api/evaluations').then((b) => b.runs),
  run: (id: string) => call<RunResult>('GET', `/api/evaluations/${encodeURIComponent(id)}`),
};
