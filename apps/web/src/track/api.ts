// The tracking page's one call: GET /api/public/track/{code}, anonymous (no cookies). The answer is
// checked before use, so a malformed response shows an error rather than a broken page.
export interface TrackEntry {
  status: string;
  at: string;
  note?: string;
}

export interface TrackResult {
  trackingCode: string;
  status: string;
  statusLabel: { zh: string; en: string };
  history: TrackEntry[];
  reason?: string;
}

export type TrackFailure = { kind: 'bad_code' } | { kind: 'not_found' } | { kind: 'too_many'; retryAfterSeconds: number } | { kind: 'failed'; message?: string };

export class TrackError extends Error {
  constructor(readonly failure: TrackFailure) {
    super(failure.kind);
    this.name = 'TrackError';
  }
}

export const TRACKING_CODE = /^[A-Za-z0-9_-]{4,64}$/;

const isString = (value: unknown): value is string => typeof value === 'string';

/** The response if it has the expected shape, else null. */
export function parseTrackResult(value: unknown): TrackResult | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const label = v.statusLabel as Record<string, unknown> | undefined;
  if (!isString(v.trackingCode) || !isString(v.status) || !label || !isString(label.zh) || !isString(label.en) || !Array.isArray(v.history)) return null;
  const history: TrackEntry[] = [];
  for (const entry of v.history as unknown[]) {
    const e = entry as Record<string, unknown> | null;
    if (!e || !isString(e.status) || !isString(e.at)) return null;
    history.push({ status: e.status, at: e.at, ...(isString(e.note) ? { note: e.note } : {}) });
  }
  if (v.reason !== undefined && v.reason !== null && !isString(v.reason)) return null;
  return { trackingCode: v.trackingCode, status: v.status, statusLabel: { zh: label.zh, en: label.en }, history, ...(isString(v.reason) ? { reason: v.reason } : {}) };
}

export async function fetchTrack(code: string, language: 'zh' | 'en', fetchImpl: typeof fetch = fetch): Promise<TrackResult> {
  const trimmed = code.trim();
  if (!TRACKING_CODE.test(trimmed)) throw new TrackError({ kind: 'bad_code' });
  let response: Response;
  try {
    response = await fetchImpl(`/api/public/track/${encodeURIComponent(trimmed)}`, {
      headers: { Accept: 'application/json', 'Accept-Language': language === 'zh' ? 'zh-CN' : 'en' },
      credentials: 'omit',
    });
  } catch {
    throw new TrackError({ kind: 'failed' });
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.status === 404) throw new TrackError({ kind: 'not_found' });
  if (response.status === 429) throw new TrackError({ kind: 'too_many', retryAfterSeconds: Number(response.headers.get('Retry-After')) || 60 });
  if (response.status === 400) throw new TrackError({ kind: 'bad_code' });
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new TrackError({ kind: 'failed', ...(isString(message) ? { message } : {}) });
  }
  const result = parseTrackResult(body);
  if (!result) throw new TrackError({ kind: 'failed' });
  return result;
}

/** The code in /track/{code}, or null on /track. */
export function codeFromPath(pathname: string): string | null {
  const match = /^\/track\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
