// Errors the SDK reports, always with a message in both languages.
import { FEEDBACK_TEXT_MAX, PERSON_NAME_MAX, RATING_COMMENT_MAX, type Localized } from './constants';

export type Lang = 'zh' | 'en';

export type GovperfErrorCode =
  | 'text_empty'
  | 'text_too_long'
  | 'comment_too_long'
  | 'invalid_phone'
  | 'invalid_name'
  | 'invalid_kind'
  | 'invalid_rating'
  | 'queue_full'
  | 'invalid_option'
  /** The server refused the submission for good (4xx other than 408/429): its message is kept. */
  | 'rejected';

export class GovperfError extends Error {
  readonly code: GovperfErrorCode;
  readonly messages: Localized;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** The server's error code and details, when it answered. */
  readonly serverCode?: string;
  readonly details?: unknown;

  constructor(code: GovperfErrorCode, messages: Localized, extra: { status?: number; serverCode?: string; details?: unknown } = {}) {
    super(messages.en);
    this.name = 'GovperfError';
    this.code = code;
    this.messages = messages;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.serverCode !== undefined) this.serverCode = extra.serverCode;
    if (extra.details !== undefined) this.details = extra.details;
  }

  /** The message in the given language. */
  text(lang: Lang): string {
    return this.messages[lang];
  }
}

export const errors = {
  textEmpty: () => new GovperfError('text_empty', { zh: '请填写反馈内容。', en: 'Please write your feedback.' }),
  textTooLong: (length: number) =>
    new GovperfError('text_too_long', {
      zh: `反馈内容为 ${length} 字，超过 ${FEEDBACK_TEXT_MAX} 字的上限，请删减 ${length - FEEDBACK_TEXT_MAX} 字后再提交。`,
      en: `The feedback is ${length} characters long, over the limit of ${FEEDBACK_TEXT_MAX}: please remove ${length - FEEDBACK_TEXT_MAX} characters and submit again.`,
    }),
  commentTooLong: (length: number) =>
    new GovperfError('comment_too_long', {
      zh: `评价留言为 ${length} 字，超过 ${RATING_COMMENT_MAX} 字的上限。`,
      en: `The comment is ${length} characters long, over the limit of ${RATING_COMMENT_MAX}.`,
    }),
  invalidPhone: () =>
    new GovperfError('invalid_phone', {
      zh: '手机号格式不正确：请填写 11 位手机号（如 13812345678）或带区号的固定电话（如 0571-87654321）。',
      en: 'The phone number is not valid: give an 11-digit mobile number (e.g. 13812345678) or a landline with its area code (e.g. 0571-87654321).',
    }),
  invalidName: () => new GovperfError('invalid_name', { zh: `姓名须为 1–${PERSON_NAME_MAX} 个字。`, en: `A name is 1–${PERSON_NAME_MAX} characters.` }),
  invalidKind: (kind: string) => new GovperfError('invalid_kind', { zh: `未知的反馈类型：${kind}`, en: `Unknown feedback kind: ${kind}` }),
  invalidRating: (what: Localized) => new GovperfError('invalid_rating', what),
  queueFull: (max: number) =>
    new GovperfError('queue_full', {
      zh: `本机已有 ${max} 条反馈等待发送，请联网后再提交新的反馈。`,
      en: `${max} submissions are already waiting to be sent from this device: please go online before submitting more.`,
    }),
  invalidOption: (what: string) =>
    new GovperfError('invalid_option', { zh: `SDK 配置有误：${what}`, en: `Invalid SDK option: ${what}` }),
};

/** The server's refusal, kept as the server worded it (in the language asked for), with a fallback. */
export function rejectedByServer(status: number, body: unknown): GovperfError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const raw = error?.message as unknown;
  const serverMessage: Localized | undefined =
    typeof raw === 'string' && raw
      ? { zh: raw, en: raw }
      : raw && typeof raw === 'object' && typeof (raw as Localized).zh === 'string' && typeof (raw as Localized).en === 'string'
        ? { zh: (raw as Localized).zh, en: (raw as Localized).en }
        : undefined;
  const fallback: Localized =
    status === 413
      ? { zh: '提交的内容过大，服务器拒绝接收。', en: 'The submission is too large for the server.' }
      : status === 409
        ? { zh: '该办件在此阶段已评价过，不能重复评价。', en: 'This case has already been rated at this stage.' }
        : { zh: `服务器拒绝了提交（HTTP ${status}）。`, en: `The server refused the submission (HTTP ${status}).` };
  const messages = serverMessage ?? fallback;
  return new GovperfError('rejected', messages, {
    status,
    ...(typeof error?.code === 'string' ? { serverCode: error.code } : {}),
    ...(error?.details !== undefined ? { details: error.details } : {}),
  });
}
