import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { MIGRATIONS, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';
import { listAuditEntries } from '../audit/chain';
import { systemActor, userActor } from '../identity/actor';
import { diffSystemVersions, formatDocumentPath, getSystemVersion, listSystems, previewSystemDraft, publishSystemVersion, saveSystemDraft } from './system-editor';
import { loadIndicatorSystem, registerIndicatorSystem } from './systems';

const V1 = {
  format: 'govperf/indicator-system@1',
  code: 'EDIT',
  version: '1',
  name: { zh: '编辑测试', en: 'Editor test' },
  indicators: [
    {
      code: 'A', name: { zh: '办理效率', en: 'Efficiency' }, weight: 60,
      weighting: { method: 'ahp', ahp: { judgements: [[1, 3], ['1/3', 1]] } },
      children: [
        { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } },
        { code: 'A2', name: { zh: '办件量', en: 'Volume' }, formula: 'probe.completed', scoring: { method: 'minmax' } },
      ],
    },
    { code: 'B', name: { zh: '群众满意度', en: 'Satisfaction' }, weight: 40, formula: 'probe.completed', scoring: { method: 'identity' } },
  ],
};

const admin = userActor({ username: 'editor-admin', display_name: '管理员', role: 'admin', org_unit_code: '330000', department_code: null }, null);
const expert = userActor({ username: 'editor-expert', display_name: '专家', role: 'expert', org_unit_code: '330000', department_code: null }, null);

/** V1 with A1's target changed, a child A3 added under A, and B moved first. */
function v2(formula = 'probe.on_time') {
  const doc = structuredClone(V1) as typeof V1 & { indicators: Record<string, unknown>[] };
  doc.version = '2';
  const a = doc.indicators[0] as { children: Record<string, unknown>[]; weighting?: unknown };
  a.children[0]!.target = 98;
  a.children.push({ code: 'A3', name: { zh: '一次办成率', en: 'Done in one visit' }, formula, scoring: { method: 'identity' } });
  delete a.weighting;
  doc.indicators.reverse();
  return doc;
}

