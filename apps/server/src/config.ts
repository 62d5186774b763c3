// The server's configuration: the ONLY module that reads process.env (architecture.md). The
// environment is parsed once, at start-up, by one zod schema; a bad value stops the start with an
// error naming the variable and the reason, never with a half-configured server.
import { resolve } from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The ciphers of personal data at rest (FIELD_CIPHER_ALGORITHMS of @govperf/services). */
export const DATA_CIPHERS = ['aes-256-gcm', 'sm4'] as const;
export type DataCipher = (typeof DATA_CIPHERS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** postgres://… when a PostgreSQL server is used; absent means the embedded database (wired later). */
  databaseUrl?: string;
  /** Absolute path of the data directory (embedded database, uploads, reports). */
  dataDir: string;
  bodyLimitMb: number;
  logLevel: LogLevel;
  /**
   * The 32-byte master key that encrypts personal data (GOVPERF_DATA_KEY). Absent: the embedded
   * database generates one into <dataDir>/keys/data.key; with databaseUrl, loadFieldCipher refuses.
   */
  dataKey?: Buffer;
  /** Names the key in every encrypted value (GOVPERF_DATA_KEY_ID, default k1). */
  dataKeyId: string;
  /** GOVPERF_DATA_CIPHER: aes-256-gcm (default) or sm4 (SM4 with HMAC-SM3). */
  dataCipher: DataCipher;
  /** GOVPERF_CORS_ORIGINS: sites that embed the feedback widget and call the public API (none by default). */
  corsOrigins: string[];
  /**
   * Notification delivery to the province's SMS / app-push gateway (GOVPERF_NOTIFY_WEBHOOK_URL,
   * _SECRET, _TIMEOUT_MS). Absent: notifications are written to the server log (the demo channel).
   */
  notify?: NotifyWebhookConfig;
  /**
   * GOVPERF_MIN_PEER_GROUP: how many other units a peer group needs before a unit reading an
   * ancestor's run sees the group's averages, statistics and ranks (decision 0008). Absent: the
   * services' default (MIN_PEER_GROUP, 5).
   */
  minPeerGroup?: number;
}

export interface NotifyWebhookConfig {
  channel: 'webhook';
  url: string;
  /** Signs every body (HMAC-SHA256, X-Govperf-Signature). */
  secret: string;
  timeoutMs: number;
}

const PORT_REASON = 'must be a whole number from 0 to 65535 (0 picks a free port)';
const DATA_KEY_HINT = 'generate one with `openssl rand -base64 32`';
const LIMIT_REASON = 'must be a number of megabytes greater than 0 and at most 1024, e.g. 10';

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The variables the server reads. Not strict: the environment holds many variables that are not
 * ours (PATH, HOME, …), so unknown names are ignored rather than refused.
 */
export const ServerEnvSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, PORT_REASON)
    .transform(Number)
    .refine((n) => n <= 65535, PORT_REASON)
    .default(8080),
  HOST: z
    .string()
    .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9.-]+)$/, 'must be a host name or an IP address, e.g. 0.0.0.0 or 127.0.0.1 (no scheme, no port)')
    .transform((h) => h.replace(/^\[(.*)\]$/, '$1'))
    .default('0.0.0.0'),
  DATABASE_URL: z.string().refine(isPostgresUrl, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/govperf').optional(),
  GOVPERF_DATA_DIR: z.string().default('./data'),
  GOVPERF_BODY_LIMIT_MB: z
    .string()
    .regex(/^\d+(\.\d+)?$/, LIMIT_REASON)
    .transform(Number)
    .refine((n) => n > 0 && n <= 1024, LIMIT_REASON)
    .default(10),
  LOG_LEVEL: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  GOVPERF_DATA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]+={0,2}$/, `must be 32 random bytes in base64 (${DATA_KEY_HINT}); it contains characters that are not base64`)
    .transform((text, ctx) => {
      const key = Buffer.from(text, /[-_]/.test(text) ? 'base64url' : 'base64');
      if (key.length === 32) return key;
      ctx.addIssue({ code: 'custom', message: `must be 32 random bytes in base64 (${DATA_KEY_HINT}); it decodes to ${key.length} bytes` });
      return z.NEVER;
    })
    .optional(),
  GOVPERF_DATA_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1 to 32 letters, digits, "-" or "_" (it names the key in every encrypted value), e.g. k1 or 2026a')
    .default('k1'),
  GOVPERF_DATA_CIPHER: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(DATA_CIPHERS, { error: `must be one of ${DATA_CIPHERS.join(', ')}` }))
    .default('aes-256-gcm'),
  GOVPERF_CORS_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((origins) => origins.every((o) => /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)), 'must be a comma-separated list of origins such as https://www.zjzwfw.gov.cn (scheme and host, no path)')
    .default([]),
  GOVPERF_NOTIFY_WEBHOOK_URL: z
    .string()
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be the http(s) URL of the notification gateway, e.g. https://sms-gateway.example.gov.cn/notify')
    .optional(),
  GOVPERF_NOTIFY_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters (it signs every notification; generate one with `openssl rand -hex 32`)').optional(),
  GOVPERF_NOTIFY_TIMEOUT_MS: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number of milliseconds from 100 to 60000, e.g. 5000')
    .transform(Number)
    .refine((n) => n >= 100 && n <= 60_000, 'must be a whole number of milliseconds from 100 to 60000, e.g. 5000')
    .default(5000),
  GOVPERF_MIN_PEER_GROUP: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number of units from 1 to 100, e.g. 5')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, 'must be a whole number of units from 1 to 100, e.g. 5')
    .optional(),
});

