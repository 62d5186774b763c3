// govperf users add|list|disable and govperf tokens issue|list|revoke: managing people and sending
// systems from the server's shell, through the same audited services as the API.
import { ROLE_LABELS } from '@govperf/services';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';
import { withServices } from '../io/services';

const list = (value: string | undefined) => value?.split(',').map((v) => v.trim()).filter(Boolean) ?? [];

export async function usersAddCommand(username: string, options: { role: string; orgUnit: string; name?: string; department?: string; format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const { user, password } = await services.users.create(operator, {
      username,
      displayName: options.name ?? username,
      role: options.role,
      orgUnit: options.orgUnit,
      ...(options.department ? { department: options.department } : {}),
    });
    return render({ user, password }, options.format, () => ({
      head: ['user 用户', 'role 角色', 'area 管辖范围', 'password 初始密码'],
      rows: [[user.username, user.role, user.orgUnit, password ?? '']],
      notes: ['the password is shown once: hand it over securely / 初始密码仅显示一次，请安全转交'],
    }));
  });
}

export async function usersListCommand(options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const users = await services.users.list(operator);
    return render({ users }, options.format, () => ({
      head: ['user 用户', 'name 姓名', 'role 角色', 'area 管辖范围', 'department 部门', 'disabled 停用'],
      rows: users.map((u) => [u.username, u.displayName, `${u.role} ${ROLE_LABELS[u.role].zh}`, u.orgUnit, u.department ?? '', u.disabledAt ?? '']),
    }));
  });
}

export async function usersDisableCommand(username: string, options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const user = await services.users.disable(operator, username);
    return render(user, options.format, () => ({ head: ['user 用户', 'disabled 停用'], rows: [[user.username, user.disabledAt ?? '']] }));
  });
}

export async function tokensIssueCommand(options: { name: string; types: string; orgUnit: string; days: string; format: OutputFormat }): Promise<string> {
  const days = Number(options.days);
  if (!Number.isInteger(days)) throw new CliError('--days: a whole number of days (1–730)');
  const factTypes = list(options.types);
  if (factTypes.length === 0) throw new CliError('--types: name at least one fact type, e.g. handling-records,ratings');
  return withServices(async (services) => {
    const { token, view } = await services.tokens.issue(operator, { name: options.name, factTypes, orgUnit: options.orgUnit, expiresInDays: days });
    return render({ token, ...view }, options.format, () => ({
      head: ['id', 'name 名称', 'types 数据类型', 'area 范围', 'expires 到期', 'token 令牌'],
      rows: [[view.id, view.name, view.factTypes.join(','), view.orgUnit, view.expiresAt ?? '', token]],
      notes: ['the token is shown once / 令牌仅显示一次'],
    }));
  });
}

export async function tokensListCommand(options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const tokens = await services.tokens.list(operator);
    return render({ tokens }, options.format, () => ({
      head: ['id', 'name 名称', 'types 数据类型', 'area 范围', 'expires 到期', 'last used 最近使用', 'revoked 吊销'],
      rows: tokens.map((t) => [t.id, t.name, t.factTypes.join(','), t.orgUnit, t.expiresAt ?? '', t.lastUsedAt ?? '', t.revokedAt ?? '']),
    }));
  });
}

export async function tokensRevokeCommand(id: string, options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const token = await services.tokens.revoke(operator, id);
    return render(token, options.format, () => ({ head: ['id', 'revoked 吊销'], rows: [[token.id, token.revokedAt ?? '']] }));
  });
}
