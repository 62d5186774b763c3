// The cockpit's first requests go out with the session check instead of after it: org units and
// runs, then the cockpit views of the run the cockpit opens with and of its previous period — the
// same choice CockpitPage makes (latestRuns, previousRun). Each preloaded answer is used once; if it
// failed (the session had ended, say) the cockpit simply asks again.
import { api, type CockpitRun, type OrgUnit, type RunSummary } from '../../api-client';
import { latestRuns, previousRun } from './ranking';

type CockpitData = [OrgUnit[], RunSummary[]];
let pending: Promise<CockpitData> | undefined;
const runs = new Map<string, Promise<CockpitRun>>();

const fetchCockpitData = (): Promise<CockpitData> => Promise.all([api.orgUnits(), api.runs()]);

export function preloadCockpit(): void {
  pending = fetchCockpitData();
  pending.then(
    ([, all]) => {
      const latest = latestRuns(all.filter((r) => r.status === 'succeeded'));
      const first = latest[0];
      if (!first) return;
      for (const run of [first, previousRun(latest, first)]) {
        if (!run) continue;
        const answer = api.cockpitRun(run.id);
        answer.catch(() => undefined);
        runs.set(run.id, answer);
      }
    },
    () => undefined, // asked again by cockpitData() if it is ever needed
  );
}

/** Org units and runs: the preloaded answers the first time, fetched afresh after that or on failure. */
export function cockpitData(): Promise<CockpitData> {
  const preloaded = pending;
  pending = undefined;
  return preloaded ? preloaded.catch(fetchCockpitData) : fetchCockpitData();
}

/** A run's cockpit view: preloaded the first time if it was, else fetched. */
export function cockpitRun(id: string): Promise<CockpitRun> {
  const preloaded = runs.get(id);
  runs.delete(id);
  return preloaded ? preloaded.catch(() => api.cockpitRun(id)) : api.cockpitRun(id);
}
