// The browser SDK: one-click feedback and 好差评 ratings through an offline queue.
//
// Every submission is written to the queue (localStorage) before anything is sent, so a closed tab,
// a dead network or a server restart loses nothing. The queue is sent in order with exponential
// backoff and jitter, again on the browser's `online` event and at start-up (the next page load).
// Each submission carries its own submissionId, so a retry after a lost answer is recognised by
// the server (200 with duplicate: true), which counts as delivered. A 4xx other than 408 and 429 is
// final: the item leaves the queue and the server's message is reported. A 429 waits Retry-After.
//
// No DOM types are used here: everything the browser offers is reached through small interfaces,
// so the same code runs under Node with a fake fetch, fake storage and a fake clock.
import {
  APP_VERSION_MAX,
  DEVICE_MAX,
  FEEDBACK_KINDS,
  FEEDBACK_TEXT_MAX,
  LANDLINE_PATTERN,
  LOCALE_MAX,
  MOBILE_PATTERN,
  PAGE_PATH_MAX,
  PERSON_NAME_MAX,
  RATING_COMMENT_MAX,
  RATING_DIMENSIONS,
  RATING_STAGES,
  type FeedbackKind,
  type RatingChannel,
  type RatingStage,
} from './constants';
import { errors, GovperfError, rejectedByServer, type Lang } from './errors';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; credentials?: 'omit' },
) => Promise<ResponseLike>;

export interface EventSourceLike {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
}

/** What the public endpoints answer (IntakeReceiptSchema). */
export interface IntakeReceipt {
  trackingCode: string;
  status: string;
  /** True when the server had this submissionId already: nothing new was stored. */
  duplicate: boolean;
}

export interface Contact {
  name?: string;
  phone: string;
}

export interface FeedbackOptions {
  kind?: FeedbackKind;
  /** Given only when the citizen wants an answer. */
  contact?: Contact;
  itemCode?: string;
  /** Override the client's appId / orgUnit for this one submission. */
  appId?: string;
  orgUnit?: string;
  /** Defaults to location.pathname. */
  pagePath?: string;
}

export interface RatingOptions {
  stage?: RatingStage;
  channel?: RatingChannel;
  /** 5 非常满意 … 1 非常不满意. */
  level: number;
  /** Dimension ratings of the channel (1–5); overall defaults to level. */
  dimensions?: Partial<Record<string, number>>;
  comment?: string;
  contact?: Contact;
}

export type SubmissionType = 'feedback' | 'rating';

/** One submission waiting in the queue (persisted as JSON). */
export interface QueuedSubmission {
  submissionId: string;
  type: SubmissionType;
  path: string;
  body: Record<string, unknown>;
  /** Failed attempts so far. */
  attempts: number;
  /** Epoch ms: not sent before this. */
  nextAttemptAt: number;
  queuedAt: number;
  /** Why the last attempt failed (network, HTTP status). */
  lastError?: string;
}

export type SubmitOutcome =
  | { state: 'delivered'; submissionId: string; receipt: IntakeReceipt }
  | { state: 'queued'; submissionId: string; nextAttemptAt: number }
  | { state: 'rejected'; submissionId: string; error: GovperfError };

export type ClientEvent =
  | { type: 'delivered'; item: QueuedSubmission; receipt: IntakeReceipt }
  | { type: 'rejected'; item: QueuedSubmission; error: GovperfError }
  | { type: 'retrying'; item: QueuedSubmission; delayMs: number };

export interface StoredReceipt extends IntakeReceipt {
  submissionId: string;
  type: SubmissionType;
  at: number;
}

