export { ConfigError, loadConfig, LOG_LEVELS, ServerEnvSchema, type ConfigIssue, type Environment, type LogLevel, type ServerConfig } from './config';
export { createLogger, type Logger, type LogSink } from './logger';
export { startServer, type RunningServer, type StartOverrides } from './start';
