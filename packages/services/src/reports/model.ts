// The report draft: everything a monthly report (月报) or annual white paper (白皮书) says, as
// plain data. It is drafted from published runs, may be edited by the performance office (the
// suggestions above all) and is then rendered as it stands — the renderer never reads the database,
// so what was reviewed is exactly what is published.
import { z } from 'zod';

export const REPORT_DRAFT_FORMAT = 'govperf/report-draft@1';

/** Text in Chinese, and in English where there is one (the renderer falls back to the Chinese). */
export const ReportText = z.strictObject({ zh: z.string(), en: z.string().optional() });
export type ReportText = z.infer<typeof ReportText>;

export const ReportCell = z.union([z.string(), z.number(), z.null(), ReportText]);
export type ReportCell = z.infer<typeof ReportCell>;

export const ReportTable = z.strictObject({
  id: z.string().min(1),
  caption: ReportText,
  columns: z.array(ReportText).min(1),
  rows: z.array(z.array(ReportCell)),
  /** Said under the table, e.g. "only the first 50 of 120 rows". */
  note: ReportText.optional(),
});
export type ReportTable = z.infer<typeof ReportTable>;

export const ReportChart = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(['bar', 'pie', 'line']),
  title: ReportText,
  categories: z.array(ReportText),
  series: z.array(z.strictObject({ name: ReportText, data: z.array(z.number().nullable()) })).min(1),
  /** Value axis label (bar, line). */
  unit: z.string().optional(),
});
export type ReportChart = z.infer<typeof ReportChart>;

export interface ReportSection {
  id: string;
  heading: ReportText;
  paragraphs: ReportText[];
  tables: ReportTable[];
  charts: ReportChart[];
  subsections: ReportSection[];
}

export const ReportSectionSchema: z.ZodType<ReportSection> = z.lazy(() =>
  z.strictObject({
    id: z.string().min(1),
    heading: ReportText,
    paragraphs: z.array(ReportText).default([]),
    tables: z.array(ReportTable).default([]),
    charts: z.array(ReportChart).default([]),
    subsections: z.array(ReportSectionSchema).default([]),
  }),
) as z.ZodType<ReportSection>;

export const ReportSuggestion = z.strictObject({
  id: z.string().min(1),
  text_zh: z.string().trim().min(1, 'a suggestion needs its Chinese text (text_zh)'),
  text_en: z.string().trim().min(1).optional(),
  source: z.enum(['indicator', 'feedback']),
  /** What the suggestion was drafted from (indicator code and numbers, or the feedback tag and count). */
  basis: z.string(),
});
export type ReportSuggestion = z.infer<typeof ReportSuggestion>;

export const ReportDraftSchema = z.strictObject({
  format: z.literal(REPORT_DRAFT_FORMAT),
  kind: z.enum(['monthly', 'annual']),
  /** YYYY-MM for a monthly report, YYYY for an annual one. */
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, 'YYYY-MM (monthly) or YYYY (annual)'),
  scope: z.strictObject({ code: z.string().min(1), name: z.string() }),
  generatedAt: z.string(),
  title: ReportText,
  /** The issuing office, a placeholder until the office fills it in. */
  issuer: ReportText,
  system: z.strictObject({ code: z.string(), version: z.string(), name: ReportText }),
  /** The published runs the figures come from, and how they relate to the report's period. */
  basis: z.strictObject({
    runs: z.array(z.strictObject({ id: z.string(), period: z.string(), publishedAt: z.string() })),
    note: ReportText,
  }),
  sections: z.array(ReportSectionSchema),
  suggestions: z.array(ReportSuggestion),
});
export type ReportDraft = z.infer<typeof ReportDraftSchema>;

/** One ledger entry as the report lists it; the status is the ledger's own label (待制定方案、整改中…). */
export const RectificationItem = z.strictObject({
  unit: z.string(),
  indicator: z.string().optional(),
  title: z.string(),
  status: z.string(),
  due: z.string().optional(),
});

/** From the rectification ledger (整改台账), when there is one. */
export const RectificationSummary = z.strictObject({
  open: z.number().int().min(0),
  overdue: z.number().int().min(0),
  closed: z.number().int().min(0),
  reopened: z.number().int().min(0),
  items: z.array(RectificationItem).default([]),
});
export type RectificationSummary = z.input<typeof RectificationSummary>;

/** The most frequent feedback tags of the period (from the feedback analysis). */
export const FeedbackTagCount = z.strictObject({ tag: z.string().min(1), label_zh: z.string(), label_en: z.string().optional(), count: z.number().int().min(0) });
export type FeedbackTagCount = z.infer<typeof FeedbackTagCount>;

/** Inputs a report takes from modules that are not evaluation runs. */
export interface ReportExtras {
  rectification?: RectificationSummary | undefined;
  feedbackTags?: readonly FeedbackTagCount[] | undefined;
  /** The indicator system; by default the one with a published run for the period (ties: by code). */
  system?: string | undefined;
  /** The org unit the report is about; by default the actor's area, or the root for operators. */
  scope?: string | undefined;
  now?: Date | undefined;
}

export type ReportLanguage = 'zh' | 'en';

/** The text in `lang`, falling back to the Chinese. */
export const textIn = (t: ReportText, lang: ReportLanguage): string => (lang === 'en' ? (t.en ?? t.zh) : t.zh);

/** The non-run inputs as a file (CLI `--inputs`), until the ledger and the feedback analysis feed reports directly. */
export const ReportInputsSchema = z.strictObject({ rectification: RectificationSummary.optional(), feedbackTags: z.array(FeedbackTagCount).optional() });
