// End-to-end anchor: govperf reproduces the UN E-Government Development Index (EGDI).
// For each survey: build-facts.ts turns the UN country file into facts, the real CLI binary
// (`govperf evaluate`) scores them with egdi-<year>.yaml, and the scores and ranks are
// compared with the published EGDI and rank read straight from the UN file.
// The UN data is not in the repository (see README.md); these tests read it from
// /work/shared/anchors-data/egdi (or $GOVPERF_EGDI_DATA) and are skipped when it is absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFacts, EgdiInputError, type BuildFactsResult, type Layout } from './build-facts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const dataDir = process.env.GOVPERF_EGDI_DATA ?? here('../../../shared/anchors-data/egdi/');
const cliBin = here('../../apps/cli/bin/govperf.mjs');
const repoRoot = here('../../');
const hasData = existsSync(join(dataDir, 'EGOV_DATA_2024.csv'));
if (!hasData) console.warn(`examples/un-egdi: UN EGDI data not found in ${dataDir}; the EGDI anchor tests are skipped`);

/** Two computed composites closer than this (on the 0–1 index scale) are a near tie. */
const NEAR = 1e-4;

interface Survey {
  year: string;
  file: string;
  system: string;
  layout: Layout;
  /** Source columns read independently of build-facts for the reference values. */
  columns: { id: string; egdi: string; rank: string };
  countries: number;
  /** Unit ids build-facts must skip as incomplete. */
  skipped: string[];
  /** The measured max |EGDI − score/100| stays below this (tighter than the 1e-4 of the contract). */
  maxDiff: number;
}

const SURVEYS: Survey[] = [
  {
    year: '2024',
    file: 'EGOV_DATA_2024.csv',
    system: 'egdi-2024.yaml',
    layout: 'un-data-center-renamed',
    columns: { id: 'Country', egdi: 'E_Index', rank: 'Rank' },
    countries: 193,
    skipped: [],
    maxDiff: 5e-5,
  },
  {
    year: '2022',
    file: 'EGOV_DATA_2022.csv',
    system: 'egdi-2022.yaml',
    layout: 'un-data-center',
    columns: { id: 'Country Name', egdi: 'E-Government Index', rank: 'E-Government Rank' },
    countries: 193,
    skipped: [],
    maxDiff: 1e-4,
  },
  {
    year: '2010',
    file: 'egdi-2010.csv',
    system: 'egdi-2010.yaml',
    layout: 'unu-egov',
    columns: { id: 'country-code', egdi: 'e-gov-index', rank: 'e-gov-rank' },
    countries: 183,
    skipped: ['FSM', 'KIR', 'MCO', 'MHL', 'NRU', 'PRK', 'SMR', 'SOM', 'SSD', 'TUV'],
    maxDiff: 1e-5,
  },
];

interface Published {
  egdi: number;
  rank: number;
}

interface CliUnit {
  unit: string;
  name: string | null;
  score: number | null;
  scoreRounded: number | null;
  grade: string | null;
  rank: number | null;
  indicators: { code: string; weight: number }[];
}

interface CliResult {
  system: { code: string };
  period: string;
  rankingPrecision: number;
  units: CliUnit[];
  warnings: string[];
}

interface Comparison {
  maxDiff: number;
  worst: string;
  /** Units whose computed composite lies within NEAR of another unit's, sorted. */
  nearTies: string[];
  /** Units whose rank was compared (all but the near ties). */
  checked: number;
  /** Checked units whose computed rank differs from the published one. */
  rankMismatches: string[];
  /** Units whose grade differs from the UN level of the published EGDI (away from the level boundaries). */
  gradeMismatches: string[];
}

/** The published EGDI and rank per unit id, read from the UN file without build-facts. */
function readPublished(survey: Survey): Map<string, Published> {
  const rows = parse(readFileSync(join(dataDir, survey.file)), { bom: true, columns: (h: string[]) => h.map((c) => c.trim()) }) as Record<string, string>[];
  const out = new Map<string, Published>();
  for (const row of rows) {
    // Incomplete rows (blank EGDI or rank) are kept as NaN, so that every id of the file is known.
    const number = (text: string | undefined) => (text?.trim() ? Number(text) : NaN);
    out.set(row[survey.columns.id]!.trim(), { egdi: number(row[survey.columns.egdi]), rank: number(row[survey.columns.rank]) });
  }
  return out;
}