export interface GovperfClientOptions {
  /** The govperf server's origin, e.g. https://govperf.example.gov.cn ('' for the same origin). */
  endpoint: string;
  appVersion: string;
  appId?: string;
  orgUnit?: string;
  /** Language of server messages (Accept-Language); default zh. */
  lang?: Lang;
  /** Default: localStorage (falls back to memory when it is unavailable). */
  storage?: StorageLike;
  fetch?: FetchLike;
  now?: () => Date;
  random?: () => number;
  /** Default: setTimeout/clearTimeout. */
  setTimer?: (callback: () => void, ms: number) => () => void;
  /** Where `online` events come from; default: window. Pass null to listen to none. */
  events?: EventSourceLike | null;
  /** First retry after about baseMs (default 2 s), doubling up to maxMs (default 5 min). */
  retry?: { baseMs?: number; maxMs?: number };
  /** Most submissions kept waiting on one device (default 200); beyond, new ones are refused. */
  maxQueue?: number;
  /** Send what is queued when the client is made (default true). */
  flushOnStart?: boolean;
  /** localStorage key prefix (default govperf). */
  storageKey?: string;
  onEvent?: (event: ClientEvent) => void;
}

export interface GovperfClient {
  readonly clientId: string;
  readonly endpoint: string;
  readonly lang: Lang;
  /** One-click feedback: queued, then sent. Refuses bad input locally (GovperfError) without queueing. */
  feedback(text: string, options?: FeedbackOptions): Promise<SubmitOutcome>;
  /** A 好差评 rating of a handling record (办件). */
  rate(caseId: string, options: RatingOptions): Promise<SubmitOutcome>;
  /** Sends what is due now; resolves when this round is over. */
  flush(options?: { force?: boolean }): Promise<void>;
  /** What is waiting to be sent. */
  pending(): QueuedSubmission[];
  /** Receipts of what was delivered from this device (newest last, up to 50). */
  receipts(): StoredReceipt[];
  /** Submissions the server refused for good, with its message (newest last, up to 20). */
  rejected(): { item: QueuedSubmission; code: string; message: { zh: string; en: string }; status?: number }[];
  /** The public progress of a tracking code. */
  track(trackingCode: string): Promise<TrackResult>;
  /**
   * 体验官积分 / The contributor standing of a client id (default: this device's own): points, stars,
   * title and the latest awards. Rejects with GovperfError on a server refusal, and with the network
   * error when offline.
   */
  getContributor(clientId?: string): Promise<ContributorStanding>;
  trackUrl(trackingCode: string): string;
  subscribe(listener: (event: ClientEvent) => void): () => void;
  setLang(lang: Lang): void;
  /** Stops timers and listeners; the queue stays in storage for the next start. */
  destroy(): void;
}

export interface TrackResult {
  trackingCode: string;
  status: string;
  statusLabel: { zh: string; en: string };
  history: { status: string; at: string; note?: string }[];
  reason?: string;
}

/** One award of the points ledger (no item or text). */
export interface ContributorAward {
  at: string;
  reason: 'processed' | 'accepted' | 'delivered';
  label: { zh: string; en: string };
  points: number;
}

/** What GET /api/public/contributors/{clientId} answers. */
export interface ContributorStanding {
  clientId: string;
  /** Processed feedback, accepted (已受理) and delivered (已上线) awards. */
  feedback: number;
  accepted: number;
  delivered: number;
  points: number;
  /** 1–5. */
  stars: number;
  title: { zh: string; en: string };
  /** Points of the next star; null at 5. */
  nextAt: number | null;
  /** The latest awards, newest first (at most 10). */
  history: ContributorAward[];
}

const RECEIPTS_KEPT = 50;
const REJECTED_KEPT = 20;