/** Variables whose values may hold secrets: never echoed in error messages. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'GOVPERF_DATA_KEY', 'GOVPERF_NOTIFY_WEBHOOK_URL', 'GOVPERF_NOTIFY_WEBHOOK_SECRET']);

export interface ConfigIssue {
  variable: string;
  reason: string;
}

/** One or more variables are wrong. The message has one `VARIABLE: reason` line per variable. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map((i) => `${i.variable}: ${i.reason}`).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Parses the configuration from the environment (process.env unless given). `overrides` (e.g. the
 * CLI's --port as PORT) win over the environment and are checked by the same schema.
 * Throws ConfigError.
 */
export function loadConfig(env: Environment = process.env, overrides: Environment = {}): ServerConfig {
  // An empty or blank variable (`PORT=` in a unit file) means "not set", so the default applies.
  const given: Record<string, string> = {};
  for (const key of Object.keys(ServerEnvSchema.shape)) {
    const value = (overrides[key] ?? env[key])?.trim();
    if (value) given[key] = value;
  }
  const parsed = ServerEnvSchema.safeParse(given);
  if (!parsed.success) {
    const issues = new Map<string, ConfigIssue>();
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      if (issues.has(variable)) continue;
      const shown = SECRET_VARIABLES.has(variable) || given[variable] === undefined ? '' : ` (got "${given[variable]}")`;
      issues.set(variable, { variable, reason: `${issue.message}${shown}` });
    }
    throw new ConfigError([...issues.values()]);
  }
  const e = parsed.data;
  // A gateway without the secret that signs for it (or a secret without a gateway) is a mistake, not a default.
  if ((e.GOVPERF_NOTIFY_WEBHOOK_URL === undefined) !== (e.GOVPERF_NOTIFY_WEBHOOK_SECRET === undefined)) {
    throw new ConfigError([
      e.GOVPERF_NOTIFY_WEBHOOK_URL === undefined
        ? { variable: 'GOVPERF_NOTIFY_WEBHOOK_URL', reason: 'is required when GOVPERF_NOTIFY_WEBHOOK_SECRET is set (the gateway the notifications are posted to)' }
        : { variable: 'GOVPERF_NOTIFY_WEBHOOK_SECRET', reason: 'is required when GOVPERF_NOTIFY_WEBHOOK_URL is set (it signs every notification; generate one with `openssl rand -hex 32`)' },
    ]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    ...(e.DATABASE_URL === undefined ? {} : { databaseUrl: e.DATABASE_URL }),
    dataDir: resolve(e.GOVPERF_DATA_DIR),
    bodyLimitMb: e.GOVPERF_BODY_LIMIT_MB,
    logLevel: e.LOG_LEVEL,
    ...(e.GOVPERF_DATA_KEY === undefined ? {} : { dataKey: e.GOVPERF_DATA_KEY }),
    dataKeyId: e.GOVPERF_DATA_KEY_ID,
    dataCipher: e.GOVPERF_DATA_CIPHER,
    corsOrigins: e.GOVPERF_CORS_ORIGINS,
    ...(e.GOVPERF_NOTIFY_WEBHOOK_URL && e.GOVPERF_NOTIFY_WEBHOOK_SECRET
      ? { notify: { channel: 'webhook' as const, url: e.GOVPERF_NOTIFY_WEBHOOK_URL, secret: e.GOVPERF_NOTIFY_WEBHOOK_SECRET, timeoutMs: e.GOVPERF_NOTIFY_TIMEOUT_MS } }
      : {}),
    ...(e.GOVPERF_MIN_PEER_GROUP === undefined ? {} : { minPeerGroup: e.GOVPERF_MIN_PEER_GROUP }),
  };
}
