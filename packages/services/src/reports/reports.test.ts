import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { runEvaluation } from '../evaluation/run-evaluation';
import { publishRun } from '../evaluation/runs';
import { registerIndicatorSystem } from '../evaluation/systems';
import { systemActor, userActor } from '../identity/actor';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { convertToPdf, draftAnnualReport, draftMonthlyReport, findSoffice, parseReportDraft, renderReport, type ReportDraft, type ReportSection } from './index';

const system = {
  format: 'govperf/indicator-system@1',
  code: 'REPORT-TEST',
  version: '1',
  name: { zh: '报告测试体系', en: 'Report test system' },
  periodicity: 'quarter',
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, weight: 60, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, tolerance: 5, scoring: { method: 'target-linear', floor: 40 } },
    { code: 'B1', name: { zh: '办件量', en: 'Volume' }, weight: 40, formula: 'probe.completed', scoring: { method: 'minmax' } },
  ],
};

const operator = systemActor('report-test');
const sections = (draft: ReportDraft): string[] => {
  const ids: string[] = [];
  const walk = (s: ReportSection) => {
    ids.push(s.id);
    s.subsections.forEach(walk);
  };
  draft.sections.forEach(walk);
  return ids;
};

/** Decodes an 8-bit RGB(A) PNG (pdftoppm's) and returns the share of dark pixels. */
function darkShare(png: Buffer): number {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 3;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[data[9]!]!;
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  let dark = 0;
  for (let i = 0; i < pixels.length; i += channels) if (pixels[i]! < 128) dark++;
  return dark / (width * height);
}