function evaluateWithCli(system: string, dir: string, period: string): CliResult {
  const stdout = execFileSync(
    'node',
    [cliBin, 'evaluate', '--system', here(system), '--facts', join(dir, 'facts.csv'), '--units', join(dir, 'units.csv'), '--period', period, '--format', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as CliResult;
}

function unLevel(egdi: number): string {
  return egdi >= 0.75 ? 'very-high' : egdi >= 0.5 ? 'high' : egdi >= 0.25 ? 'middle' : 'low';
}

function compare(result: CliResult, published: ReadonlyMap<string, Published>): Comparison {
  let maxDiff = 0;
  let worst = '';
  for (const u of result.units) {
    const p = published.get(u.unit);
    if (!p || !Number.isFinite(p.egdi) || !Number.isFinite(p.rank) || u.score === null) throw new Error(`no published value or no score for ${u.unit}`);
    const diff = Math.abs(u.score / 100 - p.egdi);
    if (diff > maxDiff) [maxDiff, worst] = [diff, u.unit];
  }
  const nearTies = result.units
    .filter((u) => result.units.some((v) => v !== u && Math.abs(u.score! - v.score!) / 100 <= NEAR))
    .map((u) => u.unit)
    .sort();
  const near = new Set(nearTies);
  const checked = result.units.filter((u) => !near.has(u.unit));
  const rankMismatches = checked.filter((u) => u.rank !== published.get(u.unit)!.rank).map((u) => `${u.unit}: rank ${u.rank}, published ${published.get(u.unit)!.rank}`);
  const boundaries = [0.25, 0.5, 0.75];
  const gradeMismatches = result.units
    .filter((u) => {
      const egdi = published.get(u.unit)!.egdi;
      return !boundaries.some((b) => Math.abs(egdi - b) <= NEAR) && u.grade !== unLevel(egdi);
    })
    .map((u) => `${u.unit}: ${u.grade}, UN level ${unLevel(published.get(u.unit)!.egdi)}`);
  return { maxDiff, worst, nearTies, checked: checked.length, rankMismatches, gradeMismatches };
}

/** The near-tie table of README.md (between the near-ties markers): rows of year, unit, computed, published EGDI, published rank, govperf rank. */
function readmeNearTies(): { year: string; unit: string; publishedRank: number; govperfRank: number }[] {
  const text = readFileSync(here('README.md'), 'utf8');
  const region = /<!-- near-ties:begin -->([\s\S]*?)<!-- near-ties:end -->/.exec(text)?.[1];
  if (!region) throw new Error('README.md has no <!-- near-ties:begin --> … <!-- near-ties:end --> region');
  return region
    .split('\n')
    .filter((l) => /^\|\s*\d{4}\s*\|/.test(l))
    .map((l) => {
      const cells = l.split('|').slice(1, -1).map((c) => c.trim());
      return { year: cells[0]!, unit: cells[1]!.replace(/^`|`$/g, ''), publishedRank: Number(cells[4]), govperfRank: Number(cells[5]) };
    });
}

describe.skipIf(!hasData)('UN EGDI reproduced end to end by `govperf evaluate`', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'govperf-egdi-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const built = new Map<string, BuildFactsResult>();
  async function build(survey: Survey): Promise<BuildFactsResult> {
    const done = built.get(survey.year);
    if (done) return done;
    const warnings: string[] = [];
    const result = await buildFacts(join(dataDir, survey.file), join(work, survey.year), { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(survey.skipped.length);
    for (const w of warnings) expect(w).toMatch(/egdi-\d{4}\.csv: line \d+: skipped .+: incomplete row: no /);
    built.set(survey.year, result);
    return result;
  }

  for (const survey of SURVEYS) {
    it(`${survey.year}: score/100 matches the published EGDI and ranks match outside near ties`, async () => {
      const facts = await build(survey);
      expect(facts).toMatchObject({ layout: survey.layout, year: survey.year, countries: survey.countries });
      expect(facts.skipped.map((s) => s.name).length).toBe(survey.skipped.length);

      const published = readPublished(survey);
      // published.csv (written by build-facts) agrees with the independent read of the UN file.
      const written = parse(await readFile(facts.files.published), { columns: true }) as { unit: string; egdi: string; rank: string }[];
      expect(written).toHaveLength(survey.countries);
      for (const row of written) {
        const p = published.get(row.unit);
        expect(p, row.unit).toBeDefined();
        expect(Number(row.rank), row.unit).toBe(p!.rank);
        // build-facts drops float artefacts of the source (0.44666000000000006 → 0.44666).
        expect(Number(row.egdi), row.unit).toBeCloseTo(p!.egdi, 12);
      }

      const result = evaluateWithCli(survey.system, join(work, survey.year), survey.year);
      expect(result.period).toBe(survey.year);
      expect(result.warnings).toEqual([]);
      expect(result.units).toHaveLength(survey.countries);
      const evaluated = new Set(result.units.map((u) => u.unit));
      expect([...published.keys()].filter((id) => !evaluated.has(id)).sort()).toEqual(survey.skipped);
      for (const u of result.units) {
        expect(u.score, u.unit).not.toBeNull();
        expect(u.rank, u.unit).not.toBeNull();
      }

      const c = compare(result, published);
      // (a) every country: |score/100 − published EGDI| ≤ 1e-4, and within the bound measured for this survey.
      expect(c.maxDiff, `worst: ${c.worst}`).toBeLessThanOrEqual(1e-4);
      expect(c.maxDiff, `worst: ${c.worst}`).toBeLessThanOrEqual(survey.maxDiff);
      // (b) outside near ties the computed rank is the published rank, ties included.
      expect(c.rankMismatches).toEqual([]);
      // (c) the near ties are exactly those documented in README.md, with the ranks given there.
      const documented = readmeNearTies().filter((r) => r.year === survey.year);
      expect(c.nearTies).toEqual(documented.map((r) => r.unit).sort());
      const byUnit = new Map(result.units.map((u) => [u.unit, u]));
      for (const r of documented) {
        expect({ unit: r.unit, published: published.get(r.unit)!.rank, govperf: byUnit.get(r.unit)!.rank }).toEqual({ unit: r.unit, published: r.publishedRank, govperf: r.govperfRank });
      }
      // (d) most countries are rank-checked.
      expect(c.checked).toBe(survey.countries - c.nearTies.length);
      expect(c.checked).toBeGreaterThanOrEqual(150);
      // The grades are the UN's EGDI levels.
      expect(c.gradeMismatches).toEqual([]);
    });
  }

  it('the checks have teeth: the wrong weights break them', async () => {
    const [s2024, , s2010] = SURVEYS as [Survey, Survey, Survey];
    await build(s2024);
    await build(s2010);
    // The 2010 weights (0.34/0.33/0.33) on the 2024 data, and equal weights on the 2010 data.
    for (const [system, survey] of [
      [s2010.system, s2024],
      [s2024.system, s2010],
    ] as const) {
      const c = compare(evaluateWithCli(system, join(work, survey.year), survey.year), readPublished(survey));
      expect(c.maxDiff, `${system} on ${survey.year}`).toBeGreaterThan(1e-3);
      expect(c.rankMismatches.length, `${system} on ${survey.year}`).toBeGreaterThan(10);
    }
  });

  it('the weights the CLI reports are the survey weights', async () => {
    for (const survey of SURVEYS) {
      await build(survey);
      const result = evaluateWithCli(survey.system, join(work, survey.year), survey.year);
      const weights = Object.fromEntries(result.units[0]!.indicators.map((i) => [i.code, i.weight]));
      const expected = survey.year === '2010' ? { OSI: 0.34, HCI: 0.33, TII: 0.33 } : { OSI: 1 / 3, HCI: 1 / 3, TII: 1 / 3 };
      for (const code of ['OSI', 'HCI', 'TII'] as const) expect(weights[code]).toBeCloseTo(expected[code], 12);
      expect(result.rankingPrecision).toBe(survey.year === '2022' ? 2 : 3);
    }
  });
});

describe('build-facts', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'govperf-egdi-build-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const header2022 = 'Survey Year,Country Name,E-Government Rank,E-Government Index,E-Participation Index,Online Service Index,Human Capital Index,Telecommunication Infrastructure Index';
  const header2024 = 'Survey Year,Country,Rank,E_Index,E_Participation,Online_Service,Human_Capital,Tele_Infra,Region';
  const headerUnu = 'country-code,country-name,e-gov-rank,e-gov-index,e-pat-index,osi,hci,tii';

  async function file(name: string, lines: string[], eol = '\r\n'): Promise<string> {
    const path = join(work, name);
    await writeFile(path, lines.join(eol) + eol);
    return path;
  }

  async function outputs(dir: string) {
    const read = async (name: string) => (await readFile(join(dir, name), 'utf8')).trimEnd().split('\n');
    return { facts: await read('facts.csv'), units: await read('units.csv'), published: await read('published.csv') };
  }

  it('reads the UN Data Center layout: CRLF, quoted names with trailing spaces', async () => {
    const input = await file('un.csv', [header2022, '2022,"Iraq ",146,0.43830,0.21590,0.20600,0.58880,0.52010', '2022,"Côte d\'Ivoire ",120,0.54670,0.37500,0.54670,0.57480,0.51860']);
    const out = join(work, 'un');
    const result = await buildFacts(input, out, { warn: () => {} });
    expect(result).toMatchObject({ layout: 'un-data-center', year: '2022', countries: 2, skipped: [] });
    expect(await outputs(out)).toEqual({
      facts: [
        'unit,period,metric,value',
        'Iraq,2022,egdi.osi,0.206',
        'Iraq,2022,egdi.hci,0.5888',
        'Iraq,2022,egdi.tii,0.5201',
        "Côte d'Ivoire,2022,egdi.osi,0.5467",
        "Côte d'Ivoire,2022,egdi.hci,0.5748",
        "Côte d'Ivoire,2022,egdi.tii,0.5186",
      ],
      units: ['unit,name,peer_group', 'Iraq,Iraq,world', "Côte d'Ivoire,Côte d'Ivoire,world"],
      published: ['unit,egdi,rank', 'Iraq,0.4383,146', "Côte d'Ivoire,0.5467,120"],
    });
  });

  it('reads the renamed 2024 layout and ignores its Region column; quotes names with commas', async () => {
    const input = await file('renamed.csv', [header2024, '2024,Iraq ,148,0.45721,0.09590,0.18755,0.49672,0.68736,Asia', '2024,"Korea, Republic of ",4,0.96789,0.9,0.9,0.9,0.9,Europe']);
    const out = join(work, 'renamed');
    const result = await buildFacts(input, out, { warn: () => {} });
    expect(result).toMatchObject({ layout: 'un-data-center-renamed', year: '2024', countries: 2 });
    const { units, published } = await outputs(out);
    expect(units).toEqual(['unit,name,peer_group', 'Iraq,Iraq,world', '"Korea, Republic of","Korea, Republic of",world']);
    expect(published).toEqual(['unit,egdi,rank', 'Iraq,0.45721,148', '"Korea, Republic of",0.96789,4']);
  });

  it('reads the UNU layout: ISO3 ids, the year from the file name, float artefacts cleaned, incomplete rows skipped', async () => {
    const input = await file(
      'egdi-2010.csv',
      [
        headerUnu,
        'IRQ,Iraq,136.0,0.29957,0.04285,0.15238,0.6955600000000001,0.055220000000000005',
        'KIR,Kiribati,184.0,0.0,0.01428,0.02857,,0.01482',
        'SSD,South Sudan,,,,,,',
        'LBY,Libya,191,0.0,0.0,0.0,0.7188,0.5057',
      ],
      '\n',
    );
    const out = join(work, 'unu');
    const messages: string[] = [];
    const result = await buildFacts(input, out, { warn: (m) => messages.push(m) });
    expect(result).toMatchObject({ layout: 'unu-egov', year: '2010', countries: 1 });
    expect(result.skipped.map((s) => s.line)).toEqual([3, 4, 5]);
    expect(messages).toEqual([
      `${input}: line 3: skipped Kiribati (KIR): incomplete row: no hci`,
      `${input}: line 4: skipped South Sudan (SSD): incomplete row: no e-gov-rank, e-gov-index, osi, hci, tii`,
      `${input}: line 5: skipped Libya (LBY): published e-gov-index is 0: the survey gives this country no index`,
    ]);
    expect(await outputs(out)).toEqual({
      facts: ['unit,period,metric,value', 'IRQ,2010,egdi.osi,0.15238', 'IRQ,2010,egdi.hci,0.69556', 'IRQ,2010,egdi.tii,0.05522'],
      units: ['unit,name,peer_group', 'IRQ,Iraq,world'],
      published: ['unit,egdi,rank', 'IRQ,0.29957,136'],
    });
  });

  const malformed: [string, string[], RegExp][] = [
    ['unknown header', ['Year,Nation,Score', '2022,Iraq,0.4'], /: line 1: not a known EGDI layout: no column for name, rank, egdi, osi, hci, tii/],
    ['a row with a missing cell', [header2022, '2022,Iraq,146,0.4383,0.2159,0.206,0.5888,0.5201', '2022,Ireland,30,0.8567,0.6818,0.7796,0.9618'], /: line 3: .*(record length|fields)/i],
    ['a word for a number', [header2022, '2022,Iraq,146,0.4383,0.2159,n/a,0.5888,0.5201'], /: line 2, column Online Service Index: not a number: "n\/a"/],
    ['an index above 1', [header2022, '2022,Iraq,146,0.4383,0.2159,20.6,0.5888,0.5201'], /: line 2, column Online Service Index: an index lies between 0 and 1, got 20.6/],
    ['a fractional rank', [header2022, '2022,Iraq,146.5,0.4383,0.2159,0.206,0.5888,0.5201'], /: line 2, column E-Government Rank: a rank is a whole number/],
    ['a country twice', [header2022, '2022,Iraq,146,0.4383,0.2159,0.206,0.5888,0.5201', '2022,Iraq ,146,0.4383,0.2159,0.206,0.5888,0.5201'], /: line 3: country "Iraq" already appears on line 2/],
    ['two survey years', [header2022, '2022,Iraq,146,0.4383,0.2159,0.206,0.5888,0.5201', '2020,Ireland,30,0.8567,0.6818,0.7796,0.9618,0.8287'], /: line 3, column Survey Year: survey year 2020 differs from 2022 \(line 2\)/],
    ['an unclosed quote', [header2022, '2022,"Iraq,146,0.4383,0.2159,0.206,0.5888,0.5201'], /: line 2: a quoted field starting on this line or later is never closed/],
    ['no complete rows', [header2022, '2022,Iraq,,,,,,'], /: no complete country rows/],
  ];

  for (const [what, lines, message] of malformed) {
    it(`refuses ${what}, naming the file and line, and leaves no output behind`, async () => {
      const input = await file(`bad-${what.replace(/\W+/g, '-')}.csv`, lines);
      const out = join(work, `bad-${what.replace(/\W+/g, '-')}`);
      const error = await buildFacts(input, out, { warn: () => {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EgdiInputError);
      expect((error as Error).message.startsWith(`${input}: `)).toBe(true);
      expect((error as Error).message).toMatch(message);
      for (const name of ['facts.csv', 'units.csv', 'published.csv', 'facts.csv.partial']) expect(existsSync(join(out, name))).toBe(false);
    });
  }

  it('names a missing or empty input file', async () => {
    const missing = join(work, 'no-such-file.csv');
    await expect(buildFacts(missing, join(work, 'missing'), { warn: () => {} })).rejects.toThrow(`${missing}: no such file`);
    const empty = await file('empty.csv', []);
    await expect(buildFacts(empty, join(work, 'empty'), { warn: () => {} })).rejects.toThrow(/: the file is empty$/);
  });

  it('needs the year when neither a column nor the file name gives it', async () => {
    const input = await file('unu-no-year.csv', [headerUnu, 'IRQ,Iraq,136,0.29957,0.04285,0.15238,0.69556,0.05522'], '\n');
    await expect(buildFacts(input, join(work, 'no-year'), { warn: () => {} })).rejects.toThrow(/no "Survey Year" column.*--year/);
    const result = await buildFacts(input, join(work, 'no-year'), { year: '2010', warn: () => {} });
    expect(result.year).toBe('2010');
  });

  it('runs as a script: exit 0 with a summary, exit 1 with one line naming file and line', async () => {
    const script = here('build-facts.ts');
    const good = await file('egdi-2012.csv', [headerUnu, 'IRQ,Iraq,137,0.34093,0.1053,0.28758,0.61509,0.12014'], '\n');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', script, good, join(work, 'script-ok')], { cwd: repoRoot, encoding: 'utf8' });
    expect(ok.stderr).toMatch(/build-facts: 1 countries, survey 2012 \(unu-egov layout\)/);
    expect(ok.status).toBe(0);
    expect(existsSync(join(work, 'script-ok', 'facts.csv'))).toBe(true);

    const bad = await file('script-bad.csv', [header2022, '2022,Iraq,146,0.4383,0.2159,0.206,0.5888']);
    const failed = spawnSync(process.execPath, ['--import', 'tsx', script, bad, join(work, 'script-bad')], { cwd: repoRoot, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`^build-facts: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 2: `));
    expect(failed.stderr).not.toMatch(/\n\s+at /);

    const usage = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: /);
  });
});
