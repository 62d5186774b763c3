import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './main';

// These tests read the English lines of errors (and the binary inherits this); errors.test.ts checks zh-CN and both.
process.env.GOVPERF_LANG = 'en';

const dir = mkdtempSync(join(tmpdir(), 'govperf-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const system = file(
  'system.yaml',
  `format: govperf/indicator-system@1
code: CLI-TEST
version: "1"
name: { zh: 命令行测试, en: CLI test }
metrics:
  h.on_time: { name: { zh: 按时办结件数, en: Cases on time } }
  h.completed: { name: { zh: 办结件数, en: Cases completed } }
  r.satisfaction: { name: { zh: 满意度, en: Satisfaction } }
indicators:
  - code: A1
    name: { zh: 按时办结率, en: On-time rate }
    weight: 60
    formula: h.on_time / h.completed * 100
    target: 95
    tolerance: 5
    scoring: { method: target-linear, floor: 60 }
  - code: B1
    name: { zh: 满意度, en: Satisfaction }
    weight: 40
    formula: r.satisfaction
    scoring: { method: identity }
`,
);
const facts = file(
  'facts.csv',
  `unit,period,metric,value
330102,2025-06,h.on_time,90
330102,2025-06,h.completed,100
330102,2025-06,r.satisfaction,80
330105,2025-06,h.on_time,96
330105,2025-06,h.completed,100
330105,2025-06,r.satisfaction,90
330106,2025-06,h.on_time,90
330106,2025-06,h.completed,100
330106,2025-06,r.satisfaction,80
330102,2025-05,h.on_time,80
`,
);
const units = file('units.csv', 'unit,name,parent,level,peer_group\n330100,杭州市,,city,city\n330102,上城区,330100,county,county\n330105,拱墅区,330100,county,county\n330106,西湖区,330100,county,county\n');

describe('govperf evaluate', () => {
  it('prints the result as JSON with ranks, grades and indicators', async () => {
    const r = await cli('evaluate', '--system', system, '--facts', facts, '--units', units, '--period', '2025-06');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.system.code).toBe('CLI-TEST');
    expect(json.system.hash).toMatch(/^sha256:/);
    expect(json.period).toBe('2025-06');
    const county = json.units.filter((u: { peerGroup: string }) => u.peerGroup === 'county');
    // (90−60)/35·100 = 85.714 → 0.6·85.714 + 0.4·80 = 83.43; 96 % → 100 → 0.6·100 + 0.4·90 = 96.
    expect(county.map((u: { unit: string; rank: number; scoreRounded: number; grade: string }) => [u.unit, u.rank, u.scoreRounded, u.grade])).toEqual([
      ['330105', 1, 96, 'excellent'],
      ['330102', 2, 83.43, 'good'],
      ['330106', 2, 83.43, 'good'],
    ]);
    expect(county[1].name).toBe('上城区');
    expect(county[1].indicators[0]).toMatchObject({ code: 'A1', value: 90, light: 'yellow' });
    // The city has no facts: listed, without a score.
    expect(json.units.find((u: { unit: string }) => u.unit === '330100')).toMatchObject({ score: null, rank: null });
  });

  it('prints the same bytes every time', async () => {
    const args = ['evaluate', '--system', system, '--facts', facts, '--period', '2025-06'];
    expect((await cli(...args)).out).toBe((await cli(...args)).out);
  });

  it('prints a table and a CSV on request', async () => {
    const table = await cli('evaluate', '--system', system, '--facts', facts, '--units', units, '--period', '2025-06', '--format', 'table');
    expect(table.out).toMatch(/拱墅区.*96\.00.*优秀 Excellent/);
    const csv = await cli('evaluate', '--system', system, '--facts', facts, '--period', '2025-06', '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe('rank 排名,unit 单位,name 名称,score 得分,grade 等级,veto 否决');
    expect(csv.out.split('\n')[1]).toBe('1,330105,,96.00,优秀 Excellent,');
  });

  it('adds the TOPSIS ranking on request and refuses an unknown normalisation', async () => {
    const json = JSON.parse((await cli('evaluate', '--system', system, '--facts', facts, '--period', '2025-06', '--topsis', 'vector')).out);
    expect(json.units.map((u: { unit: string; topsis: { rank: number } }) => [u.unit, u.topsis.rank])).toEqual([
      ['330105', 1],
      ['330102', 2],
      ['330106', 2],
    ]);
    expect((await cli('evaluate', '--system', system, '--facts', facts, '--period', '2025-06', '--topsis', 'l2')).err).toBe('govperf: --topsis: unknown normalisation "l2" (use vector or minmax)\n');
  });

  it('asks for --period when the facts hold several', async () => {
    const r = await cli('evaluate', '--system', system, '--facts', facts);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`govperf: ${facts}: facts for 2 periods (2025-05, 2025-06); choose one with --period\n`);
  });

  it('names file, line and column of a bad fact row', async () => {
    const bad = file('bad-facts.csv', 'unit,period,metric,value\n330102,2025-06,h.on_time,90\n330102,2025-06,h.completed,1,000\n');
    const r = await cli('evaluate', '--system', system, '--facts', bad);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`govperf: ${bad}: line 3: 5 fields but the header has 4 columns (a value with a comma needs double quotes)\n`);
    const notNumber = file('nan-facts.csv', 'unit,period,metric,value\n330102,2025-06,h.on_time,ninety\n');
    expect((await cli('evaluate', '--system', system, '--facts', notNumber)).err).toBe(
      `govperf: ${notNumber}: line 2, column value: not a number (write digits with "." as the decimal point, no thousands separators)\n`,
    );
    const missingColumn = file('nocol.csv', 'unit,period,value\n');
    expect((await cli('evaluate', '--system', system, '--facts', missingColumn)).err).toMatch(/line 1: missing column metric/);
  });

  it('refuses facts of units that are not in the units file, and undeclared metrics', async () => {
    const stranger = file('stranger.csv', 'unit,period,metric,value\n999999,2025-06,h.on_time,1\n');
    expect((await cli('evaluate', '--system', system, '--facts', stranger, '--units', units)).err).toBe(
      `govperf: ${stranger}: line 2, column unit: unit "999999" is not in the units file\n`,
    );
    const undeclared = file('undeclared.csv', 'unit,period,metric,value\n330102,2025-06,h.typo,1\n');
    expect((await cli('evaluate', '--system', system, '--facts', undeclared)).err).toMatch(/unknown metric "h.typo" \(the system does not declare it\)/);
  });

  it('reports a bad system file with the indicator path', async () => {
    const broken = file('broken.yaml', (await import('node:fs')).readFileSync(system, 'utf8').replace('floor: 60', 'floor: 99'));
    const r = await cli('evaluate', '--system', broken, '--facts', facts, '--period', '2025-06');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`govperf: ${broken}: indicator A1, field scoring.floor: for a benefit indicator the floor (99) lies below the target (95)\n`);
    const badFormula = file('badformula.yaml', (await import('node:fs')).readFileSync(system, 'utf8').replace('formula: r.satisfaction', 'formula: r.satisfaction +'));
    expect((await cli('validate', badFormula)).err).toMatch(/indicator B1, field formula: formula error at line 1, column \d+: /);
    expect((await cli('validate', join(dir, 'nope.yaml'))).err).toBe(`govperf: ${join(dir, 'nope.yaml')}: no such file, or it cannot be read\n`);
  });
});