describe.each(testEngines())('reports on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'govperf-report-'));
  let draft: ReportDraft;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    // Q1: 拱墅区 best, 上城区 second, 西湖区 far below the on-time target (red). Q2: 上城区 overtakes 拱墅区.
    await createProbeCases(db, [
      { unit: '330102', at: '2025-02-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-02-11T10:00:00+08:00', total: 20, onTime: 19 },
      { unit: '330106', at: '2025-02-12T10:00:00+08:00', total: 10, onTime: 5 },
      { unit: '330102', at: '2025-05-10T10:00:00+08:00', total: 20, onTime: 20 },
      { unit: '330105', at: '2025-05-11T10:00:00+08:00', total: 10, onTime: 8 },
      { unit: '330106', at: '2025-05-12T10:00:00+08:00', total: 12, onTime: 6 },
    ]);
    await registerIndicatorSystem(db, system);
    for (const period of ['2025-Q1', '2025-Q2']) {
      const { runId } = await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'REPORT-TEST', period, scope: '330100', levels: ['county'] });
      await publishRun(db, runId, '*', new Date(`${period === '2025-Q1' ? '2025-04-03' : '2025-07-03'}T02:00:00Z`));
    }
    // An unpublished run is never reported.
    await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'REPORT-TEST', period: '2025-Q3', scope: '330100', levels: ['county'] });
  });
  afterAll(async () => dispose());

  it('drafts a monthly report from the published quarter covering the month, and says so', async () => {
    const started = performance.now();
    draft = await draftMonthlyReport(database.db, operator, '2025-05', {
      scope: '330100',
      now: new Date('2025-07-10T00:00:00Z'),
      feedbackTags: [
        { tag: 'queue', label_zh: '排队时间长', label_en: 'Long queues', count: 42 },
        { tag: 'login', label_zh: '登录困难', count: 17 },
      ],
    });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(10_000);
    expect(draft).toMatchObject({ kind: 'monthly', period: '2025-05', scope: { code: '330100', name: '杭州市' }, system: { code: 'REPORT-TEST' }, basis: { runs: [{ period: '2025-Q2' }] } });
    expect(draft.basis.note.zh).toMatch(/按季度评估.*2025-Q2/);
    expect(sections(draft)).toEqual(['overview', 'ranking', 'ranking-county', 'grades', 'red-indicators', 'trend', 'rectification', 'feedback']);
    const ranking = draft.sections[1]!.subsections[0]!.tables[0]!;
    // Q2: 上城区 20/20 on time and most cases → 100; it was second in Q1.
    expect(ranking.rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      [1, '上城区', '↑1'],
      [2, '拱墅区', '↓1'],
      [3, '西湖区', '—'],
    ]);
    const red = draft.sections.find((s) => s.id === 'red-indicators')!.tables[0]!;
    expect(red.rows).toEqual([
      ['西湖区', { zh: '按时办结率', en: 'On-time rate' }, '50%', '95%', 18.18, '1/1'],
      ['拱墅区', { zh: '按时办结率', en: 'On-time rate' }, '80%', '95%', 72.73, '1/1'],
    ]);
    const trend = draft.sections.find((s) => s.id === 'trend')!;
    expect(trend.tables[0]!.rows.map((r) => r[0])).toEqual(['2025-Q1', '2025-Q2']);
    expect(draft.sections.find((s) => s.id === 'rectification')!.paragraphs[0]!.zh).toMatch(/暂无数据/);
    // Deterministic suggestions: the weakest indicators (most red, then lowest mean score), then the top feedback tags.
    expect(draft.suggestions.map((s) => [s.id, s.source])).toEqual([
      ['indicator-A1', 'indicator'],
      ['indicator-B1', 'indicator'],
      ['feedback-queue', 'feedback'],
      ['feedback-login', 'feedback'],
    ]);
    expect(draft.suggestions[0]!.text_zh).toMatch(/“按时办结率”.*亮红灯 2 次，涉及西湖区、拱墅区.*目标值（95%）/);
    expect(draft.suggestions[0]!.text_en).toMatch(/On-time rate/);
    const again = await draftMonthlyReport(database.db, operator, '2025-05', { scope: '330100', now: new Date('2025-07-10T00:00:00Z'), feedbackTags: [{ tag: 'login', label_zh: '登录困难', count: 17 }, { tag: 'queue', label_zh: '排队时间长', label_en: 'Long queues', count: 42 }] });
    expect(again.suggestions).toEqual(draft.suggestions);
  });

  it('renders an edited draft as a .docx with its sections, tables, charts and the edited text', async () => {
    const edited: ReportDraft = JSON.parse(JSON.stringify(draft));
    edited.suggestions[0]!.text_zh = '经办公室审定：西湖区须于下季度前将按时办结率提高到 90% 以上。';
    edited.suggestions.splice(3, 1);
    const started = performance.now();
    const docx = await renderReport(parseReportDraft(edited));
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(20_000);
    const file = join(dir, 'monthly.docx');
    writeFileSync(file, docx);
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const heading of ['一、总体情况', '二、综合得分排名', '（一）县（市、区）', '三、等级分布', '四、红灯指标', '五、得分趋势', '六、整改落实情况', '七、群众反馈热点', '八、改进建议']) expect(text).toContain(heading);
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)?.length).toBe(8);
    // Failures print the pattern, not the whole document.
    expect(/<w:pStyle w:val="Heading2"\/>/.test(xml), 'a Heading 2').toBe(true);
    expect(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;/.test(xml), 'a table of contents field over Heading 1–2').toBe(true);
    expect(text).toContain('杭州市数字政务服务绩效月报（2025年5月）');
    expect(text).toContain('经办公室审定：西湖区须于下季度前将按时办结率提高到 90% 以上。');
    expect(text).not.toContain('登录困难”相关问题');
    // Tables with a header row; the ranking in rank order.
    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(5);
    expect(tables.every((t) => t.includes('<w:tblHeader/>'))).toBe(true);
    const rankingTable = tables.find((t) => t.includes('排名变化'))!.replace(/<[^>]+>/g, '');
    expect(rankingTable.indexOf('上城区')).toBeLessThan(rankingTable.indexOf('拱墅区'));
    expect(rankingTable).toContain('↑1');
    // Charts: each an SVG with a PNG fallback in word/media, both referenced from the document.
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    const svgs = media.filter((f) => f.endsWith('.svg'));
    const pngs = media.filter((f) => f.endsWith('.png'));
    expect(svgs.length).toBe(3);
    expect(pngs.length).toBe(3);
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    for (const f of [...svgs, ...pngs]) {
      const id = new RegExp(`Id="(rId[^"]+)"[^>]*Target="media/${f.slice('word/media/'.length)}"`).exec(rels)?.[1] ?? new RegExp(`Target="media/${f.slice('word/media/'.length)}"[^>]*Id="(rId[^"]+)"`).exec(rels)?.[1];
      expect(id, f).toBeDefined();
      expect(xml.includes(`r:embed="${id}"`), `${f} (${id}) referenced`).toBe(true);
    }
    const svg = await zip.file(svgs[0]!)!.async('string');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('WenQuanYi Micro Hei');
  });

  it('renders in English on request', async () => {
    const xml = await (await JSZip.loadAsync(await renderReport(draft, { lang: 'en' }))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const heading of ['1. Overview', '2. Rankings', '2.1 Counties and districts', '4. Red indicators', '8. Suggestions for improvement']) expect(text).toContain(heading);
    expect(text).toContain('Long queues');
  });

  it('refuses a broken draft, naming the field', async () => {
    const broken = JSON.parse(JSON.stringify(draft));
    broken.suggestions[0].text_zh = '';
    const error = await renderReport(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual([expect.objectContaining({ path: ['suggestions', 0, 'text_zh'] })]);
  });

  it('drafts the annual white paper from the year’s published quarters, ranked by the mean', async () => {
    const annual = await draftAnnualReport(database.db, operator, 2025, {
      scope: '330100',
      rectification: { open: 2, overdue: 1, closed: 3, reopened: 0, items: [{ unit: '西湖区', indicator: 'A1', title: '按时办结率整改', status: '整改中', due: '2025-09-30' }] },
    });
    expect(annual).toMatchObject({ kind: 'annual', period: '2025', scope: { code: '330100' }, basis: { runs: [{ period: '2025-Q1' }, { period: '2025-Q2' }] } });
    expect(annual.title.zh).toBe('杭州市数字政务服务绩效白皮书（2025年度）');
    expect(annual.basis.note.zh).toMatch(/2 期季度评估结果/);
    // Means: 上城区 (54.5 + 100) / 2, 拱墅区 (100 + 43.6) / 2, 西湖区 (10.9 + 18.9) / 2; no 2024 to compare with.
    const ranking = annual.sections[1]!.subsections[0]!.tables[0]!;
    expect(ranking.rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      [1, '上城区', '新 new'],
      [2, '拱墅区', '新 new'],
      [3, '西湖区', '新 new'],
    ]);
    expect(annual.sections.find((s) => s.id === 'red-indicators')!.tables[0]!.rows[0]!.slice(0, 1)).toEqual(['西湖区']);
    expect(annual.sections.find((s) => s.id === 'red-indicators')!.tables[0]!.rows[0]![5]).toBe('2/2');
    expect(annual.sections.find((s) => s.id === 'rectification')!.tables[0]!.rows).toEqual([['西湖区', '按时办结率整改', 'A1', '整改中', '2025-09-30']]);
    const xml = await (await JSZip.loadAsync(await renderReport(annual))).file('word/document.xml')!.async('string');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('白皮书');
  });

  it('says clearly when there is nothing published, or the period is malformed, or out of the actor’s area', async () => {
    const none = await draftMonthlyReport(database.db, operator, '2025-08').catch((e: unknown) => e);
    expect(none).toBeInstanceOf(AppError);
    expect((none as AppError).code).toBe('not_found');
    expect((none as AppError).message).toMatch(/no published evaluation run covers 2025-08/);
    const bad = await draftMonthlyReport(database.db, operator, '2025-13').catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('validation_failed');
    const ningbo = userActor({ username: 'nb', display_name: '宁波', role: 'evaluator', org_unit_code: '330200', department_code: null }, null);
    const outside = await draftMonthlyReport(database.db, ningbo, '2025-05', { scope: '330100' }).catch((e: unknown) => e);
    expect((outside as AppError).code).toBe('forbidden');
  });

  const env = process.env;
  const soffice = findSoffice(env.PATH);
  const pdfWanted = env.GOVPERF_REQUIRE_LIBREOFFICE === '1' || soffice !== null;
  if (!pdfWanted) console.warn('LibreOffice (soffice) not found and GOVPERF_REQUIRE_LIBREOFFICE is not 1: the PDF test is skipped');
  it.skipIf(!pdfWanted || engine.name !== 'pglite')('converts the report to PDF with LibreOffice, and its first page renders', { timeout: 180_000 }, async () => {
    const docx = join(dir, 'monthly.docx');
    expect(existsSync(docx)).toBe(true);
    const started = performance.now();
    const pdf = await convertToPdf(docx);
    const seconds = (performance.now() - started) / 1000;
    console.info(`report converted to PDF in ${seconds.toFixed(1)} s`);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', pdf, join(dir, 'page1')]);
    const png = readFileSync(join(dir, 'page1.png'));
    expect(statSync(join(dir, 'page1.png')).size).toBeGreaterThan(1000);
    // The title page has text: some pixels are dark, most are paper.
    const share = darkShare(png);
    expect(share).toBeGreaterThan(0.001);
    expect(share).toBeLessThan(0.5);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(join('test-artifacts', 'report-monthly-page1.png'), png);
  });
});
