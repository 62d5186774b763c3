import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../apps/cli/src/main';
import { generate, loadTemplate, UNITS } from './generate';

describe('the quickstart sample', () => {
  it('is exactly what the seeded generator makes (regenerate with npx tsx examples/quickstart/generate.ts)', () => {
    const { facts, units } = generate(loadTemplate());
    expect(readFileSync(new URL('./facts.csv', import.meta.url), 'utf8')).toBe(facts);
    expect(readFileSync(new URL('./units.csv', import.meta.url), 'utf8')).toBe(units);
  });

  it('npm start ranks every county, leaders and laggards apart, with the security veto applied', async () => {
    let out = '';
    const code = await run(['quickstart', '--format', 'json'], { out: (s) => (out += s), err: (s) => (out += s) });
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.system.code).toBe('CN-SMARTGOV-APP');
    expect(result.units).toHaveLength(UNITS.length);
    expect(result.units.every((u: { rank: number | null }) => u.rank !== null)).toBe(true);
    const grades = new Set(result.units.map((u: { grade: string }) => u.grade));
    expect(grades).toEqual(new Set(['excellent', 'good', 'fair', 'poor']));
    const vetoed = result.units.filter((u: { vetoed: boolean }) => u.vetoed);
    expect(vetoed.map((u: { unit: string; score: number }) => [u.unit, u.score])).toEqual([['330112', 0]]);
    // Every county has a value for every one of the 56 leaves.
    for (const u of result.units) expect(u.indicators.filter((i: { leaf: boolean; value: number | null }) => i.leaf && i.value !== null)).toHaveLength(56);
  });
});
