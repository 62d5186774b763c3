import type { z } from 'zod';

/** One line per issue: `field: reason`. */
export function zodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(value)'}: ${i.message}`).join('; ');
}
