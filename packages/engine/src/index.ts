export * from './numeric';
