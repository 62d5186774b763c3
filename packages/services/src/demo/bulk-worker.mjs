// The demo data worker's entry (bulk.ts): TypeScript runs through tsx, as bin/govperf.mjs runs the
// CLI; a worker thread does not inherit the main thread's loader, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./bulk-worker.ts');
