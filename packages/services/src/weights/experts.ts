// The expert picker of Delphi consultations (德尔菲专家遴选, docs/weights.md §1): the staff an
// organiser (weights.consult) may invite, without the user administration's permission. Who may
// judge comes from the roles' permissions (weights.judge), never from a list of role names here.
// Only what the picker shows leaves the server: user name, display name, role and org unit — no
// contact details, no account history. Scoped to the caller's area and the levels above it (never a
// sibling's staff); with `orgUnit`, only those
// whose own area contains that unit (the rule createConsultation checks: an expert must be able
// to see what they judge).
import type { LocalizedText } from '@govperf/contracts';
import type { DB, StaffRole } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireWithinArea, type Actor } from '../identity/actor';
import { ROLE_LABELS, ROLE_PERMISSIONS, STAFF_ROLES } from '../identity/permissions';
import { parseInput } from '../validation';

/** The roles that hold weights.judge (today: admin, evaluator, expert). */
export const JUDGE_ROLES: readonly StaffRole[] = STAFF_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('weights.judge'));

/** At most this many candidates per answer: narrow with `q`. */
export const MAX_EXPERT_CANDIDATES = 200;

export const ExpertQuerySchema = z.strictObject({
  q: z.string().trim().max(64, 'q is at most 64 characters').optional(),
  orgUnit: z.string().trim().min(1, 'orgUnit is an org unit code').max(32, 'orgUnit is at most 32 characters').optional(),
});

export interface ExpertCandidate {
  /** The user name: what a consultation's `experts` lists. */
  id: string;
  displayName: string;
  role: StaffRole;
  roleName: LocalizedText;
  orgUnit: { code: string; name: string };
}

/** `%`, `_` and `\` match themselves in the search text. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;

export async function listExpertCandidates(db: Kysely<DB>, actor: Actor, input: unknown = {}): Promise<{ experts: ExpertCandidate[]; truncated: boolean }> {
  const query = parseInput(ExpertQuerySchema, input);
  if (query.orgUnit) await requireWithinArea(db, actor, query.orgUnit, 'orgUnit');
  let select = db
    .selectFrom('users')
    .innerJoin('org_units', 'org_units.code', 'users.org_unit_code')
    .select(['users.username', 'users.display_name', 'users.role', 'users.org_unit_code', 'org_units.name as org_unit_name'])
    .where('users.disabled_at', 'is', null)
    .where('users.role', 'in', [...JUDGE_ROLES]);
  // The caller's own area and the levels above it (a city organiser may invite the province's experts).
  if (actor.area !== '*') {
    const area = actor.area;
    select = select.where((eb) =>
      eb.or([
        eb('users.org_unit_code', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area)),
        eb('users.org_unit_code', 'in', db.selectFrom('org_unit_closure').select('ancestor_code').where('descendant_code', '=', area)),
      ]),
    );
  }
  if (query.orgUnit) select = select.where('users.org_unit_code', 'in', db.selectFrom('org_unit_closure').select('ancestor_code').where('descendant_code', '=', query.orgUnit));
  if (query.q) {
    const pattern = likePattern(query.q);
    select = select.where((eb) =>
      eb.or([eb(eb.fn('lower', ['users.username']), 'like', pattern), eb(eb.fn('lower', ['users.display_name']), 'like', pattern), eb(eb.fn('lower', ['org_units.name']), 'like', pattern)]),
    );
  }
  const rows = await select.orderBy('users.org_unit_code').orderBy('users.username').limit(MAX_EXPERT_CANDIDATES + 1).execute();
  return {
    experts: rows.slice(0, MAX_EXPERT_CANDIDATES).map((r) => ({
      id: r.username,
      displayName: r.display_name,
      role: r.role,
      roleName: ROLE_LABELS[r.role],
      orgUnit: { code: r.org_unit_code, name: r.org_unit_name },
    })),
    truncated: rows.length > MAX_EXPERT_CANDIDATES,
  };
}
