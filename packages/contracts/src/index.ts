export * from './indicator-system';
export * from './indicator-system-file';
export * from './cli-files';
export * from './errors';
export * from './period';
export * from './facts';
