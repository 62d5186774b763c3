// The authorisation matrix: every route of the API × every role (plus a machine token and an
// anonymous caller) × the target's place relative to the caller (own subtree, sibling, ancestor),
// each with the expected allow or deny. The routes come from the app itself, so a route added
// without an access rule, or without a case here, fails this test.
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '@govperf/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, createFieldCipher, createServices, createUser, issueApiToken, ROLE_PERMISSIONS, systemActor, userActor, type Permission, type Services } from '@govperf/services';
import { createProbeCases, PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { ACCESS_RULES, routeKey, type AccessRule } from './access';
import { createApp } from './app';
import { request, signIn, type Credential } from './test-client';

/** The specification: what each role may do. Deliberately written out again, not imported. */
const EXPECTED_GRANTS: Record<StaffRole | 'token' | 'anonymous', readonly Permission[]> = {
  admin: ['evaluation.read', 'evaluation.explain', 'evaluation.run', 'evaluation.publish', 'system.read', 'system.register', 'quality.read', 'user.manage', 'token.manage', 'rectification.read', 'rectification.update', 'rectification.manage', 'appeal.review', 'feedback.read', 'feedback.handle', 'feedback.manage', 'weights.consult', 'weights.judge'],
  evaluator: ['evaluation.read', 'evaluation.explain', 'evaluation.run', 'system.read', 'quality.read', 'rectification.read', 'rectification.manage', 'appeal.review', 'feedback.read', 'feedback.manage', 'weights.consult', 'weights.judge'],
  expert: ['evaluation.read', 'system.read', 'weights.judge'],
  data_operator: ['ingest.write', 'quality.read', 'personal_data.unmask', 'token.manage', 'evaluation.read'],
  department_operator: ['evaluation.read', 'evaluation.explain', 'ingest.write', 'rectification.read', 'rectification.update', 'appeal.submit', 'feedback.read', 'feedback.handle'],
  auditor: ['audit.read', 'audit.export', 'evaluation.read', 'evaluation.explain', 'system.read', 'quality.read', 'rectification.read', 'feedback.read'],
  token: ['ingest.write'],
  anonymous: [],
};
type Principal = keyof typeof EXPECTED_GRANTS;
const PRINCIPALS = Object.keys(EXPECTED_GRANTS) as Principal[];

/** Every matrix caller works in 杭州市; the targets sit inside, beside and above it. */
const CALLER_AREA = '330100';
const TARGETS = { own: '330102', sibling: '330200', ancestor: '330000' } as const;
type Relation = keyof typeof TARGETS;
const PASSWORD = 'matrix password 2026';

interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** For lists and batches: whether the target's item shows in a 2xx answer (otherwise it was scoped away). */
  visible?: (body: never) => boolean;
}
interface Case {
  /** 'target': allowed only inside the caller's subtree; 'none': the target does not matter; 'whole-tree': only callers at the top. */
  scope: 'target' | 'none' | 'whole-tree';
  build(target: string): Promise<Call>;
}

