// @govperf/services: the use cases, wiring the engine to storage.
export * from './metrics/definition';
export * from './metrics/compile';
export * from './metrics/compute';
export * from './evaluation/systems';
export * from './evaluation/run-evaluation';
export * from './services';
export * from './metrics/catalogue';
export * from './identity/credentials';
export * from './ingestion/ingest';
export * from './evaluation/runs';
export * from './quality/report';
export * from './demo';
export * from './jobs/queue';
export * from './jobs/schedule';
