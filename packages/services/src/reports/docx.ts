// Renders a (possibly edited) report draft as a Word document: a title page, a table of contents
// built from the Heading 1/2 styles, the sections with their tables and charts, and the
// improvement suggestions. The draft is validated first, so a hand-edited JSON file that breaks the
// format is refused with the field named, rather than producing a half-written report.
import { AppError } from '@govperf/contracts';
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, ImageRun, Packer, PageBreak, PageNumber, Paragraph, ShadingType, Table, TableCell, TableOfContents, TableRow,
  TextRun, WidthType, type FileChild,
} from 'docx';
import { renderChart } from './charts';
import { ReportDraftSchema, textIn, type ReportCell, type ReportChart, type ReportDraft, type ReportLanguage, type ReportSection, type ReportTable } from './model';

export interface RenderOptions {
  /** Chinese (default) or English; English falls back to the Chinese where a text has no translation. */
  lang?: ReportLanguage;
}

/** Images are placed at this width (px at 96 dpi ≈ 15.9 cm, the A4 text width with 2.5 cm margins). */
const IMAGE_WIDTH = 600;
const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体' };

function cellText(cell: ReportCell, lang: ReportLanguage): string {
  if (cell === null) return '—';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Math.round(cell * 100) / 100);
  if (typeof cell === 'string') return cell;
  return textIn(cell, lang);
}

/** Validates a draft (from JSON the office may have edited); errors name the field. */
export function parseReportDraft(input: unknown): ReportDraft {
  const parsed = ReportDraftSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', {
      message: { zh: '报告草稿格式不正确', en: 'the report draft is not valid' },
      details: parsed.error.issues.map((i) => ({ path: i.path.filter((p): p is string | number => typeof p !== 'symbol'), message: i.message })),
    });
  }
  return parsed.data;
}

class Builder {
  private tables = 0;
  private figures = 0;
  readonly children: FileChild[] = [];
  constructor(private readonly lang: ReportLanguage) {}

  private t(text: { zh: string; en?: string | undefined }): string {
    return textIn(text, this.lang);
  }

  paragraph(text: string): void {
    this.children.push(new Paragraph({ children: [new TextRun(text)], spacing: { after: 120, line: 360 }, indent: this.lang === 'zh' ? { firstLine: 480 } : undefined }));
  }

  caption(text: string): void {
    this.children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 80 }, children: [new TextRun({ text, bold: true, size: 21 })] }));
  }

  table(table: ReportTable): void {
    this.tables += 1;
    this.caption(`${this.lang === 'zh' ? '表' : 'Table '}${this.tables}${this.lang === 'zh' ? '　' : '. '}${this.t(table.caption)}`);
    const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
    const borders = { top: border, bottom: border, left: border, right: border };
    const cell = (text: string, header: boolean) =>
      new TableCell({
        borders,
        ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'D9E2F3' } } : {}),
        children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: header, size: 20 })] })],
      });
    const rows = [
      // Repeated at the top of every page the table runs onto.
      new TableRow({ tableHeader: true, children: table.columns.map((c) => cell(this.t(c), true)) }),
      ...table.rows.map((row) => new TableRow({ cantSplit: true, children: table.columns.map((_, i) => cell(cellText(row[i] ?? null, this.lang), false)) })),
    ];
    this.children.push(new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }));
    if (table.rows.length === 0) this.paragraph(this.lang === 'zh' ? '（无）' : '(none)');
    if (table.note) this.children.push(new Paragraph({ spacing: { before: 60, after: 120 }, children: [new TextRun({ text: this.t(table.note), italics: true, size: 18 })] }));
  }

  chart(chart: ReportChart): void {
    this.figures += 1;
    const rendered = renderChart(chart, this.lang);
    const height = Math.round((rendered.height * IMAGE_WIDTH) / rendered.width);
    const image = new ImageRun({
      type: 'svg',
      data: Buffer.from(rendered.svg, 'utf8'),
      fallback: { type: 'png', data: rendered.png },
      transformation: { width: IMAGE_WIDTH, height },
      altText: { name: chart.id, title: this.t(chart.title), description: this.t(chart.title) },
    });
    this.children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120 }, children: [image] }));
    this.caption(`${this.lang === 'zh' ? '图' : 'Figure '}${this.figures}${this.lang === 'zh' ? '　' : '. '}${this.t(chart.title)}`);
  }

  heading(text: string, level: 1 | 2): void {
    this.children.push(new Paragraph({ heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [new TextRun(text)] }));
  }

  section(section: ReportSection, number: string, level: 1 | 2): void {
    this.heading(`${number}${this.t(section.heading)}`, level);
    for (const p of section.paragraphs) this.paragraph(this.t(p));
    for (const table of section.tables) this.table(table);
    for (const chart of section.charts) this.chart(chart);
    section.subsections.forEach((sub, i) => this.section(sub, this.lang === 'zh' ? `（${ZH_NUMERALS[i] ?? i + 1}）` : `${number.replace(/\.? $/, '')}.${i + 1} `, 2));
  }
}

