import { z } from 'zod';

/** A regular expression as text, checked to compile in Unicode mode (so a bad one names its field). */
export const RegExpSourceSchema = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` });
  }
});