describe.each(testEngines().slice(0, 1))('authorisation matrix on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let services: Services;
  const operator = systemActor('matrix');
  let counter = 0;
  const unique = (prefix: string) => `${prefix}${++counter}`;
  const seeded: Record<string, { run: string; publishedRun: string; token: string }> = {};

  /** A task of the target unit in a state every step accepts (due far ahead, so any plan deadline fits). */
  const freshTask = async (unit: string, kind: 'optimisation' | 'user_review' = 'optimisation', planned = false) => {
    const id = `rt_${randomUUID()}`;
    await database.db
      .insertInto('rectification_tasks')
      .values({
        id, origin_run_id: seeded[TARGETS.own]!.publishedRun, system_code: 'MATRIX', origin_period: '2025-06', level: kind === 'user_review' ? 3 : 2, kind, org_unit: unit,
        subject: unique('matrix-'), reason: JSON.stringify({ zh: '矩阵', en: 'matrix' }), due_at: new Date('2099-01-01T00:00:00Z'),
        plan: planned ? JSON.stringify({ goal: '目标', measures: ['措施'], owner: '责任人', deadline: '2098-12-31' }) : null, status: planned ? 'in_progress' : 'open',
      })
      .execute();
    return id;
  };
  /** A pending appeal of the target unit against its published run, by someone else. */
  const freshAppeal = async (unit: string) => {
    const id = `ap_${randomUUID()}`;
    await database.db
      .insertInto('evaluation_appeals')
      .values({ id, run_id: seeded[unit]!.publishedRun, org_unit: unit, indicator: null, grounds: '矩阵申诉', evidence: '[]', submitted_by: 'someone-else', submitted_at: new Date() })
      .execute();
    return id;
  };
  const freshRun = async (scope: string) => (await services.evaluations.run(operator, { systemCode: 'MATRIX', period: '2025-06', scope })).runId;
  /** A processed work order of the target unit (received long ago, so it is overdue), optionally waiting for the citizen. */
  const freshOrder = async (unit: string, paused = false) => {
    const key = unique('matrix-order-');
    const { trackingCode } = await services.feedback.submit(
      { clientId: key, submissionId: key, text: `矩阵测试工单 ${key}：希望增加办理进度提醒`, orgUnit: unit, context: { occurredAt: '2026-01-05T09:00:00+08:00', pagePath: '/', device: 'matrix', appVersion: '1' } },
      { now: new Date('2026-01-05T09:00:00+08:00') },
    );
    await services.feedback.processPending();
    const id = (await database.db.selectFrom('feedback_items').select('id').where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow()).id;
    if (paused) await services.feedback.pause(operator, id, {});
    return { id, trackingCode };
  };
  /** An open 差评 callback of the target unit. */
  const freshCallback = async (unit: string) => {
    const key = unique('matrix-cb-');
    const submission = `fs_${randomUUID()}`;
    await database.db.insertInto('feedback_submissions').values({ id: submission, kind: 'rating', client_id: key, submission_id: key, tracking_code: key.toUpperCase(), payload: '{}', case_id: key, stage: 'completion', state: 'processed' }).execute();
    const id = `cb_${randomUUID()}`;
    await database.db.insertInto('feedback_callbacks').values({ id, submission_id: submission, rating_id: submission, org_unit: unit, level: 1, contact_phone: 'sealed', due_at: new Date('2099-01-01T00:00:00Z') }).execute();
    return id;
  };
  /** A 差评 of the target unit given just now (inside the appeal window). */
  const freshBadRating = async (unit: string) => {
    const id = unique('matrix-bad-');
    await database.db.insertInto('ratings').values({ source: 'matrix', source_id: id, rating_id: id, org_unit: unit, channel: 'app', level: 1, rated_at: new Date(), real_name: false, rater_type: 'person' }).execute();
    return id;
  };
  /** A pending appeal of a 差评 of the target unit, by someone else. */
  const freshRatingAppeal = async (unit: string) => {
    const rated = await freshBadRating(unit);
    const id = `ra_${randomUUID()}`;
    await database.db
      .insertInto('rating_appeals')
      .values({ id, rating_id: rated, rating_source: 'matrix', rating_source_id: rated, org_unit: unit, level: 1, rated_at: new Date(), kind: 'mistaken', grounds: '矩阵申诉：评价人与办件无关', evidence: '[]', submitted_by: 'someone-else', submitted_at: new Date(), deadline: new Date(Date.now() + 86_400_000) })
      .execute();
    return id;
  };
  /** A dead-lettered notification of the target unit. */
  const freshFailedNotification = async (unit: string) => {
    const row = await database.db
      .insertInto('feedback_notifications')
      .values({ tracking_code: unique('MATRIX-NTF-'), org_unit: unit, recipient: 'submitter', kind: 'matrix.test', message: JSON.stringify({ zh: '矩阵通知', en: 'matrix notification' }), attempts: 8, last_error: 'gateway answered 400', failed_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  };
  /**
   * A Delphi consultation of the target unit with its own expert invited, and the matrix callers
   * (in 杭州市) too when the target lies in their area — outside it they cannot be invited.
   */
  const DELPHI_CRITERIA = [{ code: 'A', name: { zh: '甲', en: 'A' } }, { code: 'B', name: { zh: '乙', en: 'B' } }];
  const freshConsultation = async (unit: string, stage: 'open' | 'judged' | 'closed' = 'open') => {
    const inside = unit === TARGETS.own;
    const experts = [`seed-${unit}`, ...(inside ? ['m-admin', 'm-evaluator', 'm-expert'] : [])];
    const created = await services.weights.createConsultation(operator, { title: unique('矩阵咨询'), orgUnit: unit, criteria: DELPHI_CRITERIA, experts });
    if (stage !== 'open') {
      const seedExpert = userActor({ username: `seed-${unit}`, display_name: '种子用户', role: 'expert', org_unit_code: unit, department_code: null }, null);
      await services.weights.submitJudgement(seedExpert, created.id, { matrix: [[1, 2], [0.5, 1]] });
    }
    if (stage === 'closed') await services.weights.closeRound(operator, created.id);
    return created;
  };
  const rating = (unit: string, id: string) => ({
    rating_id: id, org_unit: unit, department: null, item_code: null, handling_id: null, channel: 'app', level: 5,
    rated_at: '2025-06-03T09:20:11+08:00', real_name: false, rater_type: 'person', rater_age_band: null, comment: null,
  });

  const CASES: Record<string, Case> = {
    'GET /api/health': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/health' }) },
    'GET /api/openapi.json': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/openapi.json' }) },
    'GET /api/docs': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/docs' }) },
    'GET /api/docs.js': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/docs.js' }) },
    'GET /api/docs.css': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/docs.css' }) },
    'POST /api/auth/login': { scope: 'none', build: async () => ({ method: 'POST', path: '/api/auth/login', body: { username: 'matrix-login', password: PASSWORD } }) },
    'GET /api/auth/me': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/auth/me' }) },
    'POST /api/auth/logout': { scope: 'none', build: async () => ({ method: 'POST', path: '/api/auth/logout' }) },
    'GET /api/org-units': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: '/api/org-units', visible: (b: { units: { code: string }[] }) => b.units.some((u) => u.code === t) }),
    },
    'GET /api/users': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: '/api/users', visible: (b: { users: { username: string }[] }) => b.users.some((u) => u.username === `seed-${t}`) }),
    },
    'POST /api/users': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: '/api/users', body: { username: unique('new-'), displayName: '新用户', role: 'expert', orgUnit: t, password: PASSWORD } }),
    },
    'POST /api/users/{username}/disable': {
      scope: 'target',
      build: async (t) => {
        const username = unique('gone-');
        await createUser(database.db, { username, displayName: '待停用', password: PASSWORD, role: 'expert', orgUnit: t });
        return { method: 'POST', path: `/api/users/${username}/disable` };
      },
    },
    'GET /api/tokens': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: '/api/tokens', visible: (b: { tokens: { id: string }[] }) => b.tokens.some((x) => x.id === seeded[t]!.token) }),
    },
    'POST /api/tokens': { scope: 'target', build: async (t) => ({ method: 'POST', path: '/api/tokens', body: { name: unique('采集-'), factTypes: ['ratings'], orgUnit: t } }) },
    'POST /api/tokens/{id}/revoke': {
      scope: 'target',
      build: async (t) => {
        const { id } = await issueApiToken(database.db, { name: unique('revoke-'), factTypes: ['ratings'], orgUnit: t });
        return { method: 'POST', path: `/api/tokens/${id}/revoke` };
      },
    },
    'POST /api/ingest/{type}': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: '/api/ingest/ratings?source=matrix', body: [rating(t, unique('HCP-M-'))], visible: (b: { accepted: number }) => b.accepted === 1 }),
    },
    'GET /api/ingest/rejected': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: '/api/ingest/rejected?limit=1000', visible: (b: { records: { source: string }[] }) => b.records.some((r) => r.source === `seed-${t}`) }),
    },
    'GET /api/quality/rejections/summary': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: `/api/quality/rejections/summary?source=seed-${t}`, visible: (b: { records: number; groups: { count: number }[] }) => b.records > 0 && b.groups.some((g) => g.count > 0) }),
    },
    'GET /api/quality/report': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: '/api/quality/report', visible: (b: { days: { source: string }[] }) => b.days.some((d) => d.source === `seed-${t}`) }),
    },
    'POST /api/evaluations': { scope: 'target', build: async (t) => ({ method: 'POST', path: '/api/evaluations', body: { system: 'MATRIX', period: '2025-06', scope: t } }) },
    'GET /api/evaluations': {
      scope: 'target',
      // An ancestor's run is listed too, but as 'own-subtree' (decision 0008): not the whole run.
      build: async (t) => ({ method: 'GET', path: '/api/evaluations?system=MATRIX', visible: (b: { runs: { id: string; access: string }[] }) => b.runs.some((r) => r.id === seeded[t]!.run && r.access === 'full') }),
    },
    'GET /api/evaluations/{id}': { scope: 'target', build: async (t) => ({ method: 'GET', path: `/api/evaluations/${seeded[t]!.run}`, visible: (b: { access: string }) => b.access === 'full' }) },
    'GET /api/evaluations/compare': {
      scope: 'target',
      // Like reading one run: an ancestor's runs compare only as 'own-subtree'.
      build: async (t) => ({
        method: 'GET',
        path: `/api/evaluations/compare?base=${seeded[t]!.run}&other=${seeded[t]!.publishedRun}`,
        visible: (b: { base: { access: string }; other: { access: string } }) => b.base.access === 'full' && b.other.access === 'full',
      }),
    },
    'GET /api/evaluations/{id}/progress': {
      scope: 'target',
      build: async (t) => {
        const started = await services.evaluations.start(operator, { systemCode: 'MATRIX', period: '2025-06', scope: t });
        await started.finished;
        return { method: 'GET', path: `/api/evaluations/${started.id}/progress`, visible: (b: { status: string }) => b.status === 'succeeded' };
      },
    },
    'POST /api/reference-values': {
      scope: 'none',
      build: async () => ({ method: 'POST', path: '/api/reference-values', body: { system: 'MATRIX', rows: [{ indicator: 'A1', period: '2025-06', label_zh: '全国平均（示例数据）', label_en: 'National average (example data)', value: 91, source: '矩阵测试 / matrix test' }] } }),
    },
    'GET /api/reference-values': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/reference-values?system=MATRIX&period=2025-06' }) },
    'GET /api/reference-values/scores': {
      scope: 'target',
      build: async (t) => {
        const run = seeded[t]!.run;
        const peerGroup = (await services.evaluations.get(operator, run)).result.units.find((u) => u.unit === t)!.peerGroup;
        return { method: 'GET', path: `/api/reference-values/scores?run=${run}&peerGroup=${peerGroup}`, visible: (b: { access: string }) => b.access === 'full' };
      },
    },
    'GET /api/evaluations/{id}/explain': { scope: 'target', build: async (t) => ({ method: 'GET', path: `/api/evaluations/${seeded[t]!.run}/explain?unit=${t}&indicator=A1` }) },
    'GET /api/trends': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: `/api/trends?system=MATRIX&unit=${t}`, visible: (b: { points: unknown[] }) => b.points.length > 0 }),
    },
    'POST /api/evaluations/{id}/publish': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/evaluations/${await freshRun(t)}/publish` }) },
    'GET /api/evaluations/{id}/lists': { scope: 'target', build: async (t) => ({ method: 'GET', path: `/api/evaluations/${seeded[t]!.publishedRun}/lists` }) },
    'POST /api/evaluations/{id}/funding': {
      scope: 'target',
      build: async (t) => {
        const run = seeded[t]!.publishedRun;
        const peerGroup = (await services.evaluations.get(operator, run)).result.units.find((u) => u.unit === t)!.peerGroup;
        return { method: 'POST', path: `/api/evaluations/${run}/funding?format=xlsx`, body: { peerGroup, pool: 1_000_000, rule: { method: 'proportional' } } };
      },
    },
    'GET /api/audit': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: '/api/audit?action=matrix.seed&limit=1000', visible: (b: { entries: { orgUnit: string | null }[] }) => b.entries.some((e) => e.orgUnit === t) }),
    },
    'POST /api/weights/ahp': { scope: 'none', build: async () => ({ method: 'POST', path: '/api/weights/ahp', body: { matrix: [[1, 3], [1 / 3, 1]] } }) },
    'POST /api/weights/preview': { scope: 'target', build: async (t) => ({ method: 'POST', path: '/api/weights/preview', body: { system: 'MATRIX', period: '2025-06', scope: t } }) },
    'GET /api/weights/consultations': {
      scope: 'target',
      build: async (t) => {
        const { id } = await freshConsultation(t);
        return { method: 'GET', path: '/api/weights/consultations', visible: (b: { consultations: { id: string }[] }) => b.consultations.some((x) => x.id === id) };
      },
    },
    'POST /api/weights/consultations': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: '/api/weights/consultations', body: { title: unique('矩阵咨询'), orgUnit: t, criteria: DELPHI_CRITERIA, experts: [`seed-${t}`] } }),
    },
    'GET /api/weights/consultations/{id}': { scope: 'target', build: async (t) => ({ method: 'GET', path: `/api/weights/consultations/${(await freshConsultation(t)).id}` }) },
    'POST /api/weights/consultations/{id}/judgements': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/weights/consultations/${(await freshConsultation(t)).id}/judgements`, body: { matrix: [[1, 3], ['1/3', 1]] } }),
    },
    'POST /api/weights/consultations/{id}/close': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/weights/consultations/${(await freshConsultation(t, 'judged')).id}/close` }) },
    'POST /api/weights/consultations/{id}/rounds': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/weights/consultations/${(await freshConsultation(t, 'closed')).id}/rounds` }) },
    'GET /api/weights/experts': {
      scope: 'target',
      build: async (t) => ({ method: 'GET', path: `/api/weights/experts?orgUnit=${t}`, visible: (b: { experts: { id: string }[] }) => b.experts.some((e) => e.id === `seed-${t}`) }),
    },
    'GET /api/systems': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/systems' }) },
    'GET /api/systems/{code}/versions/{version}': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/systems/MATRIX/versions/1' }) },
    'GET /api/systems/{code}/versions/{version}/diff': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/systems/MATRIX/versions/1/diff?from=1' }) },
    'POST /api/systems/{code}/versions': {
      scope: 'none',
      build: async () => ({
        method: 'POST', path: '/api/systems/MATRIX-ED/versions',
        body: { format: 'govperf/indicator-system@1', code: 'MATRIX-ED', version: unique('draft-'), name: { zh: '矩阵测试', en: 'Matrix test' }, indicators: [{ code: 'A1', name: { zh: '办件量', en: 'Volume' }, formula: 'probe.completed', scoring: { method: 'minmax' } }] },
      }),
    },
    'POST /api/systems/{code}/preview': {
      scope: 'none',
      build: async () => ({
        method: 'POST', path: '/api/systems/MATRIX-ED/preview',
        body: { format: 'govperf/indicator-system@1', code: 'MATRIX-ED', version: 'preview', name: { zh: '矩阵测试', en: 'Matrix test' }, indicators: [{ code: 'A1', name: { zh: '办件量', en: 'Volume' }, formula: 'probe.completed', scoring: { method: 'minmax' } }] },
      }),
    },
    'POST /api/systems/{code}/versions/{version}/publish': {
      scope: 'none',
      build: async () => {
        const version = unique('draft-');
        // Another code: publishing must not change the version MATRIX evaluations use.
        await services.systems.saveDraft(operator, 'MATRIX-ED', { format: 'govperf/indicator-system@1', code: 'MATRIX-ED', version, name: { zh: '矩阵测试', en: 'Matrix test' }, indicators: [{ code: 'A1', name: { zh: '办件量', en: 'Volume' }, formula: 'probe.completed', scoring: { method: 'minmax' } }] });
        return { method: 'POST', path: `/api/systems/MATRIX-ED/versions/${version}/publish` };
      },
    },
    'GET /api/audit/verify': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/audit/verify' }) },
    'GET /api/audit/export': { scope: 'whole-tree', build: async () => ({ method: 'GET', path: '/api/audit/export' }) },
    'GET /api/rectification/tasks': {
      scope: 'target',
      build: async (t) => {
        const id = await freshTask(t);
        return { method: 'GET', path: `/api/rectification/tasks?unit=${t}`, visible: (b: { tasks: { id: string }[] }) => b.tasks.some((x) => x.id === id) };
      },
    },
    'GET /api/rectification/tasks/{id}': { scope: 'target', build: async (t) => ({ method: 'GET', path: `/api/rectification/tasks/${await freshTask(t)}` }) },
    'POST /api/rectification/tasks/{id}/plan': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/rectification/tasks/${await freshTask(t)}/plan`, body: { goal: '达到目标值', measures: ['增派人员'], owner: '王科长', deadline: '2098-12-31' } }),
    },
    'POST /api/rectification/tasks/{id}/progress': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/rectification/tasks/${await freshTask(t)}/progress`, body: { note: '进展', percent: 50 } }),
    },
    'POST /api/rectification/tasks/{id}/submit': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/rectification/tasks/${await freshTask(t, 'optimisation', true)}/submit`, body: { note: '已完成' } }),
    },
    'POST /api/rectification/tasks/{id}/close': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/rectification/tasks/${await freshTask(t, 'user_review')}/close`, body: { conclusion: '评议结论' } }),
    },
    'POST /api/evaluations/{id}/appeals': {
      scope: 'target',
      build: async (t) => {
        // One pending appeal per unit and result: clear the previous caller's.
        await database.db.deleteFrom('evaluation_appeals').where('run_id', '=', seeded[t]!.publishedRun).execute();
        return { method: 'POST', path: `/api/evaluations/${seeded[t]!.publishedRun}/appeals`, body: { unit: t, grounds: '办件时间记录有误，请复核', evidence: [{ name: '截图.png' }] } };
      },
    },
    'GET /api/appeals': {
      scope: 'target',
      build: async (t) => {
        const id = await freshAppeal(t);
        return { method: 'GET', path: '/api/appeals', visible: (b: { appeals: { id: string }[] }) => b.appeals.some((a) => a.id === id) };
      },
    },
    'POST /api/appeals/{id}/decision': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/appeals/${await freshAppeal(t)}/decision`, body: { outcome: 'rejected', reason: '经复核无误' } }),
    },
    'GET /api/public/evaluations': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/public/evaluations' }) },
    'GET /api/public/evaluations/{id}': { scope: 'none', build: async (t) => ({ method: 'GET', path: `/api/public/evaluations/${seeded[t]!.publishedRun}` }) },
    'GET /api/public/regions': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/public/regions' }) },
    'GET /api/public/evaluations/{id}/units/{unit}': {
      scope: 'none',
      build: async (t) => {
        const run = seeded[t]!.publishedRun;
        return { method: 'GET', path: `/api/public/evaluations/${run}/units/${(await services.public.run(run)).units[0]!.unit}` };
      },
    },
    'GET /api/public/rectification': { scope: 'none', build: async (t) => ({ method: 'GET', path: `/api/public/rectification?region=${t}` }) },
    'GET /api/public/ratings': { scope: 'none', build: async (t) => ({ method: 'GET', path: `/api/public/ratings?region=${t}&period=2025-06` }) },
    'GET /api/public/results-wall': { scope: 'none', build: async (t) => ({ method: 'GET', path: `/api/public/results-wall?region=${t}` }) },
    'GET /api/public/contributors': { scope: 'none', build: async (t) => ({ method: 'GET', path: `/api/public/contributors?region=${t}` }) },
    'GET /api/public/contributors/{clientId}': { scope: 'none', build: async () => ({ method: 'GET', path: '/api/public/contributors/matrix-client-0001' }) },
    'POST /api/public/feedback': {
      scope: 'none',
      build: async () => {
        const key = unique('matrix-fb-');
        return { method: 'POST', path: '/api/public/feedback', body: { clientId: key, submissionId: key, text: `矩阵反馈 ${key}`, context: { occurredAt: '2026-11-20T09:00:00+08:00', pagePath: '/', device: 'matrix', appVersion: '1' } } };
      },
    },
    'POST /api/public/ratings': {
      scope: 'none',
      build: async () => {
        const key = unique('matrix-rating-');
        return { method: 'POST', path: '/api/public/ratings', body: { clientId: key, submissionId: key, caseId: key, stage: 'completion', channel: 'online', level: 4, dimensions: { overall: 4 } } };
      },
    },
    'GET /api/public/track/{trackingCode}': { scope: 'none', build: async (t) => ({ method: 'GET', path: `/api/public/track/${(await freshOrder(t)).trackingCode}` }) },
    'GET /api/feedback/work-orders': {
      scope: 'target',
      build: async (t) => {
        const { id } = await freshOrder(t);
        return { method: 'GET', path: `/api/feedback/work-orders?unit=${t}&limit=1000`, visible: (b: { workOrders: { id: string }[] }) => b.workOrders.some((o) => o.id === id) };
      },
    },
    'GET /api/feedback/work-orders/overdue': {
      scope: 'target',
      build: async (t) => {
        const { id } = await freshOrder(t);
        return { method: 'GET', path: '/api/feedback/work-orders/overdue', visible: (b: { workOrders: { id: string }[] }) => b.workOrders.some((o) => o.id === id) };
      },
    },
    'GET /api/feedback/work-orders/{id}': { scope: 'target', build: async (t) => ({ method: 'GET', path: `/api/feedback/work-orders/${(await freshOrder(t)).id}` }) },
    'POST /api/feedback/work-orders/{id}/transfer': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/feedback/work-orders/${(await freshOrder(t)).id}/transfer`, body: { department: 'hz-scjg', reason: '属市场监管职责' } }),
    },
    'POST /api/feedback/work-orders/{id}/pause': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/feedback/work-orders/${(await freshOrder(t)).id}/pause`, body: { note: '请补充材料' } }) },
    'POST /api/feedback/work-orders/{id}/resume': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/feedback/work-orders/${(await freshOrder(t, true)).id}/resume`, body: {} }) },
    'POST /api/feedback/work-orders/{id}/status': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/feedback/work-orders/${(await freshOrder(t)).id}/status`, body: { status: 'accepted' } }) },
    'GET /api/feedback/demands': {
      scope: 'target',
      build: async (t) => {
        const { id } = await freshOrder(t);
        const demand = (await database.db.selectFrom('feedback_items').select('demand_id').where('id', '=', id).executeTakeFirstOrThrow()).demand_id;
        return { method: 'GET', path: '/api/feedback/demands?limit=1000', visible: (b: { demands: { id: string }[] }) => b.demands.some((d) => d.id === demand) };
      },
    },
    'GET /api/feedback/callbacks': {
      scope: 'target',
      build: async (t) => {
        const id = await freshCallback(t);
        return { method: 'GET', path: '/api/feedback/callbacks?status=open', visible: (b: { callbacks: { id: string }[] }) => b.callbacks.some((x) => x.id === id) };
      },
    },
    'POST /api/feedback/callbacks/{id}/close': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/feedback/callbacks/${await freshCallback(t)}/close`, body: { outcome: '已整改并电话回访' } }) },
    'POST /api/feedback/hall-forms': { scope: 'target', build: async (t) => ({ method: 'POST', path: '/api/feedback/hall-forms', body: { formId: unique('matrix-hall-form-'), orgUnit: t, window: '1号窗口', text: `矩阵代录 ${t}` } }) },
    'POST /api/feedback/hotline-imports': {
      scope: 'target',
      build: async (t) => ({
        method: 'POST', path: '/api/feedback/hotline-imports',
        body: { fileName: 'matrix.csv', rows: [{ 工单编号: unique('MATRIX-HL-'), 来电时间: '2026-11-01 09:00:00', 诉求内容: `矩阵热线 ${t}`, 所属区县: t }] },
        visible: (b: { accepted: number }) => b.accepted === 1,
      }),
    },
    'POST /api/feedback/rating-appeals': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: '/api/feedback/rating-appeals', body: { ratingId: await freshBadRating(t), kind: 'malicious', grounds: '评价内容与办件无关，系恶意差评', evidence: [{ name: '办件记录.png' }] } }),
    },
    'GET /api/feedback/rating-appeals': {
      scope: 'target',
      build: async (t) => {
        const id = await freshRatingAppeal(t);
        return { method: 'GET', path: '/api/feedback/rating-appeals?status=pending', visible: (b: { appeals: { id: string }[] }) => b.appeals.some((a) => a.id === id) };
      },
    },
    'POST /api/feedback/rating-appeals/{id}/decision': {
      scope: 'target',
      build: async (t) => ({ method: 'POST', path: `/api/feedback/rating-appeals/${await freshRatingAppeal(t)}/decision`, body: { outcome: 'upheld', reason: '经核实属误评' } }),
    },
    'GET /api/feedback/notifications': {
      scope: 'target',
      build: async (t) => {
        const id = await freshFailedNotification(t);
        return { method: 'GET', path: '/api/feedback/notifications?state=failed&limit=1000', visible: (b: { notifications: { id: string }[] }) => b.notifications.some((n) => n.id === id) };
      },
    },
    'POST /api/feedback/notifications/{id}/retry': { scope: 'target', build: async (t) => ({ method: 'POST', path: `/api/feedback/notifications/${await freshFailedNotification(t)}/retry` }) },
    'POST /api/feedback/routing-rules': { scope: 'target', build: async (t) => ({ method: 'POST', path: '/api/feedback/routing-rules', body: { tag: 'payment', orgUnit: t, department: 'hz-scjg' } }) },
    'POST /api/public/rectification/{id}/rerate': {
      scope: 'none',
      build: async (t) => {
        const id = await freshTask(t, 'user_review');
        await database.db.updateTable('rectification_tasks').set({ status: 'closed', closed_at: new Date() }).where('id', '=', id).execute();
        return { method: 'POST', path: `/api/public/rectification/${id}/rerate`, body: { level: 4, phone: '13800000000' } };
      },
    },
  };
  // Signing out ends the session, so it goes last.
  const ORDER = Object.keys(CASES).sort((a, b) => Number(a === 'POST /api/auth/logout') - Number(b === 'POST /api/auth/logout'));

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await db.insertInto('departments').values({ code: 'hz-scjg', name: '杭州市市场监管局', org_unit_code: CALLER_AREA }).execute();
    await createProbeCases(db, ['330102', '330105', '330200'].map((unit) => ({ unit, at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 })));
    services = createServices(database, PROBE_CATALOGUE, createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 3), keyId: 'matrix' }));
    await services.systems.register(operator, {
      format: 'govperf/indicator-system@1', code: 'MATRIX', version: '1', name: { zh: '矩阵测试', en: 'Matrix test' },
      indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
    });
    app = createApp({ version: 'test', startedAt: new Date(), services, rateLimits: { publicPerMinute: 100_000, loginPerMinute: 100_000 }, logger: { error: () => {}, warn: () => {} } });
    await createUser(db, { username: 'matrix-login', displayName: '登录测试', password: PASSWORD, role: 'expert', orgUnit: CALLER_AREA });
    for (const role of Object.keys(ROLE_PERMISSIONS) as StaffRole[]) {
      await createUser(db, { username: `m-${role.replace('_', '-')}`, displayName: role, password: PASSWORD, role, orgUnit: CALLER_AREA, department: role === 'department_operator' ? 'hz-scjg' : null });
    }
    for (const unit of Object.values(TARGETS)) {
      await createUser(db, { username: `seed-${unit}`, displayName: '种子用户', password: PASSWORD, role: 'expert', orgUnit: unit });
      const { id: token } = await issueApiToken(db, { name: `seed-${unit}`, factTypes: ['ratings'], orgUnit: unit });
      const run = await freshRun(unit);
      const publishedRun = await freshRun(unit);
      await services.evaluations.publish(operator, publishedRun);
      seeded[unit] = { run, publishedRun, token };
      await appendAudit(db, { actor: 'matrix', actorKind: 'system', action: 'matrix.seed', entityType: 'org_unit', entityId: unit, orgUnit: unit });
      await services.ingestion.ingest(operator, { type: 'ratings', source: `seed-${unit}`, channel: 'http', format: 'json' }, [rating(unit, `HCP-S-${unit}`), { ...rating(unit, `HCP-BAD-${unit}`), level: 9 }]);
    }
  });
  afterAll(async () => dispose());

  it('declares an access rule and a matrix case for every route of the app', () => {
    const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => routeKey(r.method, r.path)))];
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !ACCESS_RULES.has(r)), 'routes without an access rule (declare them with guardedRoute)').toEqual([]);
    expect(routes.filter((r) => !CASES[r]), 'routes without a case in the authorisation matrix').toEqual([]);
    expect(Object.keys(CASES).filter((c) => !routes.includes(c)), 'matrix cases for routes that no longer exist').toEqual([]);
  });

  it('grants each role exactly the permissions of the specification', () => {
    for (const role of Object.keys(ROLE_PERMISSIONS) as StaffRole[]) expect([...ROLE_PERMISSIONS[role]].sort(), role).toEqual([...EXPECTED_GRANTS[role]].sort());
  });

  const expected = (rule: AccessRule, scope: Case['scope'], principal: Principal, relation: Relation): boolean => {
    const permitted = rule.kind === 'public' || (rule.kind === 'signed-in' ? principal !== 'anonymous' : EXPECTED_GRANTS[principal].includes(rule.permission));
    if (!permitted || rule.kind === 'public') return permitted;
    return scope === 'none' || (scope === 'target' && relation === 'own');
  };

  it('shows a county its own row of the province run and not a sibling’s (decision 0008)', async () => {
    await createUser(database.db, { username: 'm-county-reader', displayName: '上城区审计员', password: PASSWORD, role: 'auditor', orgUnit: '330102' });
    const county = await signIn(app, 'm-county-reader', PASSWORD);
    const provinceRun = seeded[TARGETS.ancestor]!.run;
    const listed = (await (await request(app, 'GET', '/api/evaluations?system=MATRIX', county)).json()) as { runs: { id: string; access: string }[] };
    expect(listed.runs.find((r) => r.id === provinceRun)?.access).toBe('own-subtree');
    expect(listed.runs.some((r) => r.id === seeded[TARGETS.sibling]!.run)).toBe(false);
    const response = await request(app, 'GET', `/api/evaluations/${provinceRun}`, county);
    expect(response.status).toBe(200);
    const run = (await response.json()) as { access: string; result: { units: { unit: string; rank: number | null }[]; peerGroups: { code: string; ranked: number; average: number | null }[] } };
    expect(run.access).toBe('own-subtree');
    expect(run.result.units.map((u) => u.unit)).toEqual(['330102']);
    expect(run.result.peerGroups.find((g) => g.code === 'county')).toMatchObject({ ranked: 2 });
    expect(JSON.stringify(run.result.units)).not.toMatch(/330105|330200|330100/);
    // One other county (330105) in the group, fewer than 5: no average, mean, statistics or rank
    // from which its score could be worked out; the county's own score stays.
    expect(run.result.units[0]).toMatchObject({ rank: null, scoreRounded: expect.any(Number) as number });
    expect(run.result.peerGroups.find((g) => g.code === 'county')).toMatchObject({ average: null, indicators: { A1: { value: null, score: null, stats: null } }, suppressed: { minGroup: 5 } });
    const explained = await request(app, 'GET', `/api/evaluations/${provinceRun}/explain?unit=330102&indicator=A1`, county);
    expect(explained.status).toBe(200);
    expect(await explained.json()).toMatchObject({ composite: { rank: null }, scoring: { peer: null }, withheld: { minGroup: 5 } });
    expect((await request(app, 'GET', `/api/evaluations/${provinceRun}/explain?unit=330105&indicator=A1`, county)).status).toBe(404);
    expect((await request(app, 'GET', `/api/evaluations/${seeded[TARGETS.own]!.run}`, county)).status).toBe(200);
    expect((await request(app, 'GET', `/api/evaluations/${seeded[TARGETS.sibling]!.run}`, county)).status).toBe(404);
  });

  it('allows and denies every route × caller × relation as specified', async () => {
    const tokenSecret = (await issueApiToken(database.db, { name: 'matrix-token', factTypes: ['ratings'], orgUnit: CALLER_AREA })).token;
    const mismatches: string[] = [];
    let checked = 0;
    for (const principal of PRINCIPALS) {
      for (const relation of Object.keys(TARGETS) as Relation[]) {
        const credential: Credential =
          principal === 'anonymous' ? null : principal === 'token' ? { kind: 'token', token: tokenSecret } : await signIn(app, `m-${principal.replace('_', '-')}`, PASSWORD);
        for (const key of ORDER) {
          const testCase = CASES[key]!;
          const call = await testCase.build(TARGETS[relation]);
          const response = await request(app, call.method, call.path, credential, call.body);
          const text = await response.text();
          let outcome: boolean | string;
          if ([401, 403, 404].includes(response.status)) outcome = false;
          else if (response.status >= 200 && response.status < 300) outcome = call.visible ? call.visible(JSON.parse(text) as never) : true;
          else outcome = `unexpected ${response.status}: ${text.slice(0, 200)}`;
          const want = expected(ACCESS_RULES.get(key)!, testCase.scope, principal, relation);
          if (outcome !== want) mismatches.push(`${key} as ${principal} on ${relation} (${TARGETS[relation]}): expected ${want ? 'allow' : 'deny'}, got ${outcome === true ? 'allow' : outcome === false ? 'deny' : outcome}`);
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(PRINCIPALS.length * 3 * Object.keys(CASES).length);
    // Over a thousand real requests: seconds alone, minutes beside the browser suites on two cores.
  }, 600_000);
});
