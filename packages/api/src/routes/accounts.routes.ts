// Staff accounts and machine ingestion tokens, for administrators and data operators. The
// services check that new accounts and tokens stay inside the caller's subtree.
import { z } from '@hono/zod-openapi';
import { FACT_TYPE_NAMES, OrgUnitCode } from '@govperf/contracts';
import { STAFF_ROLES } from '@govperf/services';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const User = z
  .object({ username: z.string(), displayName: z.string(), role: z.enum(STAFF_ROLES), orgUnit: z.string(), department: z.string().nullable(), createdAt: z.string(), disabledAt: z.string().nullable() })
  .openapi('User');
const NewUser = z
  .object({
    username: z.string().describe('3–64: a-z 0-9 _ . -'),
    displayName: z.string(),
    role: z.enum(STAFF_ROLES),
    orgUnit: OrgUnitCode.describe('管辖范围 / the subtree the user works in'),
    department: z.string().nullish().describe('部门填报员必填 / required for department operators'),
    password: z.string().optional().describe('≥ 12 characters; omitted: one is generated and returned once'),
  })
  .openapi('NewUser');
const Token = z
  .object({ id: z.string(), name: z.string(), factTypes: z.array(z.string()), orgUnit: z.string(), createdBy: z.string().nullable(), createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
  .openapi('ApiToken');
const NewToken = z
  .object({ name: z.string(), factTypes: z.array(z.enum(FACT_TYPE_NAMES as [string, ...string[]])), orgUnit: OrgUnitCode, expiresInDays: z.number().int().optional().describe('1–730, default 365') })
  .openapi('NewApiToken');
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const Username = z.object({ username: z.string().regex(/^[a-z0-9_.-]{3,64}$/) });
const TokenId = z.object({ id: z.string().regex(/^tok_[0-9a-f]{16}$/, 'a token id looks like tok_<16 hex digits>') });

const listUsers = guardedRoute(permission('user.manage'), {
  method: 'get', path: '/users', tags: ['accounts'], summary: '用户列表 / Staff accounts in your area',
  responses: { 200: json(z.object({ users: z.array(User) }), 'Accounts'), ...errorResponses(401, 403, 503) },
});
const createUserRoute = guardedRoute(permission('user.manage'), {
  method: 'post', path: '/users', tags: ['accounts'], summary: '新建用户 / Create a staff account',
  request: body(NewUser),
  responses: { 201: json(z.object({ user: User, password: z.string().nullable() }), 'Created; a generated password is shown once'), ...errorResponses(400, 401, 403, 409, 503) },
});
const disableUserRoute = guardedRoute(permission('user.manage'), {
  method: 'post', path: '/users/{username}/disable', tags: ['accounts'], summary: '停用用户 / Disable an account (and end its sessions)',
  request: { params: Username },
  responses: { 200: json(User, 'Disabled'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const listTokens = guardedRoute(permission('token.manage'), {
  method: 'get', path: '/tokens', tags: ['accounts'], summary: 'API 令牌列表 / Ingestion tokens in your area',
  responses: { 200: json(z.object({ tokens: z.array(Token) }), 'Tokens (never the secrets)'), ...errorResponses(401, 403, 503) },
});
const issueTokenRoute = guardedRoute(permission('token.manage'), {
  method: 'post', path: '/tokens', tags: ['accounts'], summary: '签发 API 令牌 / Issue an ingestion token',
  request: body(NewToken),
  responses: { 201: json(z.object({ token: z.string().describe('shown once / 仅显示一次'), view: Token }), 'Issued'), ...errorResponses(400, 401, 403, 503) },
});
const revokeTokenRoute = guardedRoute(permission('token.manage'), {
  method: 'post', path: '/tokens/{id}/revoke', tags: ['accounts'], summary: '吊销 API 令牌 / Revoke a token',
  request: { params: TokenId },
  responses: { 200: json(Token, 'Revoked'), ...errorResponses(400, 401, 403, 404, 503) },
});

export const accountRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(listUsers, async (c) => c.json({ users: await requireServices(deps).users.list(actorOf(c)) }, 200))
    .openapi(createUserRoute, async (c) => c.json(await requireServices(deps).users.create(actorOf(c), c.req.valid('json')), 201))
    .openapi(disableUserRoute, async (c) => c.json(await requireServices(deps).users.disable(actorOf(c), c.req.valid('param').username), 200))
    .openapi(listTokens, async (c) => c.json({ tokens: await requireServices(deps).tokens.list(actorOf(c)) }, 200))
    .openapi(issueTokenRoute, async (c) => c.json(await requireServices(deps).tokens.issue(actorOf(c), c.req.valid('json')), 201))
    .openapi(revokeTokenRoute, async (c) => c.json(await requireServices(deps).tokens.revoke(actorOf(c), c.req.valid('param').id), 200));
