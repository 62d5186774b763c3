import { AppError, type LocalizedText } from '@govperf/contracts';

/**
 * A mistake in what the user gave us: printed on stderr, exit code 1, never a stack trace. The
 * common ones (file not found, validation, database unreachable) carry a message in zh-CN and en;
 * `message` is the English text, as for AppError, so logs read the same everywhere.
 */
export class CliError extends Error {
  /** The message in both languages (the same text twice when it exists in one only). */
  readonly text: LocalizedText;
  /** Whether `text` differs by language. */
  readonly localized: boolean;

  constructor(message: string | LocalizedText) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'CliError';
    this.text = typeof message === 'string' ? { zh: message, en: message } : message;
    this.localized = typeof message !== 'string' && message.zh !== message.en;
  }
}

/** The language of the CLI's error messages: one, or both (zh first). */
export type CliLanguage = 'zh' | 'en' | 'both';

/**
 * GOVPERF_LANG (zh | en) chooses one language; otherwise a zh or en locale (LC_ALL, LC_MESSAGES,
 * LANG) does; otherwise — no locale, C, POSIX — both are printed, Chinese first.
 */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const chosen = env.GOVPERF_LANG?.trim().toLowerCase();
  if (chosen === 'zh' || chosen === 'en') return chosen;
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  if (locale.startsWith('zh')) return 'zh';
  if (locale.startsWith('en')) return 'en';
  return 'both';
}

/** The lines to print for a message in the chosen language(s): zh first, and once when both read the same. */
export function inLanguage(text: LocalizedText, language: CliLanguage): string[] {
  const lines = (s: string) => s.split('\n');
  if (language !== 'both') return lines(text[language]);
  return text.zh === text.en ? lines(text.en) : [...lines(text.zh), ...lines(text.en)];
}

/** A service's AppError (bad input, unknown code, forbidden…) as a CLI error naming the fields, in both languages. */
export function rethrowAsCliError(error: unknown): never {
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? error.details.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ') : '';
    const zh = error.messageIn('zh');
    const en = error.messageIn('en');
    throw new CliError({ zh: `${zh}${details ? `（${details}）` : ''}`, en: `${en}${details ? ` (${details})` : ''}` });
  }
  throw error;
}

// ---------------------------------------------------------------------------------------------
// The common errors, in both languages
// ---------------------------------------------------------------------------------------------

export const fileNotFound = (file: string) => new CliError({ zh: `${file}：文件不存在或无法读取`, en: `${file}: no such file, or it cannot be read` });

/** Connection failures (refused, unknown host, timeout, authentication, no such database) by their codes. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝',
  ENOTFOUND: '主机名无法解析',
  EAI_AGAIN: '主机名无法解析',
  ETIMEDOUT: '连接超时',
  ECONNRESET: '连接被重置',
  EHOSTUNREACH: '主机不可达',
  '28P01': '用户名或密码错误',
  '28000': '无权连接',
  '3D000': '数据库不存在',
};

/** The error of opening the configured database as a CliError when the server cannot be reached or refuses us; null for anything else. */
export function databaseUnreachable(error: unknown, where: string): CliError | null {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    // An AggregateError (every address of a host refused) carries the codes of its attempts.
    for (const inner of (e as { errors?: unknown }).errors instanceof Array ? ((e as { errors: unknown[] }).errors) : []) {
      const c = (inner as { code?: unknown } | null)?.code;
      if (typeof c === 'string') codes.push(c);
    }
  }
  const code = codes.find((c) => Object.hasOwn(UNREACHABLE, c));
  if (code === undefined) return null;
  const detail = error instanceof Error && error.message ? error.message : code;
  return new CliError({
    zh: `无法连接数据库（${where}）：${UNREACHABLE[code]}（${detail}）；请检查数据库是否已启动及连接串是否正确`,
    en: `cannot reach the database (${where}): ${detail}; check that it is running and the connection string is right`,
  });
}

/**
 * Commander's usage errors (printed before it throws) in both languages: the English line as
 * commander writes it, preceded by its Chinese form for the common ones.
 */
const USAGE: [RegExp, (...m: string[]) => string][] = [
  [/^error: unknown command '([^']*)'/, (c) => `错误：未知命令 '${c}'`],
  [/^error: unknown option '([^']*)'/, (o) => `错误：未知选项 '${o}'`],
  [/^error: missing required argument '([^']*)'/, (a) => `错误：缺少必需参数 '${a}'`],
  [/^error: required option '([^']*)' not specified/, (o) => `错误：未指定必需选项 '${o}'`],
  [/^error: option '([^']*)' argument missing/, (o) => `错误：选项 '${o}' 缺少取值`],
  [/^error: too many arguments(?: for '([^']*)')?/, (c) => `错误：参数过多${c ? `（命令 '${c}'）` : ''}`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid/, (o, v) => `错误：选项 '${o}' 的取值 '${v}' 无效`],
];

export function usageError(text: string, language: CliLanguage): string {
  if (language === 'en') return text;
  const line = text.split('\n')[0]!;
  const hit = USAGE.find(([re]) => re.test(line));
  if (!hit) return text;
  const [re, zh] = hit;
  const match = re.exec(line)!;
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(text);
  const zhText = `${zh(...match.slice(1).map((m) => m ?? ''))}${suggestion ? `（您是否要输入 ${suggestion[1]}？）` : ''}\n`;
  return language === 'zh' ? zhText : `${zhText}${text}`;
}

/** The hint commander prints after a usage error, in the chosen language(s). */
export const USAGE_HINT = '(run with --help for usage)';
export function usageHint(language: CliLanguage): string {
  const zh = '（运行时加 --help 查看用法）';
  return language === 'zh' ? zh : language === 'en' ? USAGE_HINT : `${zh} ${USAGE_HINT}`;
}
