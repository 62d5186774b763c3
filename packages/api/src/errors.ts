// The one place where errors become responses. Services throw AppError; schema validation, unknown
// routes, Hono's own HTTP exceptions and unexpected failures all end up here, rendered as
// { error: { code, message, details? } } in the negotiated language. Handlers never catch to render.
import { AppError, ErrorBodySchema, ERROR_CODES, type ErrorCode, type IssueLocation, type ValidationIssue } from '@govperf/contracts';
import type { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiLogger } from './deps';
import type { AppEnv } from './env';
import { contentLanguage, requestLanguage } from './language';
import { asComponent } from './schema';

/** The error body as an OpenAPI component, so every operation refers to one schema. */
export const ErrorBody = asComponent('ErrorBody', ErrorBodySchema);

export function renderError(c: Context, error: AppError): Response {
  const language = requestLanguage(c);
  c.header('Content-Language', contentLanguage(language));
  c.header('Vary', 'Accept-Language', { append: true });
  return c.json(error.toBody(language), error.status);
}

const locationOf: Record<keyof ValidationTargets, IssueLocation> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

/** Every zod issue as { in, path, message }; the rejected values are not echoed back. */
export function validationIssues(error: z.ZodError, target?: keyof ValidationTargets): ValidationIssue[] {
  return error.issues.map((issue) => ({
    ...(target ? { in: locationOf[target] } : {}),
    path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    message: issue.message,
  }));
}

type HookResult = { target: keyof ValidationTargets } & ({ success: true; data: unknown } | { success: false; error: z.ZodError });

/**
 * OpenAPIHono's defaultHook: runs after each route schema has parsed its part of the request.
 * Throwing hands the failure to the one onError, so handlers only ever see valid input.
 */
export function validationHook(result: HookResult): void {
  if (!result.success) throw new AppError('validation_failed', { details: validationIssues(result.error, result.target) });
}

/** Hono raises HTTPException itself (malformed JSON, a content type no route accepts, …). */
function codeForStatus(status: number): ErrorCode {
  const byStatus: Partial<Record<number, ErrorCode>> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return byStatus[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

export function createErrorHandler(logger: ApiLogger): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (error instanceof AppError) return renderError(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      const code = codeForStatus(error.status);
      // Hono's own messages ("Malformed JSON in request body") help the caller and reveal nothing.
      const reason = error.message && error.message !== ERROR_CODES[code].message.en ? { reason: error.message } : undefined;
      return renderError(c, new AppError(code, reason ? { details: reason } : {}));
    }
    // Anything else is a bug or an outage: log it in full, tell the client nothing about it.
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return renderError(c, new AppError('internal'));
  };
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) => renderError(c, new AppError('not_found'));

/**
 * OpenAPI response entries for the error statuses an operation can answer, e.g.
 * `responses: { 200: …, ...errorResponses(400, 404) }`. 500 is always listed.
 */
export function errorResponses(...statuses: number[]) {
  const entries = [...new Set([...statuses, 500])].map((status) => {
    const described = Object.entries(ERROR_CODES)
      .filter(([, e]) => e.status === status)
      .map(([code, e]) => `${code}: ${e.message.zh} / ${e.message.en}`);
    return [status, { description: described.join('; ') || 'error', content: { 'application/json': { schema: ErrorBody } } }] as const;
  });
  return Object.fromEntries(entries);
}
