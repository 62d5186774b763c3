import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes one line per event at or above the level: info and debug to out, warn and error to err', () => {
    const out: string[] = [];
    const err: string[] = [];
    const logger = createLogger('info', { out: (l) => out.push(l), err: (l) => err.push(l) }, () => new Date('2025-06-01T00:00:00Z'));
    logger.debug('hidden');
    logger.info('listening', { port: 8080 });
    logger.warn('slow');
    logger.error('boom', { requestId: 'r1' });
    expect(out).toEqual(['2025-06-01T00:00:00.000Z INFO  listening {"port":8080}\n']);
    expect(err).toEqual(['2025-06-01T00:00:00.000Z WARN  slow\n', '2025-06-01T00:00:00.000Z ERROR boom {"requestId":"r1"}\n']);
  });

  it('drops everything below error at level error', () => {
    const lines: string[] = [];
    const logger = createLogger('error', { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    logger.warn('w');
    logger.info('i');
    expect(lines).toEqual([]);
  });
});
