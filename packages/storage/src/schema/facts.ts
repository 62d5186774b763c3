// Table types of the fact tables (migration 0002).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the facts migration.
export interface FactTables {}
