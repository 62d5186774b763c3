import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, ErrorBodySchema, type ErrorCode } from './errors';

describe('error registry', () => {
  it('gives every code an HTTP error status and a message in both languages', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.message.zh).toMatch(/\p{Script=Han}/u);
      expect(entry.message.en).toMatch(/^[A-Z]/);
    }
  });

  it('holds the codes the API relies on, with their statuses', () => {
    const expected: Partial<Record<ErrorCode, number>> = {
      validation_failed: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      internal: 500,
    };
    for (const [code, status] of Object.entries(expected)) expect(ERROR_CODES[code as ErrorCode].status).toBe(status);
  });
});

describe('AppError', () => {
  it('takes its status and message from the registry', () => {
    const error = new AppError('not_found');
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(404);
    expect(error.message).toBe(ERROR_CODES.not_found.message.en);
    expect(error.messageIn('zh')).toBe(ERROR_CODES.not_found.message.zh);
    expect(error.toBody('en')).toEqual({ error: { code: 'not_found', message: 'The requested resource does not exist' } });
  });

  it('accepts a bilingual or a single message override, details and a cause', () => {
    const cause = new Error('disk full');
    const error = new AppError('conflict', { message: { zh: '周期已锁定', en: 'The period is locked' }, details: { period: '2025-06' }, cause });
    expect(error.messageIn('zh')).toBe('周期已锁定');
    expect(error.toBody('en')).toEqual({ error: { code: 'conflict', message: 'The period is locked', details: { period: '2025-06' } } });
    expect(error.cause).toBe(cause);
    expect(new AppError('forbidden', { message: 'x' }).messageIn('zh')).toBe('x');
  });

  it('renders bodies that the published error schema accepts', () => {
    const bodies = [
      new AppError('internal').toBody('zh'),
      new AppError('validation_failed', { details: [{ in: 'body', path: ['items', 0, 'name'], message: 'Required' }] }).toBody('en'),
      new AppError('payload_too_large', { details: { limitMb: 10 } }).toBody('en'),
    ];
    for (const body of bodies) expect(ErrorBodySchema.parse(body)).toEqual(body);
    expect(ErrorBodySchema.safeParse({ error: { code: 'teapot', message: 'x' } }).success).toBe(false);
  });
});
