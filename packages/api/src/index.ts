export { createApp } from './app';
export type { ApiDeps, ApiLogger } from './deps';
export { DEFAULT_BODY_LIMIT_MB } from './deps';
export type { AppEnv, RouteModule } from './env';
export { negotiateLanguage } from './language';
