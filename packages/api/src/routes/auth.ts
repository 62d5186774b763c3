// Who is calling: until the access-control issue brings sessions and roles, staff and machines
// authenticate with an API token (Authorization: Bearer …) bound to an org subtree.
import { AppError } from '@govperf/contracts';
import type { Services, TokenPrincipal } from '@govperf/services';
import type { ApiDeps } from '../deps';

export function requireServices(deps: ApiDeps): Services {
  if (!deps.services) throw new AppError('unavailable');
  return deps.services;
}

export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new AppError('unauthenticated', { message: { zh: '需要 Authorization: Bearer <API 令牌>', en: 'Authorization: Bearer <API token> is required' } });
  return match[1]!;
}

export async function authenticate(deps: ApiDeps, header: string | undefined): Promise<{ services: Services; principal: TokenPrincipal }> {
  const services = requireServices(deps);
  const principal = await services.auth.authenticateToken(bearerToken(header));
  return { services, principal };
}

/** Starting and publishing evaluations is for administrators' tokens ('*'). */
export function requireAdministrator(principal: TokenPrincipal): void {
  if (!principal.factTypes.includes('*')) throw new AppError('forbidden', { message: { zh: '需要管理员令牌', en: 'an administrator token is required' } });
}
