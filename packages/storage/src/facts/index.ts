// The fact tables of migration 0002: which table each ingestion type writes, and its rows.
export * from './tables';
