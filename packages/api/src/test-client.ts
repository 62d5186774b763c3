// Test helpers: sign in through the real route and call the API as that person (session cookie
// plus CSRF token) or with a bearer token. Used only by *.test.ts files.
import type { createApp } from './app';
import { SESSION_COOKIE } from './authentication';

export type Credential = { kind: 'session'; cookie: string; csrf: string } | { kind: 'token'; token: string } | null;

type App = ReturnType<typeof createApp>;

export async function signIn(app: App, username: string, password: string, headers: Record<string, string> = {}): Promise<Credential & { kind: 'session' }> {
  const response = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = /govperf_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('no session cookie was set');
  const body = (await response.json()) as { csrfToken: string };
  return { kind: 'session', cookie, csrf: body.csrfToken };
}

export function request(app: App, method: string, path: string, credential: Credential, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (credential?.kind === 'token') headers.authorization = `Bearer ${credential.token}`;
  if (credential?.kind === 'session') {
    headers.cookie = `${SESSION_COOKIE}=${credential.cookie}`;
    headers['x-csrf-token'] = credential.csrf;
  }
  return Promise.resolve(app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
}
