import type { CoreTables } from './core';
import type { EvaluationTables } from './evaluations';
import type { FactTables } from './facts';

export type * from './core';
export type * from './facts';
export type * from './evaluations';

/** Every table, for `Kysely<DB>`. */
export interface DB extends CoreTables, FactTables, EvaluationTables {}
