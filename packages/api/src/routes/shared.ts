// Small pieces the route modules share.
import { z } from '@hono/zod-openapi';
import { AppError } from '@govperf/contracts';
import type { Services } from '@govperf/services';
import type { ApiDeps } from '../deps';

export function requireServices(deps: ApiDeps): Services {
  if (!deps.services) throw new AppError('unavailable');
  return deps.services;
}

export const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
