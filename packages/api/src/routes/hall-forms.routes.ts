// Service-hall forms (服务大厅代录, issue 6 §1; docs/feedback-loop.md §9): staff enter what a
// citizen says at a window — the window and service item, the text, optionally a 好差评 rating with
// the offline dimensions and a contact — and the form goes through the public intake's own path
// (stored with its processing job, then routed, timed and tracked like every other item). The answer
// carries the tracking code to hand to the citizen. Permission feedback.handle; the hall's unit must
// lie in the caller's subtree. A retry with the same formId answers the same receipt.
import { HallFormReceiptSchema, HallFormSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { asComponent } from '../schema';
import { json, requireServices } from './shared';

const HallForm = asComponent('HallForm', HallFormSchema);
const HallFormReceipt = asComponent('HallFormReceipt', HallFormReceiptSchema);

const submit = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/hall-forms', tags: ['feedback'], summary: '服务大厅代录 / Enter a service-hall form for a citizen',
  description: 'Stored and processed like a public submission (and its rating like an offline 好差评). Answers the tracking code for the citizen: 201 when new, 200 for a retried formId.',
  request: { body: { content: { 'application/json': { schema: HallForm } }, required: true } },
  responses: { 201: json(HallFormReceipt, 'Stored; the tracking code to hand to the citizen'), 200: json(HallFormReceipt, 'A retry of an earlier formId: the same receipt'), ...errorResponses(400, 401, 403, 409, 503) },
});

export const hallFormRoutes: RouteModule = (deps) =>
  createRouter().openapi(submit, async (c) => {
    const receipt = await requireServices(deps).hotline.hallForm(actorOf(c), c.req.valid('json'));
    return c.json(receipt, receipt.duplicate ? 200 : 201);
  });
