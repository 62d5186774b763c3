export { ConfigError, loadConfig, LOG_LEVELS, ServerEnvSchema, type ConfigIssue, type Environment, type LogLevel, type ServerConfig } from './config';
export { createLogger, type Logger, type LogSink } from './logger';
export { startServer, type RunningServer, type StartOverrides } from './start';
export { embeddedDirectory, openConfiguredDatabase, prepareDatabase, DatabaseNotReadyError, type PreparedDatabase } from './database';
export { startPlatform, type PlatformOptions, type RunningPlatform } from './platform';
export { completeQuarters, DEMO_SYSTEM, initialiseDemo, type DemoOutcome, type DemoStep } from './demo';
