// The administrative tree as far as the caller may see it: their unit and everything below, for
// the console's drill-down (省 → 市 → 县) and pickers.
import { z } from '@hono/zod-openapi';
import { actorOf, guardedRoute, SIGNED_IN } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const OrgUnit = z.object({ code: z.string(), name: z.string(), level: z.string(), parent: z.string().nullable() }).openapi('OrgUnit');

const list = guardedRoute(SIGNED_IN, {
  method: 'get',
  path: '/org-units',
  tags: ['org units'],
  summary: '行政区划（本辖区） / The org units of your area',
  responses: { 200: json(z.object({ units: z.array(OrgUnit) }), 'Your unit and every unit below it'), ...errorResponses(401, 503) },
});

export const orgUnitRoutes: RouteModule = (deps) => createRouter().openapi(list, async (c) => c.json({ units: await requireServices(deps).orgUnits.list(actorOf(c)) }, 200));
