import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher, createServices, createUser, listAuditEntries, systemActor, type Services } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';
import { createApp } from '../app';
import { request, signIn, type Credential } from '../test-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();
const PASSWORD = 'personal data 2026';

/** A complaint with contact details that is refused (an unknown kind), so it is kept with its reasons. */
const complaint = {
  feedback_id: 'FK-PRIV-1', org_unit: '330106', department: null, app_id: null, kind: 'rant', tier: 'orange',
  received_at: '2025-07-21T08:47:00+08:00', first_response_at: null, resolved_at: null, resolution: null, status: 'accepted', closed_at: null,
  content: '请回电 13800001234，预约一直约不上。', page_path: null, device: null, app_version: null,
  contact_name: '张三丰', contact_phone: '13800001234', contact_id_number: '11010519491231002X',
};

describe.each(testEngines())('personal data in responses on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let operator: Credential;
  let evaluator: Credential;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE, createFieldCipher({ algorithm: 'sm4', key: Buffer.alloc(32, 3), keyId: 't1' }));
    app = createApp({ version: 'test', startedAt: new Date(), services, logger: { error: () => {}, warn: () => {} } });
    await createUser(database.db, { username: 'hz-data', displayName: '数据管理员', password: PASSWORD, role: 'data_operator', orgUnit: '330100' });
    await createUser(database.db, { username: 'hz-eval', displayName: '考评人员', password: PASSWORD, role: 'evaluator', orgUnit: '330100' });
    operator = await signIn(app, 'hz-data', PASSWORD);
    evaluator = await signIn(app, 'hz-eval', PASSWORD);
    const result = await services.ingestion.ingest(systemActor(), { type: 'feedback', source: '12345', channel: 'http', format: 'json' }, [complaint]);
    expect(result.rejectedRecords).toBe(1);
  });
  afterAll(async () => dispose());

  it('keeps the personal fields of the refused record encrypted at rest', async () => {
    // Free text stays as written (text analysis needs it) and is masked on output; the personal fields are ciphertext.
    const found = await sql<{ n: number }>`
      select count(*)::int as n from rejected_records
      where payload->>'contact_phone' like '%13800001234%' or payload::text like '%张三丰%' or payload::text like '%11010519491231002X%'`.execute(database.db);
    expect(found.rows[0]!.n).toBe(0);
    const stored = await sql<{ phone: string }>`select payload->>'contact_phone' as phone from rejected_records`.execute(database.db);
    expect(stored.rows[0]!.phone).toMatch(/^gp1\.sm4\.t1\./);
  });

  it('masks names, phones and ID numbers by default, for everyone', async () => {
    for (const credential of [operator, evaluator]) {
      const body = await json(await request(app, 'GET', '/api/ingest/rejected?type=feedback', credential));
      expect(body.records[0].payload).toMatchObject({ contact_name: '张**', contact_phone: '138****1234', contact_id_number: '110105********002X' });
      expect(body.records[0].payload.content).not.toContain('13800001234');
    }
  });

  it('unmasks only with personal_data.unmask, and records each unmasking', async () => {
    const before = (await listAuditEntries(database.db, { action: 'personal_data.unmask' })).length;
    const denied = await request(app, 'GET', '/api/ingest/rejected?type=feedback&unmask=true', evaluator);
    expect(denied.status).toBe(403);
    expect((await json(denied)).error.details).toEqual({ permission: 'personal_data.unmask' });
    const shown = await json(await request(app, 'GET', '/api/ingest/rejected?type=feedback&unmask=true', operator));
    expect(shown.records[0].payload).toMatchObject({ contact_name: '张三丰', contact_phone: '13800001234', contact_id_number: '11010519491231002X' });
    const entries = await listAuditEntries(database.db, { action: 'personal_data.unmask' });
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({ actor: 'hz-data', actorKind: 'user', entityType: 'rejected_records', orgUnit: '330100' });
  });
});