/** Random URL-safe id of the given length (crypto.getRandomValues when present). */
export function randomId(length = 22, random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const bytes = new Uint8Array(length);
  const crypto = (globalThis as { crypto?: { getRandomValues?(array: Uint8Array): Uint8Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}

/** ISO 8601 with the local offset, e.g. 2026-11-22T21:40:00.000+08:00. */
export function isoWithOffset(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Exponential backoff with equal jitter: between half and all of min(max, base·2^(attempt-1)). */
export function backoffDelay(attempt: number, random: () => number, baseMs = 2000, maxMs = 300_000): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** localStorage when it works (it throws in some private modes and when full); memory otherwise. */
function resilientStorage(preferred: StorageLike | undefined): StorageLike {
  const memory = memoryStorage();
  let primary = preferred;
  if (!primary) {
    try {
      primary = (globalThis as { localStorage?: StorageLike }).localStorage;
    } catch {
      primary = undefined;
    }
  }
  if (!primary) return memory;
  const store = primary;
  return {
    getItem: (key) => {
      try {
        return store.getItem(key) ?? memory.getItem(key);
      } catch {
        return memory.getItem(key);
      }
    },
    setItem: (key, value) => {
      memory.setItem(key, value);
      try {
        store.setItem(key, value);
      } catch {
        // Kept in memory for this page; the queue still works until the page closes.
      }
    },
    removeItem: (key) => {
      memory.removeItem(key);
      try {
        store.removeItem(key);
      } catch {
        // ignore
      }
    },
  };
}

interface BrowserBits {
  location?: { pathname?: string };
  navigator?: { userAgent?: string; platform?: string; language?: string; userAgentData?: { platform?: string; mobile?: boolean } };
  screen?: { width?: number; height?: number };
  devicePixelRatio?: number;
}

/** A short device description: platform, screen and user agent, at most 200 characters. */
export function describeDevice(env: BrowserBits = globalThis as BrowserBits): string {
  const nav = env.navigator ?? {};
  const platform = nav.userAgentData?.platform || nav.platform || 'unknown';
  const screen = env.screen?.width ? `${env.screen.width}x${env.screen.height ?? 0}@${env.devicePixelRatio ?? 1}` : 'no-screen';
  return `${platform}; ${screen}; ${nav.userAgent ?? ''}`.slice(0, DEVICE_MAX);
}

const clip = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

function checkContact(contact: Contact | undefined): Contact | undefined {
  if (!contact) return undefined;
  const phone = (contact.phone ?? '').trim();
  if (!MOBILE_PATTERN.test(phone) && !LANDLINE_PATTERN.test(phone)) throw errors.invalidPhone();
  const name = contact.name?.trim();
  if (contact.name !== undefined && (!name || name.length > PERSON_NAME_MAX)) throw errors.invalidName();
  return name ? { name, phone } : { phone };
}

/** Checks feedback text as the server will (trimmed, 1–FEEDBACK_TEXT_MAX); throws GovperfError. */
export function checkFeedbackText(text: string): string {
  const trimmed = String(text ?? '').trim();
  if (!trimmed) throw errors.textEmpty();
  if (trimmed.length > FEEDBACK_TEXT_MAX) throw errors.textTooLong(trimmed.length);
  return trimmed;
}

const isFinalStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

export function createGovperfClient(options: GovperfClientOptions): GovperfClient {
  if (typeof options.appVersion !== 'string') throw errors.invalidOption('appVersion is required');
  const endpoint = (options.endpoint ?? '').replace(/\/+$/, '');
  const storage = resilientStorage(options.storage);
  const prefix = options.storageKey ?? 'govperf';
  const keys = { clientId: `${prefix}.clientId`, queue: `${prefix}.queue.v1`, receipts: `${prefix}.receipts.v1`, rejected: `${prefix}.rejected.v1` };
  const now = () => (options.now ? options.now() : new Date());
  const random = options.random ?? Math.random;
  const baseMs = options.retry?.baseMs ?? 2000;
  const maxMs = options.retry?.maxMs ?? 300_000;
  const maxQueue = options.maxQueue ?? 200;
  const appVersion = clip(options.appVersion, APP_VERSION_MAX);
  const fetchImpl: FetchLike =
    options.fetch ??
    ((url, init) => {
      const f = (globalThis as unknown as { fetch?: FetchLike }).fetch;
      if (!f) return Promise.reject(new Error('fetch is not available'));
      return f(url, init);
    });
  const setTimer =
    options.setTimer ??
    ((callback: () => void, ms: number) => {
      const handle = setTimeout(callback, ms);
      return () => clearTimeout(handle);
    });
  const events = options.events === undefined ? ((globalThis as { window?: EventSourceLike }).window ?? null) : options.events;
  let lang: Lang = options.lang ?? 'zh';
  const listeners = new Set<(event: ClientEvent) => void>();
  if (options.onEvent) listeners.add(options.onEvent);

  const readJson = <T>(key: string, fallback: T): T => {
    const raw = storage.getItem(key);
    if (!raw) return fallback;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return fallback;
    }
  };
  const loadQueue = (): QueuedSubmission[] => {
    const items = readJson<unknown>(keys.queue, []);
    return Array.isArray(items) ? (items as QueuedSubmission[]).filter((i) => i && typeof i.submissionId === 'string' && typeof i.path === 'string') : [];
  };
  const saveQueue = (items: QueuedSubmission[]) => (items.length ? storage.setItem(keys.queue, JSON.stringify(items)) : storage.removeItem(keys.queue));
  /** Read-modify-write of one item, so another tab's additions are kept. */
  const updateItem = (submissionId: string, change: (item: QueuedSubmission) => QueuedSubmission | null) => {
    const items = loadQueue();
    const index = items.findIndex((i) => i.submissionId === submissionId);
    if (index < 0) return;
    const next = change(items[index]!);
    if (next) items[index] = next;
    else items.splice(index, 1);
    saveQueue(items);
  };
  const append = <T>(key: string, entry: T, kept: number) => {
    const list = readJson<T[]>(key, []);
    const next = [...(Array.isArray(list) ? list : []), entry].slice(-kept);
    storage.setItem(key, JSON.stringify(next));
  };

  let clientId = storage.getItem(keys.clientId);
  if (!clientId || !/^[A-Za-z0-9_-]{8,64}$/.test(clientId)) {
    clientId = `c_${randomId(22, random)}`;
    storage.setItem(keys.clientId, clientId);
  }

  const emit = (event: ClientEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not stop delivery.
      }
    }
  };

  const outcomes = new Map<string, SubmitOutcome>();
  let pausedUntil = 0;
  let cancelTimer: (() => void) | null = null;
  let destroyed = false;

  const headers = () => ({ 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' });

  /** One attempt; returns false when this round should stop (offline, or told to slow down). */
  async function attempt(item: QueuedSubmission): Promise<boolean> {
    let response: ResponseLike;
    try {
      response = await fetchImpl(`${endpoint}${item.path}`, { method: 'POST', headers: headers(), body: JSON.stringify(item.body), credentials: 'omit' });
    } catch (error) {
      retryLater(item, null, `network: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    const body = await response.json().catch(() => null);
    if (response.status >= 200 && response.status < 300) {
      const r = (body ?? {}) as Partial<IntakeReceipt>;
      const receipt: IntakeReceipt = { trackingCode: String(r.trackingCode ?? ''), status: String(r.status ?? ''), duplicate: r.duplicate === true || response.status === 200 };
      updateItem(item.submissionId, () => null);
      append<StoredReceipt>(keys.receipts, { ...receipt, submissionId: item.submissionId, type: item.type, at: now().getTime() }, RECEIPTS_KEPT);
      outcomes.set(item.submissionId, { state: 'delivered', submissionId: item.submissionId, receipt });
      emit({ type: 'delivered', item, receipt });
      return true;
    }
    if (isFinalStatus(response.status)) {
      const error = rejectedByServer(response.status, body);
      updateItem(item.submissionId, () => null);
      // Kept so the text is not lost, but without the contact details (personal data).
      const { contact: _contact, ...kept } = item.body;
      append(keys.rejected, { item: { ...item, body: kept }, code: error.serverCode ?? 'rejected', message: error.messages, status: response.status }, REJECTED_KEPT);
      outcomes.set(item.submissionId, { state: 'rejected', submissionId: item.submissionId, error });
      emit({ type: 'rejected', item, error });
      return true;
    }
    if (response.status === 429) {
      const wait = parseRetryAfter(response.headers.get('Retry-After'), now().getTime());
      retryLater(item, wait, 'HTTP 429');
      if (wait !== null) pausedUntil = now().getTime() + wait;
      return false;
    }
    retryLater(item, null, `HTTP ${response.status}`);
    return true;
  }

  function retryLater(item: QueuedSubmission, waitMs: number | null, reason: string) {
    const attempts = item.attempts + 1;
    const delayMs = waitMs ?? backoffDelay(attempts, random, baseMs, maxMs);
    const nextAttemptAt = now().getTime() + delayMs;
    const updated = { ...item, attempts, nextAttemptAt, lastError: reason };
    updateItem(item.submissionId, () => updated);
    outcomes.set(item.submissionId, { state: 'queued', submissionId: item.submissionId, nextAttemptAt });
    emit({ type: 'retrying', item: updated, delayMs });
  }

  let running: Promise<void> | null = null;
  let wanted = false;
  let forceNext = false;

  async function drain(force: boolean) {
    const tried = new Set<string>();
    for (;;) {
      if (now().getTime() < pausedUntil) return;
      const t = now().getTime();
      const next = loadQueue()
        .filter((i) => !tried.has(i.submissionId) && (force || i.nextAttemptAt <= t))
        .sort((a, b) => a.queuedAt - b.queuedAt)[0];
      if (!next) return;
      tried.add(next.submissionId);
      if (!(await attempt(next))) return;
    }
  }

  function scheduleNext() {
    cancelTimer?.();
    cancelTimer = null;
    if (destroyed) return;
    const items = loadQueue();
    if (!items.length) return;
    const at = Math.max(pausedUntil, Math.min(...items.map((i) => i.nextAttemptAt)));
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      void flush();
    }, Math.max(0, at - now().getTime()));
  }

  function flush(flushOptions: { force?: boolean } = {}): Promise<void> {
    wanted = true;
    if (flushOptions.force) forceNext = true;
    running ??= (async () => {
      try {
        while (wanted) {
          wanted = false;
          const force = forceNext;
          forceNext = false;
          await drain(force);
        }
      } finally {
        running = null;
        scheduleNext();
      }
    })();
    return running;
  }

  async function submit(type: SubmissionType, path: string, body: Record<string, unknown>): Promise<SubmitOutcome> {
    const items = loadQueue();
    if (items.length >= maxQueue) throw errors.queueFull(maxQueue);
    const submissionId = body.submissionId as string;
    const t = now().getTime();
    items.push({ submissionId, type, path, body, attempts: 0, nextAttemptAt: t, queuedAt: t });
    saveQueue(items);
    await flush();
    return outcomes.get(submissionId) ?? { state: 'queued', submissionId, nextAttemptAt: loadQueue().find((i) => i.submissionId === submissionId)?.nextAttemptAt ?? t };
  }

  const onOnline = () => void flush({ force: true });
  events?.addEventListener('online', onOnline);
  if (options.flushOnStart ?? true) {
    if (loadQueue().length) void flush({ force: true });
  }

  const browser = globalThis as BrowserBits;

  return {
    clientId,
    endpoint,
    get lang() {
      return lang;
    },
    async feedback(text, feedbackOptions = {}) {
      const trimmed = checkFeedbackText(text);
      if (feedbackOptions.kind !== undefined && !(FEEDBACK_KINDS as readonly string[]).includes(feedbackOptions.kind)) throw errors.invalidKind(String(feedbackOptions.kind));
      const contact = checkContact(feedbackOptions.contact);
      const appId = feedbackOptions.appId ?? options.appId;
      const orgUnit = feedbackOptions.orgUnit ?? options.orgUnit;
      const locale = browser.navigator?.language;
      const body: Record<string, unknown> = {
        clientId,
        submissionId: `fb_${randomId(22, random)}`,
        text: trimmed,
        ...(feedbackOptions.kind ? { kind: feedbackOptions.kind } : {}),
        ...(orgUnit ? { orgUnit } : {}),
        ...(appId ? { appId } : {}),
        ...(feedbackOptions.itemCode ? { itemCode: feedbackOptions.itemCode } : {}),
        context: {
          occurredAt: isoWithOffset(now()),
          pagePath: clip(feedbackOptions.pagePath ?? browser.location?.pathname ?? '', PAGE_PATH_MAX),
          device: describeDevice(browser),
          appVersion,
          ...(locale ? { locale: clip(locale, LOCALE_MAX) } : {}),
        },
        ...(contact ? { contact } : {}),
      };
      return submit('feedback', '/api/public/feedback', body);
    },
    async rate(caseId, rating) {
      const id = String(caseId ?? '').trim();
      if (!id || id.length > 64) throw errors.invalidRating({ zh: '办件编号须为 1–64 个字符。', en: 'A case id is 1–64 characters.' });
      const stage = rating.stage ?? 'completion';
      const channel = rating.channel ?? 'online';
      if (!(RATING_STAGES as readonly string[]).includes(stage)) throw errors.invalidRating({ zh: `未知的评价阶段：${stage}`, en: `Unknown rating stage: ${stage}` });
      const allowed: readonly string[] | undefined = RATING_DIMENSIONS[channel];
      if (!allowed) throw errors.invalidRating({ zh: `未知的评价渠道：${channel}`, en: `Unknown channel: ${channel}` });
      const isLevel = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5;
      if (!isLevel(rating.level)) throw errors.invalidRating({ zh: '请选择 1–5 级评价。', en: 'Choose a level from 1 to 5.' });
      const dimensions: Record<string, number> = { overall: rating.level };
      for (const [key, value] of Object.entries(rating.dimensions ?? {})) {
        if (value === undefined) continue;
        if (!allowed.includes(key)) throw errors.invalidRating({ zh: `${key} 不是${channel === 'online' ? '线上' : '线下'}渠道的评价维度。`, en: `${key} is not a ${channel} dimension.` });
        if (!isLevel(value)) throw errors.invalidRating({ zh: '每个维度的评分须为 1–5。', en: 'Each dimension is rated 1 to 5.' });
        dimensions[key] = value;
      }
      const comment = rating.comment?.trim();
      if (comment && comment.length > RATING_COMMENT_MAX) throw errors.commentTooLong(comment.length);
      const contact = checkContact(rating.contact);
      const body: Record<string, unknown> = {
        clientId,
        submissionId: `rt_${randomId(22, random)}`,
        caseId: id,
        stage,
        channel,
        level: rating.level,
        dimensions,
        ...(comment ? { comment } : {}),
        ...(contact ? { contact } : {}),
      };
      return submit('rating', '/api/public/ratings', body);
    },
    flush,
    pending: loadQueue,
    receipts: () => readJson<StoredReceipt[]>(keys.receipts, []),
    rejected: () => readJson(keys.rejected, []),
    trackUrl: (code) => `${endpoint}/track/${encodeURIComponent(code)}`,
    async track(code) {
      const response = await fetchImpl(`${endpoint}/api/public/track/${encodeURIComponent(code)}`, { method: 'GET', headers: { Accept: 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' }, credentials: 'omit' });
      const body = await response.json().catch(() => null);
      if (response.status !== 200) throw rejectedByServer(response.status, body);
      return body as TrackResult;
    },
    async getContributor(id = clientId) {
      const response = await fetchImpl(`${endpoint}/api/public/contributors/${encodeURIComponent(id)}`, { method: 'GET', headers: { Accept: 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' }, credentials: 'omit' });
      const body = await response.json().catch(() => null);
      if (response.status !== 200) throw rejectedByServer(response.status, body);
      return body as ContributorStanding;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setLang(next) {
      lang = next;
    },
    destroy() {
      destroyed = true;
      cancelTimer?.();
      cancelTimer = null;
      events?.removeEventListener('online', onOnline);
      listeners.clear();
    },
  };
}
