export * from './indicator-system';
export * from './indicator-system-file';
export * from './cli-files';
