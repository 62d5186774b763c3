// A small leveled logger for the server process: one line per event, the fields as JSON.
// Info and debug go to stdout, warnings and errors to stderr.
import type { ApiLogger } from '@govperf/api';
import type { LogLevel } from './config';

export interface Logger extends ApiLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LogSink {
  out: (line: string) => void;
  err: (line: string) => void;
}

const stdio: LogSink = { out: (line) => process.stdout.write(line), err: (line) => process.stderr.write(line) };

export function createLogger(level: LogLevel, sink: LogSink = stdio, clock: () => Date = () => new Date()): Logger {
  const emit = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (RANK[at] > RANK[level]) return;
    const line = `${clock().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}\n`;
    (at === 'error' || at === 'warn' ? sink.err : sink.out)(line);
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}