describe('govperf explain', () => {
  it('traces an indicator to the fact rows behind it', async () => {
    const r = await cli('explain', '--system', system, '--facts', facts, '--period', '2025-06', '--unit', '330102', '--indicator', 'A1');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.facts).toEqual([
      { metric: 'h.completed', value: 100, sources: [{ file: facts, line: 3 }] },
      { metric: 'h.on_time', value: 90, sources: [{ file: facts, line: 2 }] },
    ]);
    expect(json.formula.value).toBe(90);
    expect(json.weight.global).toBe(0.6);
    const table = await cli('explain', '--system', system, '--facts', facts, '--period', '2025-06', '--unit', '330102', '--indicator', 'A1', '--format', 'table');
    expect(table.out).toContain('h.on_time / h.completed * 100 = 90');
    expect(table.out).toContain('95 (tolerance 容差 5), more is better');
  });
  it('names an unknown indicator', async () => {
    const r = await cli('explain', '--system', system, '--facts', facts, '--period', '2025-06', '--unit', '330102', '--indicator', 'Z');
    expect(r.err).toBe(`govperf: ${facts}: indicator: unknown indicator "Z" in system CLI-TEST\n`);
  });
});

describe('govperf ahp', () => {
  it('prints weights, λmax, CI, CR and consistency', async () => {
    // Saaty's 3×3 example: weights ≈ 0.637, 0.258, 0.105; CR ≈ 0.033 with RI 0.58.
    const m = file('m.json', JSON.stringify({ matrix: [[1, 3, 5], ['1/3', 1, 3], ['1/5', '1/3', 1]] }));
    const r = await cli('ahp', m);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json).slice(0, 5)).toEqual(['weights', 'lambdaMax', 'ci', 'cr', 'consistent']);
    expect(json.weights.map((w: number) => Number(w.toFixed(3)))).toEqual([0.637, 0.258, 0.105]);
    expect(json.lambdaMax).toBeCloseTo(3.0385, 4);
    expect(json.cr).toBeCloseTo(0.0332, 4);
    expect(json.consistent).toBe(true);
  });
  it('combines experts and accepts the other RI tables and methods', async () => {
    const m = file('experts.json', JSON.stringify({ experts: [[[1, 2], [0.5, 1]], [[1, 8], ['1/8', 1]]] }));
    const json = JSON.parse((await cli('ahp', m, '--ri', 'saaty_2005', '--method', 'geometric')).out);
    // Geometric mean of 2 and 8 is 4: weights 0.8 / 0.2.
    expect(json.weights[0]).toBeCloseTo(0.8, 12);
    expect(json.riTable).toBe('saaty_2005');
  });
  it('refuses an inconsistent matrix unless told, naming the worst judgements', async () => {
    const m = file('bad.json', JSON.stringify({ matrix: [[1, 9, '1/9'], ['1/9', 1, 9], [9, '1/9', 1]] }));
    const r = await cli('ahp', m);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/inconsistent judgements: CR = \d+\.\d{4} ≥ 0\.1 \(RI table saaty_classic\)\. Most inconsistent: row \d vs column \d: given/);
    const forced = await cli('ahp', m, '--allow-inconsistent');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out).consistent).toBe(false);
  });
  it('names the bad cell, bad JSON position, unknown table', async () => {
    expect((await cli('ahp', file('nr.json', '{"matrix": [[1, 3], [3, 1]]}'))).err).toMatch(/matrix\[1\]\[0\]: not reciprocal/);
    expect((await cli('ahp', file('syntax.json', '{"matrix": [[1, 3],\n [3 1]]}'))).err).toMatch(/syntax\.json: line 2, column \d+: invalid JSON/);
    expect((await cli('ahp', file('shape.json', '{"matrix": [[1, "x"]]}'))).err).toMatch(/expected \{"matrix"/);
    expect((await cli('ahp', file('ok.json', '{"matrix": [[1]]}'), '--ri', 'mine')).err).toMatch(/--ri: unknown table "mine" \(known: saaty_classic/);
  });
});

