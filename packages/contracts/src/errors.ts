// The one error registry: every error a client can see has a code listed here, and the code alone
// decides the HTTP status and the default message (zh-CN first, English second). Services throw
// `AppError`; the API's single error handler renders it as `{ error: { code, message, details } }`.
// No handler maps errors itself, so a status can never drift from its code.
import { z } from 'zod';
import type { LocalizedText } from './indicator-system';

/** The languages every user-facing message is written in. zh (zh-CN) is the default. */
export type Language = 'zh' | 'en';

export const ERROR_CODES = {
  bad_request: { status: 400, message: { zh: '请求格式不正确', en: 'The request is malformed' } },
  validation_failed: { status: 400, message: { zh: '请求内容未通过校验', en: 'The request failed validation' } },
  unauthenticated: { status: 401, message: { zh: '请先登录', en: 'Authentication is required' } },
  forbidden: { status: 403, message: { zh: '没有执行此操作的权限', en: 'You do not have permission to do this' } },
  not_found: { status: 404, message: { zh: '请求的资源不存在', en: 'The requested resource does not exist' } },
  conflict: { status: 409, message: { zh: '与资源的当前状态冲突，请刷新后重试', en: 'The request conflicts with the current state of the resource' } },
  payload_too_large: { status: 413, message: { zh: '请求体过大', en: 'The request body is too large' } },
  unsupported_media_type: { status: 415, message: { zh: '不支持的请求内容类型', en: 'The content type of the request is not supported' } },
  rate_limited: { status: 429, message: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' } },
  internal: { status: 500, message: { zh: '服务器内部错误', en: 'Internal server error' } },
  unavailable: { status: 503, message: { zh: '服务暂时不可用，请稍后再试', en: 'The service is temporarily unavailable; try again later' } },
} as const satisfies Record<string, { status: number; message: LocalizedText }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus = (typeof ERROR_CODES)[ErrorCode]['status'];

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(codes);

/** Where a rejected value was: the OpenAPI parameter locations, plus the body. */
export const IssueLocation = z.enum(['body', 'query', 'path', 'header', 'cookie']);
export type IssueLocation = z.infer<typeof IssueLocation>;

/** One reason a request was rejected: which field (path segments from the location's root) and why. */
export const ValidationIssueSchema = z.strictObject({
  in: IssueLocation.optional(),
  path: z.array(z.union([z.string(), z.number()])).describe('path to the field, e.g. ["items", 0, "name"]; empty for the whole value'),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

/** validation_failed carries the list of issues; other codes may carry a small object of facts (e.g. a limit). */
export const ErrorDetailsSchema = z.union([z.array(ValidationIssueSchema), z.record(z.string(), z.unknown())]);
export type ErrorDetails = z.infer<typeof ErrorDetailsSchema>;

export const ErrorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: ErrorCodeSchema,
      message: z.string().describe('human-readable, in the language negotiated from Accept-Language (zh-CN by default)'),
      details: ErrorDetailsSchema.optional(),
    }),
  })
  .describe('Every error response has this shape / 所有错误响应的统一格式');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export interface AppErrorOptions {
  details?: ErrorDetails;
  /** Replaces the registry message; a plain string is used for both languages. */
  message?: string | LocalizedText;
  cause?: unknown;
}

/** An error meant for the client. Anything else that escapes a handler becomes a bare 500. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  readonly #message: LocalizedText;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const text = typeof options.message === 'string' ? { zh: options.message, en: options.message } : (options.message ?? ERROR_CODES[code].message);
    // Error.message is the English text so that logs and stack traces read the same everywhere.
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.#message = text;
  }

  get status(): ErrorStatus {
    return ERROR_CODES[this.code].status;
  }

  messageIn(language: Language): string {
    return this.#message[language];
  }

  toBody(language: Language): ErrorBody {
    return { error: { code: this.code, message: this.messageIn(language), ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}
