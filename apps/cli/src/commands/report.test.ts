import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { findSoffice, publishRun, registerIndicatorSystem, runEvaluation } from '@govperf/services';
import { createProbeCases, PROBE_CATALOGUE } from '@govperf/services/testing';
import { openDatabase } from '@govperf/storage';
import { seedTestOrgTree } from '@govperf/storage/testing';
import { cli } from '../test-cli';

const system = {
  format: 'govperf/indicator-system@1',
  code: 'CLI-REPORT',
  version: '1',
  name: { zh: '命令行报告测试', en: 'CLI report test' },
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, weight: 60, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, tolerance: 5, scoring: { method: 'target-linear', floor: 40 } },
    { code: 'B1', name: { zh: '办件量', en: 'Volume' }, weight: 40, formula: 'probe.completed', scoring: { method: 'minmax' } },
  ],
};

const documentText = async (file: string) => (await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');

describe('govperf report on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-report-cli-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    // PGlite holds its data directory alone: the CLI opens it only after this closes.
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
    try {
      const { db } = database;
      await seedTestOrgTree(db);
      await createProbeCases(db, [
        { unit: '330102', at: '2025-05-10T10:00:00+08:00', total: 10, onTime: 10 },
        { unit: '330105', at: '2025-05-11T10:00:00+08:00', total: 20, onTime: 15 },
        { unit: '330106', at: '2025-05-12T10:00:00+08:00', total: 10, onTime: 9 },
      ]);
      await registerIndicatorSystem(db, system);
      const { runId } = await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'CLI-REPORT', period: '2025-05', scope: '330100', levels: ['county'] });
      await publishRun(db, runId, '*');
    } finally {
      await database.close();
    }
  });

  it('writes the monthly report and its editable draft; an edited draft renders with the edits', async () => {
    const r = await cli(env, 'report', 'monthly', '--period', '2025-05', '--scope', '330100', '--out', file('m.docx'), '--draft', file('m.json'));
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(r.out)).toMatchObject({ kind: 'monthly', period: '2025-05', scope: { code: '330100' }, basis: ['2025-05'], out: file('m.docx'), draft: file('m.json'), pdf: null });
    expect(await documentText(file('m.docx'))).toContain('杭州市数字政务服务绩效月报（2025年5月）');
    const draft = JSON.parse(readFileSync(file('m.json'), 'utf8'));
    expect(draft.suggestions[0]).toMatchObject({ id: 'indicator-A1', source: 'indicator' });
    draft.suggestions[0].text_zh = '审定稿：拱墅区本季度内完成按时办结率整改。';
    writeFileSync(file('edited.json'), JSON.stringify(draft));
    const edited = await cli(env, 'report', 'monthly', '--from-draft', file('edited.json'), '--out', file('edited.docx'));
    expect({ code: edited.code, err: edited.err }).toEqual({ code: 0, err: '' });
    expect(await documentText(file('edited.docx'))).toContain('审定稿：拱墅区本季度内完成按时办结率整改。');
    const only = await cli(env, 'report', 'monthly', '--period', '2025-05', '--scope', '330100', '--draft', file('only.json'));
    expect(JSON.parse(only.out)).toMatchObject({ out: null, draft: file('only.json') });
    expect(JSON.parse(readFileSync(file('only.json'), 'utf8')).format).toBe('govperf/report-draft@1');
    const english = await cli(env, 'report', 'monthly', '--from-draft', file('edited.json'), '--out', file('en.docx'), '--lang', 'en');
    expect(english.code).toBe(0);
    expect(await documentText(file('en.docx'))).toContain('1. Overview');
  });

  it('writes the annual white paper, with the rectification and feedback inputs', async () => {
    writeFileSync(file('inputs.json'), JSON.stringify({ rectification: { open: 1, overdue: 0, closed: 2, reopened: 0 }, feedbackTags: [{ tag: 'queue', label_zh: '排队时间长', count: 9 }] }));
    const r = await cli(env, 'report', 'annual', '--year', '2025', '--scope', '330100', '--out', file('a.docx'), '--inputs', file('inputs.json'));
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const text = await documentText(file('a.docx'));
    expect(text).toContain('白皮书');
    expect(text).toContain('已销号 2 项');
    expect(text).toContain('排队时间长');
  });

  it('names the option in its errors, and says when nothing is published', async () => {
    const cases: [string[], RegExp][] = [
      [['report', 'monthly', '--period', '2025-13', '--out', file('x.docx')], /--period: a month as YYYY-MM/],
      [['report', 'monthly', '--out', file('x.docx')], /--period: a month as YYYY-MM/],
      [['report', 'annual', '--year', '25', '--out', file('x.docx')], /--year: a year as YYYY/],
      [['report', 'monthly', '--period', '2025-05'], /--out: name the \.docx/],
      [['report', 'monthly', '--period', '2025-05', '--out', file('x.pdf')], /--out: the report is a \.docx/],
      [['report', 'monthly', '--period', '2025-05', '--out', file('x.docx'), '--lang', 'fr'], /--lang: zh or en/],
      [['report', 'monthly', '--period', '2025-08', '--out', file('x.docx')], /no published evaluation run covers 2025-08/],
      [['report', 'annual', '--from-draft', file('m.json'), '--out', file('x.docx')], /--from-draft: .* is a monthly report draft/],
      [['report', 'monthly', '--from-draft', file('inputs.json'), '--out', file('x.docx')], /--from-draft: .* is not a valid report draft/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(env, ...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 1 });
      expect(r.err).toMatch(message);
    }
    expect(existsSync(file('x.docx'))).toBe(false);
  });

  it('says LibreOffice is missing for --pdf when it is not on PATH, after writing the .docx', async () => {
    const r = await cli({ ...env, PATH: join(dir, 'no-such-dir') }, 'report', 'monthly', '--from-draft', file('m.json'), '--out', file('nopdf.docx'), '--pdf');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--pdf: LibreOffice \(soffice\) was not found/);
    expect(existsSync(file('nopdf.docx'))).toBe(true);
  });

  const pdfWanted = process.env.GOVPERF_REQUIRE_LIBREOFFICE === '1' || findSoffice(process.env.PATH) !== null;
  it.skipIf(!pdfWanted)('converts to PDF with --pdf', { timeout: 180_000 }, async () => {
    const r = await cli(env, 'report', 'monthly', '--from-draft', file('m.json'), '--out', file('p.docx'), '--pdf');
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(r.out).pdf).toBe(file('p.pdf'));
    expect(readFileSync(file('p.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
