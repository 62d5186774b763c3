// The Delphi expert picker on both engines: active staff who may judge (derived from the roles'
// permissions), in the organiser's area, narrowed to those who may judge a consultation at
// `orgUnit`, searchable, with no personal data beyond name, role and unit; organisers only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createUser } from '../identity/credentials';
import { userActor } from '../identity/actor';
import { ROLE_PERMISSIONS } from '../identity/permissions';
import { createServices, type Services } from '../services';
import { PROBE_CATALOGUE } from '../testing';
import { JUDGE_ROLES } from './experts';

type Role = 'evaluator' | 'expert' | 'admin' | 'department_operator' | 'auditor' | 'data_operator';
const user = (username: string, role: Role, unit: string) => userActor({ username, display_name: username, role, org_unit_code: unit, department_code: null }, null);
const organiser = user('pk-org', 'evaluator', '330100');

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(testEngines())('the Delphi expert picker on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE);
    const people: [string, string, Role, string][] = [
      ['pk-org', '组织者', 'evaluator', '330100'],
      ['pk-wang', '王专家', 'expert', '330100'],
      ['pk-li', '李处长', 'admin', '330100'],
      ['pk-zhao', '赵专家', 'expert', '330102'],
      ['pk-off', '停用专家', 'expert', '330100'],
      ['pk-dep', '部门填报员', 'department_operator', '330100'],
      ['pk-aud', '审计员', 'auditor', '330100'],
      ['pk-data', '数据员', 'data_operator', '330100'],
      ['pk-prov', '省级专家', 'expert', '330000'],
      ['pk-nb', '宁波专家', 'expert', '330200'],
      ['pk_under', '下划线_专家', 'expert', '330100'],
    ];
    for (const [username, displayName, role, orgUnit] of people) await createUser(database.db, { username, displayName, password: 'picker password 2026', role, orgUnit });
    await database.db.updateTable('users').set({ disabled_at: new Date() }).where('username', '=', 'pk-off').execute();
  });
  afterAll(async () => dispose());

  it('derives the roles that may judge from the permissions', () => {
    expect([...JUDGE_ROLES].sort()).toEqual(['admin', 'evaluator', 'expert']);
    for (const role of JUDGE_ROLES) expect(ROLE_PERMISSIONS[role]).toContain('weights.judge');
  });

  it('lists the active judges of the organiser’s area with name, role and unit only', async () => {
    const { experts, truncated } = await services.weights.experts(organiser, {});
    expect(truncated).toBe(false);
    // Their own area's judges and those of the levels above (the province's), never a sibling city's.
    expect(experts.map((e) => e.id).sort()).toEqual(['pk-li', 'pk-org', 'pk-prov', 'pk-wang', 'pk-zhao', 'pk_under']);
    expect(experts.find((e) => e.id === 'pk-zhao')).toEqual({ id: 'pk-zhao', displayName: '赵专家', role: 'expert', roleName: { zh: '评审专家', en: 'Expert' }, orgUnit: { code: '330102', name: '上城区' } });
    for (const e of experts) expect(Object.keys(e).sort()).toEqual(['displayName', 'id', 'orgUnit', 'role', 'roleName']);
    // A county organiser sees the county's judges and those of its city and province above it.
    const county = user('pk-county', 'evaluator', '330102');
    expect((await services.weights.experts(county, {})).experts.map((e) => e.id).sort()).toEqual(['pk-li', 'pk-org', 'pk-prov', 'pk-wang', 'pk-zhao', 'pk_under']);
  });

  it('narrows to those who may judge a consultation at orgUnit, and searches names and units', async () => {
    // A consultation of 上城区 can be judged from 杭州市 or 上城区; of 杭州市 not from 上城区.
    expect((await services.weights.experts(organiser, { orgUnit: '330102' })).experts.map((e) => e.id).sort()).toEqual(['pk-li', 'pk-org', 'pk-prov', 'pk-wang', 'pk-zhao', 'pk_under']);
    expect((await services.weights.experts(organiser, { orgUnit: '330100' })).experts.map((e) => e.id)).not.toContain('pk-zhao');
    expect((await refusal(services.weights.experts(organiser, { orgUnit: '330200' }))).code).toBe('forbidden');
    expect((await services.weights.experts(organiser, { q: '王' })).experts.map((e) => e.id)).toEqual(['pk-wang']);
    expect((await services.weights.experts(organiser, { q: 'PK-LI' })).experts.map((e) => e.id)).toEqual(['pk-li']);
    expect((await services.weights.experts(organiser, { q: '上城' })).experts.map((e) => e.id)).toEqual(['pk-zhao']);
    // LIKE wildcards in the search match themselves.
    expect((await services.weights.experts(organiser, { q: '_' })).experts.map((e) => e.id)).toEqual(['pk_under']);
    expect((await services.weights.experts(organiser, { q: '%' })).experts).toEqual([]);
    expect((await refusal(services.weights.experts(organiser, { q: 'x'.repeat(65) }))).message).toMatch(/q: q is at most 64 characters/);
    expect((await refusal(services.weights.experts(organiser, { unknown: 1 }))).code).toBe('validation_failed');
  });

  it('answers organisers only', async () => {
    expect((await refusal(services.weights.experts(user('pk-wang', 'expert', '330100'), {}))).code).toBe('forbidden');
    expect((await refusal(services.weights.experts(user('pk-dep', 'department_operator', '330100'), {}))).code).toBe('forbidden');
    expect((await services.weights.experts(user('pk-li', 'admin', '330100'), {})).experts.length).toBe(6);
  });
});
