// The one list of route modules. Adding a resource: write routes/<resource>.routes.ts exporting a
// RouteModule whose routes are declared with guardedRoute (an access rule each), and add it here.
import type { RouteModule } from '../env';
import { accountRoutes } from './accounts.routes';
import { appealRoutes } from './appeals.routes';
import { applicationRoutes } from './application.routes';
import { auditRoutes } from './audit.routes';
import { authRoutes } from './auth.routes';
import { evaluationRoutes } from './evaluations.routes';
import { feedbackRoutes } from './feedback.routes';
import { hallFormRoutes } from './hall-forms.routes';
import { healthRoutes } from './health.routes';
import { hotlineImportRoutes } from './hotline-imports.routes';
import { ingestRoutes } from './ingest.routes';
import { orgUnitRoutes } from './org-units.routes';
import { publicRoutes } from './public.routes';
import { qualityRoutes } from './quality.routes';
import { ratingAppealRoutes } from './rating-appeals.routes';
import { rectificationRoutes } from './rectification.routes';
import { referenceRoutes } from './reference.routes';
import { systemRoutes } from './systems.routes';
import { weightRoutes } from './weights.routes';

export const routeModules: readonly RouteModule[] = [healthRoutes, authRoutes, orgUnitRoutes, accountRoutes, ingestRoutes, qualityRoutes, evaluationRoutes, referenceRoutes, applicationRoutes, weightRoutes, systemRoutes, auditRoutes, rectificationRoutes, appealRoutes, feedbackRoutes, hallFormRoutes, hotlineImportRoutes, ratingAppealRoutes, publicRoutes];
