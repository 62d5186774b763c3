import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '@govperf/api';
import { authenticateToken, createFieldCipher, createServices, defaultMetricCatalogue } from '@govperf/services';
import { openDatabase, migrateToLatest } from '@govperf/storage';
import { completeQuarters, initialiseDemo } from './demo';

describe('completeQuarters', () => {
  it('keeps only the quarters whose three months are all there', () => {
    expect(completeQuarters(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'])).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(completeQuarters(['2025-01', '2025-03'])).toEqual([]);
  });
});

describe('the demo province on a fresh database', () => {
  it('loads, registers the templates, evaluates and publishes every complete quarter, and writes working credentials', async () => {
    const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 7), keyId: 'demo' });
    const database = await openDatabase({ kind: 'memory' });
    try {
      await migrateToLatest(database);
      const dataDir = mkdtempSync(join(tmpdir(), 'govperf-demo-'));
      const outcome = await initialiseDemo(database, defaultMetricCatalogue(), { dataDir, scale: 0.002, cipher });
      expect(outcome.runs.length).toBeGreaterThanOrEqual(3);
      // Every county of Zhejiang (90) and city (11) and the province are ranked in each run.
      for (const run of outcome.runs) expect(run.ranked).toBe(102);
      const published = await database.db.selectFrom('evaluation_runs').select(['period', 'published_at']).execute();
      expect(published.every((r) => r.published_at !== null)).toBe(true);
      // Publishing put every response into the ledger, and each later quarter re-measured the open tasks.
      const ledger = await database.db.selectFrom('rectification_tasks').select(['level', 'status']).execute();
      expect(ledger.filter((t) => t.level === 1).length, 'special plans for the bottom of each peer group').toBeGreaterThan(0);
      expect(ledger.filter((t) => t.level === 2).length, 'optimisation items for indicators below target').toBeGreaterThan(0);
      const remeasured = await database.db.selectFrom('rectification_events').select('task_id').where('kind', '=', 'remeasured').execute();
      expect(remeasured.length).toBeGreaterThan(0);
      const systems = await database.db.selectFrom('indicator_systems').select('code').execute();
      expect(systems.map((s) => s.code).sort()).toEqual(['CN-GOVSERVICE-DISCLOSURE', 'CN-GOVSERVICE-EFFICIENCY', 'CN-LOCAL-DIGITAL-GOV', 'CN-SMARTGOV-APP']);
      expect(existsSync(outcome.credentialsFile)).toBe(true);
      const credentials = JSON.parse(readFileSync(outcome.credentialsFile, 'utf8'));
      expect(Object.keys(credentials)).toEqual(['username', 'password', 'apiToken']);
      expect(await authenticateToken(database.db, credentials.apiToken)).toMatchObject({ orgUnit: '330000' });
      expect((await authenticateToken(database.db, credentials.apiToken)).factTypes).not.toContain('*');

      // The credentials work over HTTP: the admin signs in (a session, not a token) and the token sends data.
      const app = createApp({ version: 'test', startedAt: new Date(), services: createServices(database, defaultMetricCatalogue(), cipher), logger: { error: () => {}, warn: () => {} } });
      const signedIn = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: credentials.username, password: credentials.password }) });
      expect(signedIn.status).toBe(200);
      expect(((await signedIn.json()) as { user: { role: string; orgUnit: string } }).user).toMatchObject({ role: 'admin', orgUnit: '330000' });
      const sent = await app.request('/api/ingest/ratings', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.apiToken}` }, body: '[]' });
      expect(sent.status).toBe(200);
      expect((await app.request('/api/evaluations', { headers: { authorization: `Bearer ${credentials.apiToken}` } })).status).toBe(403);

      // Personal columns written by the bulk load are encrypted at rest too.
      const names = await database.db.selectFrom('manual_submissions').select('submitted_by').distinct().execute();
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.submitted_by === null || cipher.isEnvelope(n.submitted_by))).toBe(true);
    } finally {
      await database.close();
    }
  }, 180_000);
});
