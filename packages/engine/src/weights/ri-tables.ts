// Random-index (RI) tables for the AHP consistency ratio CR = CI / RI. Published tables
// differ, and a CR is only comparable with one computed against the same table, so the
// table is always named explicitly in results and messages.

import { WeightsInputError } from './errors';

export type RiTableId = 'saaty_classic' | 'saaty_2005' | 'donegan_dodd_1991' | 'tummala_ling_1998' | 'jmcdm_extension';

export interface RiTable {
  readonly id: RiTableId;
  readonly citation: string;
  /** RI by matrix size n, as published (n = 1 and 2 are always 0 and not listed). */
  readonly values: Readonly<Record<number, number>>;
  /** Whether an n between two listed sizes is linearly interpolated (Donegan & Dodd list sparse n). */
  readonly interpolate: boolean;
  /** RI used for every n beyond the last listed size, if the source defines one. */
  readonly beyondLast?: number;
}

export const DEFAULT_RI_TABLE: RiTableId = 'saaty_classic';

const SAATY_CLASSIC_3_TO_10 = { 3: 0.58, 4: 0.9, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49 } as const;

export const RI_TABLES: Readonly<Record<RiTableId, RiTable>> = Object.freeze({
  saaty_classic: {
    id: 'saaty_classic',
    citation:
      'Saaty, T.L. (1980) The Analytic Hierarchy Process, McGraw-Hill (n = 3..10); ' +
      'n = 11..15 (1.51, 1.54, 1.56, 1.57, 1.59) from the extension common in Chinese AHP textbooks',
    values: { ...SAATY_CLASSIC_3_TO_10, 11: 1.51, 12: 1.54, 13: 1.56, 14: 1.57, 15: 1.59 },
    interpolate: false,
  },
  saaty_2005: {
    id: 'saaty_2005',
    citation: 'Saaty, T.L. (2005) Theory and Applications of the Analytic Network Process, RWS Publications, p. 31',
    values: { 3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.4, 9: 1.45, 10: 1.49, 11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59 },
    interpolate: false,
  },
  donegan_dodd_1991: {
    id: 'donegan_dodd_1991',
    citation:
      "Donegan, H.A. & Dodd, F.J. (1991) 'A note on Saaty's random indexes', Mathematical and Computer Modelling 15(10):135-137; " +
      'sizes between listed n are linearly interpolated (as AHPy does)',
    values: {
      3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733, 10: 1.4055,
      11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153, 18: 1.5262,
      19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772, 40: 1.5976, 50: 1.6102, 60: 1.6178, 70: 1.6237,
      // 90 < 80 is as published (sampling noise in the simulation), kept verbatim.
      80: 1.6277, 90: 1.6213, 100: 1.6339,
    },
    interpolate: true,
  },
  tummala_ling_1998: {
    id: 'tummala_ling_1998',
    citation:
      "Tummala, V.M.R. & Ling, H. (1998) 'A note on the computation of the mean random consistency index " +
      "of the analytic hierarchy process (AHP)', Theory and Decision 44(3):221-230",
    values: {
      3: 0.5799, 4: 0.8921, 5: 1.1159, 6: 1.2358, 7: 1.3322, 8: 1.3952, 9: 1.4537, 10: 1.4882,
      11: 1.5117, 12: 1.5356, 13: 1.5571, 14: 1.5714, 15: 1.5831,
    },
    interpolate: false,
  },
  jmcdm_extension: {
    id: 'jmcdm_extension',
    citation:
      'JMcDM (Julia MCDM library) ahp_RI: Saaty classic values for n = 3..10, then 1.51, 1.53, 1.56, 1.57, 1.59 ' +
      'for n = 11..15 and 1.59 for every n > 15',
    values: { ...SAATY_CLASSIC_3_TO_10, 11: 1.51, 12: 1.53, 13: 1.56, 14: 1.57, 15: 1.59 },
    interpolate: false,
    beyondLast: 1.59,
  },
});

/** Fixed listing order: the default first. */
const TABLE_ORDER: readonly RiTableId[] = ['saaty_classic', 'saaty_2005', 'donegan_dodd_1991', 'tummala_ling_1998', 'jmcdm_extension'];

export function listRiTables(): RiTable[] {
  return TABLE_ORDER.map((id) => RI_TABLES[id]);
}

export function isRiTableId(value: unknown): value is RiTableId {
  return typeof value === 'string' && (TABLE_ORDER as readonly string[]).includes(value);
}

/** Rejects an unknown table id (ids arrive from configuration files as plain strings). */
export function assertRiTableId(value: unknown): asserts value is RiTableId {
  if (!isRiTableId(value)) {
    throw new WeightsInputError('riTable', `unknown random-index table "${String(value)}" (known: ${TABLE_ORDER.join(', ')})`);
  }
}

/** RI for an n×n matrix. n = 1 and 2 give 0 (such matrices are always consistent). */
export function randomIndex(table: RiTableId, n: number): number {
  assertRiTableId(table);
  if (!Number.isInteger(n) || n < 1) {
    throw new WeightsInputError('riTable', `matrix size must be a positive integer, got ${n}`);
  }
  if (n <= 2) return 0;
  const { values, interpolate, beyondLast } = RI_TABLES[table];
  const listed = values[n];
  if (listed !== undefined) return listed;
  const sizes = Object.keys(values).map(Number).sort((a, b) => a - b);
  const last = sizes[sizes.length - 1]!;
  if (n > last && beyondLast !== undefined) return beyondLast;
  if (interpolate && n < last) {
    const upper = sizes.find((size) => size > n)!;
    const lower = sizes[sizes.indexOf(upper) - 1]!;
    const fraction = (n - lower) / (upper - lower);
    return values[lower]! + fraction * (values[upper]! - values[lower]!);
  }
  throw new WeightsInputError('riTable', `${table} has no random index for n = ${n} (it covers n = 1..${last})`);
}
