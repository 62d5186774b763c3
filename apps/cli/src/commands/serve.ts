// govperf serve: starts the HTTP server with the configuration from the environment and runs until
// interrupted (Ctrl-C or SIGTERM stop it gracefully).
import { defaultMetricCatalogue } from '@govperf/services';
import { DataKeyError } from '@govperf/services';
import { consoleIsStale, ensureConsole } from '@govperf/web';
import { ConfigError, DatabaseNotReadyError, loadConfig, startPlatform, type Environment, type PlatformOptions, type RunningServer, type ServerConfig } from '@govperf/server';
import { CliError } from '../errors';

export interface ServeOptions {
  port?: string;
}

/** The server configuration, --port overriding PORT. Mistakes become one CliError line per variable. */
export function serveConfig(options: ServeOptions, env?: Environment): ServerConfig {
  try {
    return loadConfig(env, options.port === undefined ? {} : { PORT: options.port });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const name = (variable: string) => (variable === 'PORT' && options.port !== undefined ? '--port' : variable);
    throw new CliError(error.issues.map((i) => `${name(i.variable)}: ${i.reason}`).join('\n'));
  }
}

/** Starts the server; resolves once it is listening. A port or host that cannot be used is a user error too. */
export async function startFromCli(options: ServeOptions, env?: Environment, platform?: (config: ServerConfig) => PlatformOptions): Promise<RunningServer> {
  const config = serveConfig(options, env);
  try {
    return await startPlatform(config, defaultMetricCatalogue(), platform?.(config));
  } catch (error) {
    if (error instanceof DatabaseNotReadyError || error instanceof DataKeyError) throw new CliError(error.message);
    const port = options.port === undefined ? 'PORT' : '--port';
    const reasons: Record<string, string> = {
      EADDRINUSE: `${port}: port ${config.port} on ${config.host} is already in use`,
      EACCES: `${port}: not allowed to listen on port ${config.port} (ports below 1024 need privileges)`,
      EADDRNOTAVAIL: `HOST: ${config.host} is not an address of this machine`,
      ENOTFOUND: `HOST: ${config.host} cannot be resolved`,
    };
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (reasons[code]) throw new CliError(reasons[code]);
    throw error;
  }
}

/** The web console, built first when its bundle is missing or older than its sources (a few seconds). */
export async function consoleBundle(): Promise<string> {
  if (consoleIsStale()) process.stderr.write('构建网页控制台 / building the web console…\n');
  return ensureConsole();
}

/** Runs the server until it is stopped. */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const consoleDir = await consoleBundle();
  const server = await startFromCli(options, undefined, () => ({ consoleDir }));
  await server.closed;
}
