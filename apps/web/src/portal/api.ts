// The portal's only way to the server: the public API, anonymous. Cookies are never sent
// (credentials: 'omit'), so a staff member's session plays no part on the portal.
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'PortalApiError';
  }
}

type Localized = { zh: string; en: string };
let language: 'zh' | 'en' = 'zh';
export function setPortalApiLanguage(next: 'zh' | 'en'): void {
  language = next;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language === 'zh' ? 'zh-CN' : 'en' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'omit', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new PortalApiError(response.status, error?.code ?? 'internal', error?.message ?? response.statusText, error?.details);
  }
  return payload as T;
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export interface PublishedRun {
  id: string;
  system: { code: string; version: string };
  period: string;
  scope: string;
  publishedAt: string;
}

export interface PublishedUnit {
  unit: string;
  name: string | null;
  peerGroup: string;
  score: number | null;
  grade: string | null;
  gradeName: Localized | null;
  rank: number | null;
}

export interface UnitIndicators extends PublishedUnit {
  system: { code: string; version: string; name: Localized };
  vetoed: boolean;
  indicators: {
    code: string;
    name: Localized;
    parent: string | null;
    depth: number;
    leaf: boolean;
    unit: string | null;
    direction: 'benefit' | 'cost';
    target: number | null;
    value: number | null;
    score: number | null;
    light: 'green' | 'yellow' | 'red' | null;
  }[];
}

export type Levels = Record<'1' | '2' | '3' | '4' | '5', number>;

export interface ReratingSummary {
  count: number;
  average: number | null;
  satisfiedRate: number | null;
  levels: Levels;
}

export interface StatusCounts {
  open: number;
  inProgress: number;
  checking: number;
  closed: number;
  overdue: number;
  total: number;
}

export interface PublicTask {
  id: string;
  unit: string;
  unitName: string;
  level: number;
  levelLabel: Localized;
  kind: string;
  kindLabel: Localized;
  indicator: string | null;
  indicatorName: Localized | null;
  reason: Localized;
  status: 'open' | 'in_progress' | 'checking' | 'closed';
  statusLabel: Localized;
  progressPercent: number;
  dueAt: string;
  overdue: boolean;
  closedAt: string | null;
  rerating: ReratingSummary;
}

export interface Rectification {
  region: Region;
  totals: StatusCounts;
  units: (StatusCounts & { unit: string; name: string })[];
  tasks: PublicTask[];
}

export interface RatingAggregate {
  unit: string;
  name: string;
  total: number;
  levels: Levels;
  goodRate: number | null;
  bad: number;
  badRectified: number;
  badRectifiedRate: number | null;
}

export interface Ratings {
  region: Region;
  period: string;
  totals: RatingAggregate;
  units: RatingAggregate[];
}

export interface ReratingOutcome {
  taskId: string;
  level: number;
  comment: string | null;
  ratedAt: string;
  summary: ReratingSummary;
}

export interface ResultsWallItem {
  trackingCode: string;
  unit: string;
  unitName: string;
  tags: { code: string; label: Localized }[];
  excerpt: string;
  support: number;
  deliveredAt: string;
  before: number;
  after: number | null;
  changePercent: number | null;
}

export interface ResultsWall {
  region: Region;
  windowDays: number;
  items: ResultsWallItem[];
}

export interface ContributorRow {
  /** Masked by the server: c-…ab12. */
  id: string;
  feedback: number;
  accepted: number;
  delivered: number;
  points: number;
  stars: number;
  title: Localized;
  nextAt: number | null;
}

export interface ContributorBoard {
  region: Region;
  contributors: ContributorRow[];
}

const q = encodeURIComponent;

export const portalApi = {
  regions: () => call<{ regions: Region[] }>('GET', '/api/public/regions').then((b) => b.regions),
  runs: (region: string) => call<{ runs: PublishedRun[] }>('GET', `/api/public/evaluations?region=${q(region)}`).then((b) => b.runs),
  run: (id: string, region: string) => call<PublishedRun & { units: PublishedUnit[] }>('GET', `/api/public/evaluations/${q(id)}?region=${q(region)}`),
  unit: (id: string, unit: string) => call<UnitIndicators>('GET', `/api/public/evaluations/${q(id)}/units/${q(unit)}`),
  rectification: (region: string, status?: 'active' | 'closed') =>
    call<Rectification>('GET', `/api/public/rectification?region=${q(region)}${status ? `&status=${status}` : ''}`),
  ratings: (region: string, period: string) => call<Ratings>('GET', `/api/public/ratings?region=${q(region)}&period=${q(period)}`),
  resultsWall: (region: string) => call<ResultsWall>('GET', `/api/public/results-wall?region=${q(region)}`),
  contributors: (region: string) => call<ContributorBoard>('GET', `/api/public/contributors?region=${q(region)}`),
  rerate: (taskId: string, body: { level: number; phone: string; comment?: string }) => call<ReratingOutcome>('POST', `/api/public/rectification/${q(taskId)}/rerate`, body),
};
