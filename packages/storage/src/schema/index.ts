import type { CoreTables } from './core';
import type { EvaluationTables } from './evaluations';
import type { FactTables } from './facts';
import type { RectificationTables } from './rectification';

export type * from './core';
export type * from './facts';
export type * from './evaluations';
export type * from './rectification';

/** Every table, for `Kysely<DB>`. */
export interface DB extends CoreTables, FactTables, EvaluationTables, RectificationTables {}
