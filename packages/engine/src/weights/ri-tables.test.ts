import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RI_TABLE, RI_TABLES, WeightsInputError, isRiTableId, listRiTables, randomIndex } from './index';

const anchors = JSON.parse(
  readFileSync(new URL('../../../../../shared/anchors-data/mcda/ahp_examples.json', import.meta.url), 'utf8'),
) as { random_index_tables: Record<string, { values: Record<string, number> }> };

describe('random-index tables', () => {
  it('lists five tables, default saaty_classic first, each with a citation', () => {
    const tables = listRiTables();
    expect(tables.map((t) => t.id)).toEqual(['saaty_classic', 'saaty_2005', 'donegan_dodd_1991', 'tummala_ling_1998', 'jmcdm_extension']);
    expect(DEFAULT_RI_TABLE).toBe('saaty_classic');
    for (const t of tables) expect(t.citation.length).toBeGreaterThan(20);
  });

  it('agrees with every value the anchor file transcribes from the libraries', () => {
    let compared = 0;
    for (const [id, { values }] of Object.entries(anchors.random_index_tables)) {
      if (!isRiTableId(id)) continue; // pyDecision's table (with its 1.48 typo) is not offered
      for (const [n, ri] of Object.entries(values)) {
        expect(randomIndex(id, Number(n)), `${id} n=${n}`).toBe(ri);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('gives RI 0 for n = 1 and 2 in every table', () => {
    for (const t of listRiTables()) {
      expect(randomIndex(t.id, 1)).toBe(0);
      expect(randomIndex(t.id, 2)).toBe(0);
    }
  });

  it('spot values, including the saaty_classic extension to 15', () => {
    expect(randomIndex('saaty_classic', 8)).toBe(1.41);
    expect(randomIndex('saaty_classic', 12)).toBe(1.54);
    expect(randomIndex('saaty_classic', 15)).toBe(1.59);
    expect(randomIndex('saaty_2005', 7)).toBe(1.35);
    expect(randomIndex('tummala_ling_1998', 15)).toBe(1.5831);
    expect(randomIndex('jmcdm_extension', 12)).toBe(1.53);
    expect(randomIndex('jmcdm_extension', 200)).toBe(1.59);
  });

  it('interpolates Donegan & Dodd linearly between listed sizes', () => {
    expect(randomIndex('donegan_dodd_1991', 22)).toBeCloseTo(1.5371 + (2 / 5) * (1.5619 - 1.5371), 12);
    expect(randomIndex('donegan_dodd_1991', 85)).toBeCloseTo((1.6277 + 1.6213) / 2, 12);
    expect(randomIndex('donegan_dodd_1991', 100)).toBe(1.6339);
  });

  it('names the table and n when a size is not covered', () => {
    expect(() => randomIndex('saaty_classic', 16)).toThrow('riTable: saaty_classic has no random index for n = 16 (it covers n = 1..15)');
    expect(() => randomIndex('donegan_dodd_1991', 101)).toThrow(/donegan_dodd_1991 has no random index for n = 101/);
    expect(() => randomIndex('tummala_ling_1998', 16)).toThrow(WeightsInputError);
    expect(() => randomIndex('saaty_2005', 0)).toThrow(/positive integer/);
    expect(() => randomIndex('saaty_2005', 3.5)).toThrow(/positive integer/);
    expect(() => randomIndex('made_up' as 'saaty_2005', 3)).toThrow(/unknown random-index table "made_up"/);
  });

  it('is frozen so no caller can alter a published table', () => {
    expect(Object.isFrozen(RI_TABLES)).toBe(true);
  });
});
