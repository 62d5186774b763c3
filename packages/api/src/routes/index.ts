// The one list of route modules. Adding a resource: write routes/<resource>.routes.ts exporting a
// RouteModule, and add it here.
import type { RouteModule } from '../env';
import { healthRoutes } from './health.routes';
import { evaluationRoutes } from './evaluations.routes';
import { ingestRoutes } from './ingest.routes';
import { qualityRoutes } from './quality.routes';

export const routeModules: readonly RouteModule[] = [healthRoutes, ingestRoutes, qualityRoutes, evaluationRoutes];
