// Weights on request for the indicator-system editor: AHP from one judgement matrix or several
// experts' (Delphi), with CR and the judgements that break consistency. Computes; stores nothing.
import { z } from '@hono/zod-openapi';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Matrix = z.array(z.array(z.number())).describe('n × n pairwise judgements on Saaty\'s 1–9 scale (a_ji = 1/a_ij)');
const ahpRoute = guardedRoute(permission('system.read'), {
  method: 'post',
  path: '/weights/ahp',
  tags: ['weights'],
  summary: '层次分析法权重 / AHP weights with CR',
  description: 'CR ≥ 0.1 时 consistent 为 false，并列出最不一致的判断及建议值 / With CR ≥ 0.1, consistent is false and the most inconsistent judgements are listed with suggested values.',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ matrix: Matrix.optional(), experts: z.array(Matrix).optional(), method: z.enum(['eigenvector', 'sum', 'geometric']).optional() }).openapi('AhpRequest') } },
      required: true,
    },
  },
  responses: { 200: json(z.unknown(), 'weights, lambdaMax, ci, cr, consistent, inconsistencies (and experts, dispersion)'), ...errorResponses(400, 401, 403, 503) },
});

export const weightRoutes: RouteModule = (deps) => createRouter().openapi(ahpRoute, async (c) => c.json(await requireServices(deps).weights.ahp(actorOf(c), c.req.valid('json')), 200));
