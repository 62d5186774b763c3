import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

/** A data key as `openssl rand -base64 32` would print one. */
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i));

describe('loadConfig', () => {
  it('applies the defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual({ port: 8080, host: '0.0.0.0', dataDir: resolve('./data'), bodyLimitMb: 10, logLevel: 'info', dataKeyId: 'k1', dataCipher: 'aes-256-gcm', corsOrigins: [] });
  });

  it('reads every variable, and ignores variables that are not its own', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://govperf:pw@db.internal:5432/govperf',
      GOVPERF_DATA_DIR: '/var/lib/govperf',
      GOVPERF_BODY_LIMIT_MB: '2.5',
      LOG_LEVEL: 'DEBUG',
      GOVPERF_DATA_KEY: KEY.toString('base64'),
      GOVPERF_DATA_KEY_ID: '2026a',
      GOVPERF_DATA_CIPHER: 'SM4',
      GOVPERF_CORS_ORIGINS: 'https://www.zjzwfw.gov.cn, http://localhost:5173',
      PATH: '/usr/bin',
    });
    expect(config).toEqual({
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://govperf:pw@db.internal:5432/govperf',
      dataDir: '/var/lib/govperf',
      bodyLimitMb: 2.5,
      logLevel: 'debug',
      dataKey: KEY,
      dataKeyId: '2026a',
      dataCipher: 'sm4',
      corsOrigins: ['https://www.zjzwfw.gov.cn', 'http://localhost:5173'],
    });
  });

  it('refuses a CORS origin with a path', () => {
    expect(configError({ GOVPERF_CORS_ORIGINS: 'https://www.zjzwfw.gov.cn/app' }).message).toMatch(/GOVPERF_CORS_ORIGINS.*scheme and host/);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '  ', LOG_LEVEL: '' })).toMatchObject({ port: 8080, host: '0.0.0.0', logLevel: 'info' });
  });

  it('accepts IPv6 hosts and port 0', () => {
    expect(loadConfig({ HOST: '::', PORT: '0' })).toMatchObject({ host: '::', port: 0 });
    expect(loadConfig({ HOST: '[::1]' })).toMatchObject({ host: '::1' });
  });

  it.each([
    ['PORT', 'abc', /^PORT: must be a whole number from 0 to 65535.*\(got "abc"\)$/],
    ['PORT', '70000', /^PORT: must be a whole number/],
    ['PORT', '-1', /^PORT: must be a whole number/],
    ['HOST', 'http://example', /^HOST: must be a host name or an IP address/],
    ['GOVPERF_BODY_LIMIT_MB', '0', /^GOVPERF_BODY_LIMIT_MB: must be a number of megabytes greater than 0/],
    ['GOVPERF_BODY_LIMIT_MB', '10MB', /^GOVPERF_BODY_LIMIT_MB: must be a number of megabytes/],
    ['LOG_LEVEL', 'verbose', /^LOG_LEVEL: must be one of error, warn, info, debug \(got "verbose"\)$/],
    ['DATABASE_URL', 'mysql://root:hunter2@db/govperf', /^DATABASE_URL: must be a PostgreSQL URL/],
    ['GOVPERF_DATA_KEY', 'secret!', /^GOVPERF_DATA_KEY: must be 32 random bytes in base64 \(generate one with `openssl rand -base64 32`\); it contains characters that are not base64$/],
    ['GOVPERF_DATA_KEY', Buffer.alloc(16).toString('base64'), /^GOVPERF_DATA_KEY: must be 32 random bytes in base64 .*; it decodes to 16 bytes$/],
    ['GOVPERF_DATA_KEY_ID', 'k.1', /^GOVPERF_DATA_KEY_ID: must be 1 to 32 letters, digits, "-" or "_".*\(got "k\.1"\)$/],
    ['GOVPERF_DATA_CIPHER', 'sm4-gcm', /^GOVPERF_DATA_CIPHER: must be one of aes-256-gcm, sm4 \(got "sm4-gcm"\)$/],
  ])('refuses %s=%s, naming the variable and the reason', (variable, value, message) => {
    const error = configError({ [variable]: value });
    expect(error.message).toMatch(message);
    expect(error.issues).toEqual([{ variable, reason: expect.any(String) }]);
  });

  it('never echoes the database URL, which may hold a password', () => {
    expect(configError({ DATABASE_URL: 'mysql://root:hunter2@db/govperf' }).message).not.toContain('hunter2');
  });

  it('never echoes the data key, and accepts it in base64url too', () => {
    const short = `${KEY.toString('base64').slice(0, 40)}==`;
    expect(configError({ GOVPERF_DATA_KEY: short }).message).not.toContain(short.slice(0, 20));
    expect(loadConfig({ GOVPERF_DATA_KEY: ` ${KEY.toString('base64url')} ` }).dataKey).toEqual(KEY);
  });

  it('configures the notification gateway only with its signing secret, never echoing either', () => {
    const secret = 'a-very-secret-signing-key-2026';
    expect(loadConfig({}).notify).toBeUndefined();
    expect(loadConfig({ GOVPERF_NOTIFY_WEBHOOK_URL: 'https://sms.example.gov.cn/notify', GOVPERF_NOTIFY_WEBHOOK_SECRET: secret }).notify).toEqual({
      channel: 'webhook', url: 'https://sms.example.gov.cn/notify', secret, timeoutMs: 5000,
    });
    expect(configError({ GOVPERF_NOTIFY_WEBHOOK_URL: 'https://sms.example.gov.cn/notify' }).issues).toEqual([{ variable: 'GOVPERF_NOTIFY_WEBHOOK_SECRET', reason: expect.stringMatching(/is required when GOVPERF_NOTIFY_WEBHOOK_URL is set/) }]);
    expect(configError({ GOVPERF_NOTIFY_WEBHOOK_SECRET: secret }).issues).toEqual([{ variable: 'GOVPERF_NOTIFY_WEBHOOK_URL', reason: expect.any(String) }]);
    const short = configError({ GOVPERF_NOTIFY_WEBHOOK_URL: 'https://sms.example.gov.cn/notify', GOVPERF_NOTIFY_WEBHOOK_SECRET: 'short-one' });
    expect(short.message).toMatch(/^GOVPERF_NOTIFY_WEBHOOK_SECRET: must be at least 16 characters/);
    expect(short.message).not.toContain('short-one');
    const bad = configError({ GOVPERF_NOTIFY_WEBHOOK_URL: 'ftp://token@sms.example/notify', GOVPERF_NOTIFY_WEBHOOK_SECRET: secret });
    expect(bad.message).toMatch(/^GOVPERF_NOTIFY_WEBHOOK_URL: must be the http\(s\) URL/);
    expect(bad.message).not.toContain('token@');
    expect(configError({ GOVPERF_NOTIFY_TIMEOUT_MS: '50' }).message).toMatch(/^GOVPERF_NOTIFY_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 60000/);
  });

  it('reads the minimum peer group an own-subtree caller needs (GOVPERF_MIN_PEER_GROUP)', () => {
    expect(loadConfig({}).minPeerGroup).toBeUndefined();
    expect(loadConfig({ GOVPERF_MIN_PEER_GROUP: '8' }).minPeerGroup).toBe(8);
    expect(configError({ GOVPERF_MIN_PEER_GROUP: '0' }).message).toMatch(/^GOVPERF_MIN_PEER_GROUP: must be a whole number of units from 1 to 100/);
    expect(configError({ GOVPERF_MIN_PEER_GROUP: 'five' }).message).toMatch(/^GOVPERF_MIN_PEER_GROUP: /);
  });

  it('reports every bad variable, one line each', () => {
    const error = configError({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(error.message.split('\n')).toEqual([expect.stringMatching(/^PORT: /), expect.stringMatching(/^LOG_LEVEL: /)]);
  });
});
