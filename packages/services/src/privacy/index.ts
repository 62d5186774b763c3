// Personal data: field encryption at rest, the data key, masking for display (docs/data-model.md §7).
export * from './cipher';
export * from './data-key';
export * from './masking';
export * from './protect';
