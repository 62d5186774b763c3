// Builds the console with Vite's API, for `govperf start|serve` (when the bundle is missing or older
// than its sources) and for the browser tests (into a temporary directory).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_CONSOLE_DIR = join(WEB_ROOT, 'dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/index.html is missing or older than any source file. */
export function consoleIsStale(outDir = DEFAULT_CONSOLE_DIR): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(newestSource(join(WEB_ROOT, 'src')), statSync(join(WEB_ROOT, 'index.html')).mtimeMs);
  return statSync(index).mtimeMs < sources;
}

export async function buildConsole(outDir = DEFAULT_CONSOLE_DIR): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  return outDir;
}

/** The console bundle, built first if needed; returns its directory. */
export async function ensureConsole(outDir = DEFAULT_CONSOLE_DIR): Promise<string> {
  if (consoleIsStale(outDir)) await buildConsole(outDir);
  return outDir;
}