describe('govperf entropy and topsis', () => {
  const anchors = fileURLToPath(new URL('../../../../shared/anchors-data/mcda/entropy_topsis_examples.json', import.meta.url));

  it('reproduces a published entropy example from a CSV', async () => {
    const data = JSON.parse((await import('node:fs')).readFileSync(anchors, 'utf8'));
    const ex = data.entropy_examples.find((e: { id: string }) => e.id === 'elsayed2017_entropy_12x5');
    const csv = file('entropy.csv', ['id,c1,c2,c3,c4,c5', ...ex.decision_matrix.map((row: number[], i: number) => [`a${i + 1}`, ...row].join(','))].join('\n'));
    const json = JSON.parse((await cli('entropy', csv, '--normalization', 'sum')).out);
    ex.published.weights_6dp.forEach((w: number, j: number) => expect(Math.abs(json.weights[`c${j + 1}`] - w)).toBeLessThanOrEqual(5e-7));
  });

  it('reproduces the published TOPSIS examples (vector and min–max)', async () => {
    const data = JSON.parse((await import('node:fs')).readFileSync(anchors, 'utf8'));
    const tzeng = data.topsis_examples.find((e: { id: string }) => e.id === 'tzeng_huang_2011_topsis_4x3');
    const csv = file('tzeng.csv', ['alt,c1,c2,c3', ...tzeng.decision_matrix.map((row: number[], i: number) => [`A${i + 1}`, ...row].join(','))].join('\n'));
    const json = JSON.parse((await cli('topsis', csv, '--weights', tzeng.weights.join(','))).out);
    const byId = Object.fromEntries(json.results.map((r: { id: string; closeness: number; rank: number }) => [r.id, r]));
    tzeng.published.closeness.forEach((c: number, i: number) => {
      expect(Math.abs(byId[`A${i + 1}`].closeness - c)).toBeLessThanOrEqual(1e-4);
      expect(byId[`A${i + 1}`].rank).toBe(tzeng.published.rank_1_is_best[i]);
    });
    const op = data.topsis_examples.find((e: { id: string }) => e.id === 'opricovic_tzeng_2004_topsis_3x2');
    const csv2 = file('op.csv', ['alt,cost,benefit', ...op.decision_matrix.map((row: number[], i: number) => [`A${i + 1}`, ...row].join(','))].join('\n'));
    const json2 = JSON.parse((await cli('topsis', csv2, '--weights', '0.5,0.5', '--cost', 'cost', '--normalization', 'minmax')).out);
    const close = Object.fromEntries(json2.results.map((r: { id: string; closeness: number }) => [r.id, Number(r.closeness.toFixed(3))]));
    expect(close).toEqual({ A1: 0.5, A2: 0.617, A3: 0.5 });
  });

  it('names the bad cell and the bad option', async () => {
    const csv = file('m.csv', 'id,speed,price\na,1,10\nb,2,x\n');
    expect((await cli('entropy', csv)).err).toMatch(/m\.csv: line 3, column price: not a number/);
    const ok = file('ok.csv', 'id,speed,price\na,1,10\nb,2,12\n');
    expect((await cli('entropy', ok, '--cost', 'colour')).err).toMatch(/--cost: "colour" is not a criterion of .*\(criteria: speed, price\)/);
    expect((await cli('topsis', ok, '--weights', '1')).err).toMatch(/--weights: 1 weight given, but .* has 2 criteria \(speed, price\)/);
    expect((await cli('topsis', ok, '--weights', '1,a')).err).toMatch(/--weights: weight 2 \("a"\) for price: not a number/);
    const json = JSON.parse((await cli('entropy', ok, '--cost', 'price')).out);
    expect(json.weights.speed + json.weights.price).toBeCloseTo(1, 12);
  });
});

describe('the govperf binary', () => {
  const bin = fileURLToPath(new URL('../bin/govperf.mjs', import.meta.url));
  it('runs, prints JSON on stdout and exits 0', () => {
    const out = execFileSync('node', [bin, 'validate', system], { encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ ok: true, code: 'CLI-TEST', leaves: 2, metrics: ['h.completed', 'h.on_time', 'r.satisfaction'] });
  });
  it('exits non-zero with one line on stderr and no stack trace on a user error', () => {
    const r = spawnSync('node', [bin, 'ahp', join(dir, 'missing.json')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`govperf: ${join(dir, 'missing.json')}: no such file, or it cannot be read\n`);
  });
  it('exits 2 on a usage error', () => {
    const r = spawnSync('node', [bin, 'topsis', system], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--weights/);
  });
});
