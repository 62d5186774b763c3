import type { z } from 'zod';
import { CliError } from '../errors';

/** One line per issue: `field: reason`. */
export function zodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(value)'}: ${i.message}`).join('; ');
}

/**
 * A validation failure of `subject` (a file, an option) as a CLI error in zh-CN and en, naming
 * every field: `FILE：数据校验未通过（2 处）：field: reason; …` / `FILE: field: reason; …`.
 */
export function validationFailed(subject: string, error: z.ZodError): CliError {
  const issues = zodIssues(error);
  return new CliError({ zh: `${subject}：数据校验未通过（${error.issues.length} 处）：${issues}`, en: `${subject}: ${issues}` });
}
