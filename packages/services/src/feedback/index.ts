// The feedback loop (issue 6; docs/feedback-loop.md): intake, processing, demand pool, work orders
// with SLA clocks, the public tracker.
export * from './model';
export * from './intake';
export * from './process';
export * from './routing';
export * from './work-orders';
export * from './demands';
export * from './track';
export * from './sla-sweep';
export * from './history';
export * from './facts';
export * from './jobs';
export type { IntakeReceipt } from '@govperf/contracts';
export * from './callbacks';
export * from './results-wall';
export * from './contributors';