const localDate = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function titlePage(draft: ReportDraft, lang: ReportLanguage): Paragraph[] {
  const t = (text: { zh: string; en?: string | undefined }) => textIn(text, lang);
  const line = (text: string, size: number, bold = false, before = 240) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before, after: 120 }, children: [new TextRun({ text, size, bold, font: HEADING_FONT })] });
  const period = draft.kind === 'monthly' ? (lang === 'zh' ? `${draft.period.slice(0, 4)}年${Number(draft.period.slice(5, 7))}月` : draft.period) : lang === 'zh' ? `${draft.period}年度` : draft.period;
  const kind = draft.kind === 'monthly' ? { zh: '月报', en: 'Monthly report' } : { zh: '白皮书', en: 'White paper' };
  return [
    line(t(kind), 32, true, 2400),
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { before: 480, after: 480 }, children: [new TextRun({ text: t(draft.title), size: 44, bold: true, font: HEADING_FONT })] }),
    line(`${lang === 'zh' ? '报告期' : 'Period'}：${period}`, 28),
    line(`${lang === 'zh' ? '评估范围' : 'Scope'}：${draft.scope.name}（${draft.scope.code}）`, 24),
    line(`${lang === 'zh' ? '指标体系' : 'Indicator system'}：${t(draft.system.name)}（${draft.system.code} ${draft.system.version}）`, 24),
    line(t(draft.issuer), 28, true, 2400),
    line(localDate(draft.generatedAt), 24),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

/** The report as a .docx file; `input` is a draft, as drafted or as edited (it is validated first). */
export async function renderReport(input: unknown, options: RenderOptions = {}): Promise<Buffer> {
  const draft = parseReportDraft(input);
  const lang = options.lang ?? 'zh';
  const b = new Builder(lang);
  b.children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: lang === 'zh' ? '目　录' : 'Contents', bold: true, size: 32, font: HEADING_FONT })] }));
  b.children.push(new TableOfContents(lang === 'zh' ? '目录' : 'Contents', { hyperlink: true, headingStyleRange: '1-2' }));
  b.children.push(new Paragraph({ children: [new PageBreak()] }));
  const number = (i: number) => (lang === 'zh' ? `${ZH_NUMERALS[i] ?? i + 1}、` : `${i + 1}. `);
  draft.sections.forEach((s, i) => b.section(s, number(i), 1));
  b.heading(`${number(draft.sections.length)}${lang === 'zh' ? '改进建议' : 'Suggestions for improvement'}`, 1);
  if (draft.suggestions.length === 0) b.paragraph(lang === 'zh' ? '本期暂无自动生成的改进建议。' : 'No suggestions were drafted for this period.');
  draft.suggestions.forEach((s, i) => b.paragraph(`${i + 1}. ${lang === 'en' ? (s.text_en ?? s.text_zh) : s.text_zh}`));

  const footer = new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })] })] });
  const doc = new Document({
    creator: 'govperf',
    title: textIn(draft.title, lang),
    description: `${draft.kind} ${draft.period} ${draft.scope.code}`,
    // Word refreshes the table of contents (page numbers) when the document is opened.
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 24, language: { value: lang === 'zh' ? 'zh-CN' : 'en-US', eastAsia: 'zh-CN' } } },
        heading1: { run: { font: HEADING_FONT, size: 32, bold: true, color: '000000' }, paragraph: { spacing: { before: 360, after: 200 } } },
        heading2: { run: { font: HEADING_FONT, size: 28, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [
      { properties: { titlePage: true, page: { margin: { top: 1440, bottom: 1440, left: 1417, right: 1417 } } }, footers: { default: footer, first: new Footer({ children: [] }) }, children: [...titlePage(draft, lang), ...b.children] },
    ],
  });
  return Packer.toBuffer(doc);
}
