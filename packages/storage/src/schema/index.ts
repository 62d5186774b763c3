import type { CoreTables } from './core';
import type { FactTables } from './facts';

export type * from './core';
export type * from './facts';

/** Every table, for `Kysely<DB>`. */
export interface DB extends CoreTables, FactTables {}
