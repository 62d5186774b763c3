// govperf report monthly | annual: the monthly report (月报) and the annual white paper (白皮书)
// as .docx (and PDF with LibreOffice). `--draft` writes the editable draft (JSON) so that the
// office can review the suggestions; `--from-draft` renders an edited draft without the database.
import { rename, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  convertToPdf, draftAnnualReport, draftMonthlyReport, LibreOfficeMissingError, PdfConversionError, renderReport, ReportDraftSchema, ReportInputsSchema,
  type ReportDraft, type ReportExtras, type ReportLanguage,
} from '@govperf/services';
import { CliError, rethrowAsCliError } from '../errors';
import { operator } from '../io/operator';
import { readJsonFile } from '../io/read-json';
import { zodIssues } from '../io/zod-errors';
import { withServices } from '../io/services';

export interface ReportOptions {
  period?: string;
  year?: string;
  out?: string;
  pdf?: boolean;
  scope?: string;
  system?: string;
  lang?: string;
  draft?: string;
  fromDraft?: string;
  inputs?: string;
}

const progress = (text: string) => process.stderr.write(`报告 report: ${text}\n`);

async function writeAtomically(file: string, data: string | Buffer, option: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, data);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new CliError(`${option}: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function checkOptions(kind: 'monthly' | 'annual', o: ReportOptions): ReportLanguage {
  const lang = o.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new CliError(`--lang: zh or en, got "${lang}"`);
  if (!o.out && !o.draft) throw new CliError('--out: name the .docx to write (or --draft FILE.json to write only the editable draft)');
  if (o.out && extname(o.out).toLowerCase() !== '.docx') throw new CliError(`--out: the report is a .docx file, got "${o.out}"`);
  if (o.fromDraft) {
    if (!o.out) throw new CliError('--out: needed with --from-draft (the .docx to render the draft into)');
    if (o.draft) throw new CliError('--draft and --from-draft together: render the edited draft with --from-draft only');
    return lang;
  }
  if (kind === 'monthly' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.period ?? '')) throw new CliError(`--period: a month as YYYY-MM, e.g. 2025-06${o.period === undefined ? '' : ` (got "${o.period}")`}`);
  if (kind === 'annual' && !/^\d{4}$/.test(o.year ?? '')) throw new CliError(`--year: a year as YYYY, e.g. 2025${o.year === undefined ? '' : ` (got "${o.year}")`}`);
  return lang;
}

async function loadDraft(kind: 'monthly' | 'annual', file: string): Promise<ReportDraft> {
  const json = await readJsonFile(file).catch((error: unknown) => {
    throw error instanceof CliError ? new CliError(`--from-draft: ${error.message}`) : error;
  });
  const parsed = ReportDraftSchema.safeParse(json);
  if (!parsed.success) throw new CliError(`--from-draft: ${file} is not a valid report draft: ${zodIssues(parsed.error)}`);
  const draft = parsed.data;
  if (draft.kind !== kind) throw new CliError(`--from-draft: ${file} is a${draft.kind === 'annual' ? 'n annual' : ' monthly'} report draft: use \`govperf report ${draft.kind}\``);
  return draft;
}

async function loadInputs(file: string | undefined): Promise<Pick<ReportExtras, 'rectification' | 'feedbackTags'>> {
  if (!file) return {};
  const parsed = ReportInputsSchema.safeParse(await readJsonFile(file));
  if (!parsed.success) throw new CliError(`--inputs: ${file}: ${zodIssues(parsed.error)}`);
  return { ...(parsed.data.rectification ? { rectification: parsed.data.rectification } : {}), ...(parsed.data.feedbackTags ? { feedbackTags: parsed.data.feedbackTags } : {}) };
}

/** Drafts (or reads the edited draft), renders, converts; prints a JSON summary. */
export async function reportCommand(kind: 'monthly' | 'annual', o: ReportOptions): Promise<string> {
  const lang = checkOptions(kind, o);
  const started = performance.now();
  let draft: ReportDraft;
  if (o.fromDraft) {
    draft = await loadDraft(kind, o.fromDraft);
  } else {
    const inputs = await loadInputs(o.inputs);
    progress(`drafting 起草 ${kind === 'monthly' ? o.period : o.year} from the published runs…`);
    draft = await withServices(async (_services, database) => {
      const extras: ReportExtras = { ...inputs, scope: o.scope, system: o.system };
      return kind === 'monthly' ? draftMonthlyReport(database.db, operator, o.period!, extras) : draftAnnualReport(database.db, operator, o.year!, extras);
    });
    if (o.draft) await writeAtomically(o.draft, `${JSON.stringify(draft, null, 2)}\n`, '--draft');
  }
  const drafted = performance.now();
  let pdf: string | null = null;
  if (o.out) {
    progress(`rendering 生成 ${o.out}…`);
    let docx: Buffer;
    try {
      docx = await renderReport(draft, { lang });
    } catch (error) {
      rethrowAsCliError(error);
    }
    await writeAtomically(o.out, docx, '--out');
    if (o.pdf) {
      progress('converting to PDF with LibreOffice 转换为 PDF…');
      try {
        pdf = await convertToPdf(o.out);
      } catch (error) {
        if (error instanceof LibreOfficeMissingError || error instanceof PdfConversionError) throw new CliError(`--pdf: ${error.message}`);
        throw error;
      }
    }
  }
  const seconds = (t: number) => Math.round(t / 100) / 10;
  return `${JSON.stringify(
    {
      kind,
      period: draft.period,
      scope: draft.scope,
      basis: draft.basis.runs.map((r) => r.period),
      suggestions: draft.suggestions.length,
      draft: o.draft ?? null,
      out: o.out ?? null,
      pdf,
      seconds: { draft: seconds(drafted - started), render: seconds(performance.now() - drafted) },
    },
    null,
    2,
  )}\n`;
}
