// Indicator systems for the editor (issue 5 §4): list systems and versions with their status, read
// one version with its compiled weights, save an edited document as a new draft version, publish a
// draft, compare two versions, and preview an edited document's weights and problems without storing
// it. Reading needs system.read; saving, previewing and publishing system.register.
// Versions are immutable: an edit is a new version; a published one never changes.
import { z } from '@hono/zod-openapi';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a system code uses letters, digits, ".", "_" and "-"').describe('指标体系编码 / system code');
const Version = z.string().min(1).max(100).describe('版本号 / version');
const Localized = z.object({ zh: z.string(), en: z.string() });
const Status = z.enum(['draft', 'published', 'retired']);

const VersionSummary = z
  .object({
    version: z.string(),
    hash: z.string(),
    status: Status,
    name: Localized,
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
  })
  .openapi('IndicatorSystemVersionSummary');

const SystemSummary = z
  .object({ code: z.string(), name: Localized, currentVersion: z.string().nullable().describe('evaluations that name no version use it'), versions: z.array(VersionSummary) })
  .openapi('IndicatorSystemSummary');

const NodeWeights = z.array(
    z.object({
      code: z.string(),
      name: Localized,
      path: z.array(z.union([z.string(), z.number()])),
      parent: z.string().nullable(),
      depth: z.number().int(),
      leaf: z.boolean(),
      localWeight: z.number().nullable(),
      globalWeight: z.number().nullable(),
    }),
  );
const GroupWeights = z.array(z.object({ code: z.string(), method: z.string(), cr: z.number().nullable(), consistent: z.boolean().nullable() }));

const VersionView = VersionSummary.extend({
  code: z.string(),
  document: z.unknown().describe('the indicator-system document (docs/indicator-systems.md)'),
  nodes: NodeWeights,
  groups: GroupWeights,
}).openapi('IndicatorSystemVersion');

const Preview = z
  .object({
    code: z.string(),
    ok: z.boolean().describe('true when the document validates and compiles'),
    nodes: NodeWeights.describe('local and global weight per node (empty when there are problems)'),
    groups: GroupWeights.describe('weighting method and CR per group'),
    problems: z.array(
      z.object({
        path: z.array(z.union([z.string(), z.number()])).describe('document path, e.g. ["indicators", 1, "formula"]'),
        message: z.string().describe('English, prefixed with the path'),
        messageZh: z.string().describe('中文说明 / the same in Chinese'),
      }),
    ),
    metrics: z.array(z.string()).describe('metrics the formulas and veto conditions use / 公式与否决条件用到的数据项'),
  })
  .openapi('IndicatorSystemPreview');

const list = guardedRoute(permission('system.read'), {
  method: 'get',
  path: '/systems',
  tags: ['systems'],
  summary: '指标体系列表 / Indicator systems and their versions',
  responses: { 200: json(z.object({ systems: z.array(SystemSummary) }), 'Every system with its versions (oldest first) and status'), ...errorResponses(401, 403, 503) },
});

const get = guardedRoute(permission('system.read'), {
  method: 'get',
  path: '/systems/{code}/versions/{version}',
  tags: ['systems'],
  summary: '指标体系版本 / One version with its weights',
  description: '文档、各节点的局部与全局权重、各组的权重方法与一致性比率 CR / the document, local and global weight per node, weighting method and CR per group',
  request: { params: z.object({ code: Code, version: Version }) },
  responses: { 200: json(VersionView, 'The version'), ...errorResponses(400, 401, 403, 404, 503) },
});

const save = guardedRoute(permission('system.register'), {
  method: 'post',
  path: '/systems/{code}/versions',
  tags: ['systems'],
  summary: '保存为新版本（草稿）/ Save a document as a new draft version',
  description:
    '校验并编译后保存为草稿；错误逐条指出节点路径与原因（如 indicators[1].children[0].formula）。同一版本号内容不同返回 409 / Validated and compiled, then stored as a draft; each error names the node path and reason. The same version with other content is a 409.',
  request: { params: z.object({ code: Code }), body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()).describe('the indicator-system document; its code must match the path') } }, required: true } },
  responses: {
    201: json(z.object({ code: z.string(), version: z.string(), hash: z.string(), status: Status, outcome: z.enum(['created', 'unchanged']) }), 'The stored version'),
    ...errorResponses(400, 401, 403, 409, 413, 503),
  },
});

const preview = guardedRoute(permission('system.register'), {
  method: 'post',
  path: '/systems/{code}/preview',
  tags: ['systems'],
  summary: '编辑预览（不保存）/ Preview an edited document (not stored)',
  description:
    '与保存相同的校验与编译，但不保存、不留痕：返回各节点的局部与全局权重、各组 CR，或逐条问题（路径与中英文说明）/ The same validation and compilation as saving, but nothing is stored or audited: weights and CR, or the problems by path in English and Chinese.',
  request: { params: z.object({ code: Code }), body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()).describe('the edited indicator-system document') } }, required: true } },
  responses: { 200: json(Preview, 'Weights or problems'), ...errorResponses(400, 401, 403, 413, 503) },
});

const publish = guardedRoute(permission('system.register'), {
  method: 'post',
  path: '/systems/{code}/versions/{version}/publish',
  tags: ['systems'],
  summary: '发布指标体系版本 / Publish a draft version',
  description: '发布后不可修改；未指定版本的评估使用最新发布的版本。留痕 / Immutable once published; evaluations that name no version use the latest published one. Audited.',
  request: { params: z.object({ code: Code, version: Version }) },
  responses: {
    200: json(z.object({ code: z.string(), version: z.string(), status: z.literal('published'), publishedAt: z.string(), publishedBy: z.string() }), 'The published version'),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

const diff = guardedRoute(permission('system.read'), {
  method: 'get',
  path: '/systems/{code}/versions/{version}/diff',
  tags: ['systems'],
  summary: '版本比较 / Compare with another version',
  description: '新增、删除、移动的节点，变化的字段（目标值、权重等）与全局权重 / nodes added, removed, moved; changed fields (targets, weights…) and global weights',
  request: { params: z.object({ code: Code, version: Version }), query: z.object({ from: Version.describe('the version compared against / 比较的基准版本') }) },
  responses: { 200: json(z.unknown(), 'added, removed, moved, changed, weights'), ...errorResponses(400, 401, 403, 404, 503) },
});

export const systemRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(list, async (c) => c.json({ systems: await requireServices(deps).systems.list(actorOf(c)) }, 200))
    .openapi(get, async (c) => {
      const { code, version } = c.req.valid('param');
      return c.json(await requireServices(deps).systems.get(actorOf(c), code, version), 200);
    })
    .openapi(save, async (c) => c.json(await requireServices(deps).systems.saveDraft(actorOf(c), c.req.valid('param').code, c.req.valid('json')), 201))
    .openapi(preview, async (c) => c.json(await requireServices(deps).systems.preview(actorOf(c), c.req.valid('param').code, c.req.valid('json')), 200))
    .openapi(publish, async (c) => {
      const { code, version } = c.req.valid('param');
      return c.json(await requireServices(deps).systems.publish(actorOf(c), code, version), 200);
    })
    .openapi(diff, async (c) => {
      const { code, version } = c.req.valid('param');
      return c.json(await requireServices(deps).systems.diff(actorOf(c), code, c.req.valid('query').from, version), 200);
    });
