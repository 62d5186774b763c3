// Validating a request body in the services: a zod schema's issues become one AppError whose
// message names the first field and whose details list every field with its reason.
import { AppError, type ValidationIssue } from '@govperf/contracts';
import type { z } from 'zod';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: ValidationIssue[] = result.error.issues.map((i) => ({ in: 'body', path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
  const first = details[0]!;
  const field = first.path.join('.');
  throw new AppError('validation_failed', {
    message: { zh: `${field || '请求内容'}：${first.message}`, en: `${field || 'request'}: ${first.message}` },
    details,
  });
}

/** One field refused by a rule the schema cannot express (a date after another, say). */
export function fieldError(path: (string | number)[], message: { zh: string; en: string }): AppError {
  return new AppError('validation_failed', { message: { zh: `${path.join('.')}：${message.zh}`, en: `${path.join('.')}: ${message.en}` }, details: [{ in: 'body', path, message: message.en }] });
}
