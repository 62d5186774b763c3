// zod 4 binds a schema's methods when the schema is built, so schemas built before
// @hono/zod-openapi extended zod have no .openapi() method. @govperf/contracts depends on zod
// only and is often loaded first, so its schemas must be named as OpenAPI components here.
import { z } from '@hono/zod-openapi';

/** The schema, registered in the OpenAPI document as components/schemas/<name>. */
export function asComponent<T extends z.ZodType>(name: string, schema: T): T {
  return z.ZodType.prototype.openapi.call(schema, name) as T;
}
