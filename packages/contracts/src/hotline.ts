// 12345-hotline records and service-hall forms (issue 6 §1): two more ways into the feedback loop.
// A hotline export (CSV/XLSX) names its columns in Chinese; each column also has English aliases.
// A row becomes a feedback submission like the public intake's, idempotent by its 工单编号.
// A hall form is entered by staff for a citizen at a window and answered with a tracking code.
import { z } from 'zod';
import { FEEDBACK_KINDS } from './facts/feedback';
import { normaliseTimestamp } from './facts/fields';
import { PersonName, PhoneNumber } from './facts/personal-data';
import { FEEDBACK_TEXT_MAX, RATING_DIMENSIONS } from './intake';

/** The columns of a hotline record: the canonical key, its Chinese header first, then aliases. */
export const HOTLINE_COLUMNS = {
  ticketId: ['工单编号', '工单号', 'ticket_id', 'ticketId', 'ticket'],
  calledAt: ['来电时间', 'called_at', 'calledAt', 'call_time'],
  category: ['诉求类型', 'category', 'type'],
  content: ['诉求内容', 'content', 'text'],
  orgUnit: ['所属区县(行政区划代码)', '所属区县（行政区划代码）', '行政区划代码', '所属区县', 'org_unit', 'orgUnit', 'division_code'],
  contactName: ['联系人', 'contact_name', 'contactName', 'name'],
  phone: ['联系电话', 'phone', 'contact_phone'],
  itemCode: ['事项编码', 'item_code', 'itemCode'],
} as const;
export type HotlineColumn = keyof typeof HOTLINE_COLUMNS;

/** Every accepted header (a file may use any one alias per column). */
export const HOTLINE_HEADERS: readonly string[] = Object.values(HOTLINE_COLUMNS).flat();

const ALIAS_TO_COLUMN = new Map<string, HotlineColumn>(
  (Object.entries(HOTLINE_COLUMNS) as [HotlineColumn, readonly string[]][]).flatMap(([key, aliases]) => aliases.map((a) => [a.toLowerCase(), key] as const)),
);

/** The canonical column of a header, or undefined for an unknown one (surrounding spaces ignored). */
export const hotlineColumnOf = (header: string): HotlineColumn | undefined => ALIAS_TO_COLUMN.get(header.trim().toLowerCase());

/** The Chinese header of a column (used to name the field of a rejected row). */
export const hotlineHeaderOf = (column: string): string => (HOTLINE_COLUMNS as Record<string, readonly string[]>)[column]?.[0] ?? column;

/** 诉求类型 as 12345 platforms write it → the feedback kind; other values leave the kind to the text analysis. */
export const HOTLINE_CATEGORY_KINDS: Record<string, (typeof FEEDBACK_KINDS)[number]> = {
  投诉: 'complaint', 举报: 'complaint', 建议: 'suggestion', 意见: 'suggestion', 咨询: 'consultation', 求助: 'demand', 诉求: 'demand',
  complaint: 'complaint', suggestion: 'suggestion', consultation: 'consultation', demand: 'demand', bug: 'bug',
};

/** 来电时间: ISO 8601, or `2026-11-03 09:15[:30]` / `2026/11/3 9:15` read as Beijing time; always answered with +08:00. */
export function parseBeijingTime(text: string): string | null {
  const m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (m) {
    const p = (s: string | undefined, d = '00') => (s ?? d).padStart(2, '0');
    return normaliseTimestamp(`${m[1]}-${p(m[2])}-${p(m[3])} ${p(m[4])}:${p(m[5])}:${p(m[6])}`);
  }
  return normaliseTimestamp(text.trim());
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const DivisionCode = z.string().trim().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'must be an administrative division code (6, 9 or 12 digits)');