describe.each(testEngines())('indicator-system editor on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await registerIndicatorSystem(database.db, V1);
  });
  afterAll(async () => dispose());

  it('lists systems with their versions; a version registered from the command line is published', async () => {
    const [system] = (await listSystems(database.db, expert)).filter((s) => s.code === 'EDIT');
    expect(system).toMatchObject({ code: 'EDIT', currentVersion: '1', name: { zh: '编辑测试' }, versions: [{ version: '1', status: 'published' }] });
    expect(system!.versions[0]!.publishedAt).not.toBeNull();
  });

  it('shows one version with local and global weights per node and CR per group', async () => {
    const view = await getSystemVersion(database.db, expert, 'EDIT', '1');
    expect(view.status).toBe('published');
    const node = (code: string) => view.nodes.find((n) => n.code === code)!;
    expect(node('A')).toMatchObject({ parent: null, depth: 1, leaf: false, path: ['indicators', 0] });
    expect(node('A').localWeight).toBeCloseTo(0.6, 12);
    expect(node('A1').localWeight).toBeCloseTo(0.75, 9); // 1:3 judgements → 3/4
    expect(node('A1').globalWeight).toBeCloseTo(0.45, 9);
    expect(node('A2')).toMatchObject({ parent: 'A', path: ['indicators', 0, 'children', 1] });
    expect(node('B').globalWeight).toBeCloseTo(0.4, 12);
    expect(view.groups.find((g) => g.code === 'A')).toMatchObject({ method: 'ahp', consistent: true });
    expect(view.groups.find((g) => g.code === '$root')).toMatchObject({ method: 'manual', cr: null });
    await expect(getSystemVersion(database.db, expert, 'EDIT', '9')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an invalid draft with errors naming the node path and reason', async () => {
    const bad = v2('probe.on_time +');
    const error = await saveSystemDraft(database.db, admin, 'EDIT', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    const details = (error as AppError).details as { path: (string | number)[]; message: string }[];
    // B moved first, so A is indicators[1]; A3 is its third child.
    expect(details).toEqual([{ path: ['indicators', 1, 'children', 2, 'formula'], message: expect.stringMatching(/^indicators\[1\]\.children\[2\]\.formula: formula error at line 1/) }]);
    const structural = structuredClone(bad) as { indicators: { children?: { scoring?: unknown }[] }[] };
    delete structural.indicators[1]!.children![0]!.scoring;
    const more = (await saveSystemDraft(database.db, admin, 'EDIT', structural).catch((e: unknown) => e)) as AppError;
    expect((more.details as { message: string }[]).map((d) => d.message)).toContain('indicators[1].children[0].scoring: a leaf indicator needs a scoring rule');
    await expect(saveSystemDraft(database.db, admin, 'EDIT', { ...v2(), code: 'OTHER' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(formatDocumentPath(['indicators', 2, 'children', 0, 'formula'])).toBe('indicators[2].children[0].formula');
  });

  it('previews an edited document without storing it: live weights and CR, or problems by path', async () => {
    const before = (await listAuditEntries(database.db, { entityType: 'indicator_system' })).length;
    const edited = structuredClone(V1) as typeof V1 & { indicators: { weighting?: { method: string; ahp: { judgements: unknown[][] } } }[] };
    edited.version = 'preview';
    edited.indicators[0]!.weighting!.ahp.judgements = [[1, 4], ['1/4', 1]];
    const preview = previewSystemDraft(admin, 'EDIT', edited);
    expect(preview.ok).toBe(true);
    expect(preview.problems).toEqual([]);
    expect(preview.nodes.find((n) => n.code === 'A1')!.localWeight).toBeCloseTo(0.8, 9); // 1:4 → 4/5
    expect(preview.nodes.find((n) => n.code === 'A1')!.globalWeight).toBeCloseTo(0.48, 9);
    expect(preview.groups.find((g) => g.code === 'A')).toMatchObject({ method: 'ahp', cr: 0 });
    expect(preview.metrics).toEqual(['probe.completed', 'probe.on_time']);

    const bad = v2('probe.on_time +');
    delete (bad.indicators[1] as { children: { scoring?: unknown }[] }).children[0]!.scoring;
    const refused = previewSystemDraft(admin, 'EDIT', { ...bad, code: 'OTHER' });
    expect(refused).toMatchObject({ ok: false, nodes: [], groups: [] });
    expect(refused.problems.map((p) => p.path)).toEqual(expect.arrayContaining([['code'], ['indicators', 1, 'children', 0, 'scoring']]));
    expect(refused.problems.find((p) => p.path.at(-1) === 'scoring')!.message).toBe('indicators[1].children[0].scoring: a leaf indicator needs a scoring rule');
    expect(refused.problems.find((p) => p.path.at(-1) === 'scoring')!.messageZh).toBe('indicators[1].children[0].scoring：末级指标须有评分方法');
    expect(refused.problems.find((p) => p.path[0] === 'code')!.messageZh).toBe('code：文档的编码必须为“EDIT”，即其所属指标体系的编码');
    expect(() => previewSystemDraft(expert, 'EDIT', edited)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    // Nothing stored, nothing audited.
    expect((await listSystems(database.db, admin)).find((s) => s.code === 'EDIT')!.versions.map((v) => v.version)).toEqual(['1']);
    expect(await listAuditEntries(database.db, { entityType: 'indicator_system' })).toHaveLength(before);
  });

  it('saves a draft; evaluations that name no version keep the published one until it is published', async () => {
    await expect(saveSystemDraft(database.db, expert, 'EDIT', v2())).rejects.toMatchObject({ code: 'forbidden' });
    expect(await saveSystemDraft(database.db, admin, 'EDIT', v2())).toMatchObject({ version: '2', status: 'draft', outcome: 'created' });
    expect(await saveSystemDraft(database.db, admin, 'EDIT', v2())).toMatchObject({ outcome: 'unchanged', status: 'draft' });
    await expect(saveSystemDraft(database.db, admin, 'EDIT', { ...v2(), name: { zh: '改名', en: 'Renamed' } })).rejects.toMatchObject({ code: 'conflict' });
    expect((await loadIndicatorSystem(database.db, 'EDIT')).compiled.version).toBe('1');
    expect((await loadIndicatorSystem(database.db, 'EDIT', '2')).stored.status).toBe('draft');
    const [system] = (await listSystems(database.db, admin)).filter((s) => s.code === 'EDIT');
    expect(system!.currentVersion).toBe('1');
    expect(system!.versions.map((v) => [v.version, v.status, v.createdBy])).toEqual([['1', 'published', null], ['2', 'draft', 'editor-admin']]);
  });

  it('compares two versions: added, moved, changed targets and weights', async () => {
    const diff = await diffSystemVersions(database.db, expert, 'EDIT', '1', '2');
    expect(diff.added).toEqual([{ code: 'A3', parent: 'A' }]);
    expect(diff.removed).toEqual([]);
    expect(diff.moved.map((m) => m.code).sort()).toEqual(['A', 'B']);
    expect(diff.changed).toContainEqual({ code: 'A1', fields: [{ field: 'target', before: 95, after: 98 }] });
    expect(diff.changed.find((c) => c.code === 'A')!.fields.map((f) => f.field)).toEqual(['weighting']);
    // A's children are now weighed equally: A1 0.6·1/3.
    expect(diff.weights.find((w) => w.code === 'A1')!.after).toBeCloseTo(0.2, 9);
  });

  it('publishes a draft once, audited; the published version becomes current and is immutable', async () => {
    await expect(publishSystemVersion(database.db, expert, 'EDIT', '2')).rejects.toMatchObject({ code: 'forbidden' });
    expect(await publishSystemVersion(database.db, admin, 'EDIT', '2')).toMatchObject({ version: '2', status: 'published', publishedBy: 'editor-admin' });
    await expect(publishSystemVersion(database.db, admin, 'EDIT', '2')).rejects.toMatchObject({ code: 'conflict' });
    await expect(publishSystemVersion(database.db, admin, 'EDIT', '7')).rejects.toMatchObject({ code: 'not_found' });
    expect((await loadIndicatorSystem(database.db, 'EDIT')).compiled.version).toBe('2');
    const audit = await listAuditEntries(database.db, { entityType: 'indicator_system' });
    expect(audit.map((e) => [e.action, e.entityId, e.actor])).toEqual(expect.arrayContaining([['system.save_draft', 'EDIT@2', 'editor-admin'], ['system.publish', 'EDIT@2', 'editor-admin']]));
    await expect(sql`update indicator_systems set name_zh = '篡改' where code = 'EDIT' and version = '2'`.execute(database.db)).rejects.toThrow(/published and cannot change/);
    await expect(sql`update indicator_systems set status = 'draft', published_at = null where code = 'EDIT' and version = '1'`.execute(database.db)).rejects.toThrow(/cannot return to draft/);
    await expect(saveSystemDraft(database.db, systemActor(), 'EDIT', { ...v2(), name: { zh: '改名', en: 'Renamed' } })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe.each(testEngines().slice(0, 1))('migration 0013 on $name', (engine) => {
  it('makes versions stored before it published, and rolls back', async () => {
    const { database, dispose } = await engine.open({ migrate: false });
    try {
      const names = Object.keys(MIGRATIONS).sort();
      const at = names.findIndex((n) => n.includes('-0013-'));
      for (const name of names.slice(0, at)) await MIGRATIONS[name]!.up(database.db);
      await sql`insert into indicator_systems (code, version, hash, name_zh, name_en, document) values ('OLD', '1', 'h', '旧', 'Old', '{}')`.execute(database.db);
      await MIGRATIONS[names[at]!]!.up(database.db);
      const rows = await sql<{ status: string; same: boolean }>`select status, published_at = created_at as same from indicator_systems`.execute(database.db);
      expect(rows.rows).toEqual([{ status: 'published', same: true }]);
      await MIGRATIONS[names[at]!]!.down!(database.db);
      const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'indicator_systems' and column_name = 'status'`.execute(database.db);
      expect(columns.rows).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
