import type { CoreTables } from './core';
import type { FactTables } from './facts';

export type * from './core';
export type * from './facts';

/** Every table, for `Kysely<Database>`. */
export interface Database extends CoreTables, FactTables {}