/** One hotline record, keyed by canonical column (see hotlineRecord for mapping a file's headers). */
export const HotlineRowSchema = z.strictObject({
  ticketId: z.string({ error: 'is required' }).trim().min(1, 'is required').max(60, 'is longer than 60 characters'),
  calledAt: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .transform((v, ctx) => {
      const parsed = parseBeijingTime(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: 'is not a date and time (e.g. 2026-11-03 09:15:00, Beijing time)' });
        return z.NEVER;
      }
      return parsed;
    }),
  category: optionalText(z.string().trim().max(50, 'is longer than 50 characters')),
  content: z.string({ error: 'is required' }).trim().min(1, 'is empty').max(FEEDBACK_TEXT_MAX, `is longer than ${FEEDBACK_TEXT_MAX} characters`),
  orgUnit: DivisionCode,
  contactName: optionalText(PersonName),
  phone: optionalText(PhoneNumber),
  itemCode: optionalText(z.string().trim().max(64, 'is longer than 64 characters')),
});
export type HotlineRow = z.infer<typeof HotlineRowSchema>;

/** A row of a batch that was not taken: its row number, the field (its Chinese header) and why. */
export const HotlineRejectionSchema = z.object({ row: z.number().int(), field: z.string(), reason: z.string() });
export const HotlineImportResultSchema = z.object({
  /** The batch whose rejected rows are kept in rejected_records (fact type `hotline`). */
  batchId: z.string(),
  accepted: z.number().int(),
  /** Rows whose 工单编号 had been imported before (or appeared earlier in the same file): nothing new stored. */
  duplicates: z.number().int(),
  rejected: z.array(HotlineRejectionSchema),
  /** Tracking codes of the accepted rows, by 工单编号 (the first 1,000). */
  receipts: z.array(z.object({ ticketId: z.string(), trackingCode: z.string() })),
});
export type HotlineImportResult = z.infer<typeof HotlineImportResultSchema>;

const Level = z.number().int('a level is a whole number').min(1, 'a level is 1–5').max(5, 'a level is 1–5');

/** A service-hall form entered by staff (服务大厅代录). */
export const HallFormSchema = z
  .strictObject({
    /** Idempotency key of the form (a retry sends the same id); made by the server when absent. */
    formId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'formId is 8–64 letters, digits, _ or -').optional(),
    /** The hall's unit: must lie in the staff member's subtree. */
    orgUnit: DivisionCode,
    /** 窗口 (e.g. 3号综合窗口). */
    window: z.string().trim().min(1, 'window is empty').max(100, 'window is longer than 100 characters').optional(),
    /** 事项编码. */
    itemCode: z.string().trim().min(1).max(64, 'itemCode is longer than 64 characters').optional(),
    /** 诉求内容. */
    text: z.string().trim().min(1, 'text is empty').max(FEEDBACK_TEXT_MAX, `text is longer than ${FEEDBACK_TEXT_MAX} characters`),
    kind: z.enum(FEEDBACK_KINDS).optional(),
    /** 好差评 given at the window: offline dimensions (overall required). */
    rating: z
      .strictObject({
        level: Level,
        dimensions: z.record(z.string(), Level),
        /** The 办件 rated; without one the form itself is the case. */
        caseId: z.string().min(1).max(64).optional(),
      })
      .optional(),
    contact: z.strictObject({ name: PersonName.optional(), phone: PhoneNumber }).optional(),
  })
  .superRefine((form, ctx) => {
    if (!form.rating) return;
    const allowed: readonly string[] = RATING_DIMENSIONS.offline;
    for (const key of Object.keys(form.rating.dimensions)) {
      if (!allowed.includes(key)) ctx.addIssue({ code: 'custom', path: ['rating', 'dimensions', key], message: `${key} is not an offline dimension (${allowed.join(', ')})` });
    }
    if (!('overall' in form.rating.dimensions)) ctx.addIssue({ code: 'custom', path: ['rating', 'dimensions', 'overall'], message: 'overall (整体满意度) is required' });
  });
export type HallForm = z.infer<typeof HallFormSchema>;

export const HallFormReceiptSchema = z.object({
  /** The code to hand to the citizen. */
  trackingCode: z.string(),
  status: z.string(),
  duplicate: z.boolean(),
  formId: z.string(),
  /** The rating's own tracking code, when a rating was given. */
  ratingTrackingCode: z.string().optional(),
});
export type HallFormReceipt = z.infer<typeof HallFormReceiptSchema>;
