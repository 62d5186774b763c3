// Bundles the SDK for browsers with esbuild (a devDependency; nothing of it ships):
//   dist/widget.js  an IIFE for a plain <script> tag, exposing window.Govperf (widget-entry.ts)
//   dist/sdk.js     an ES module of the whole SDK, for `import { createGovperfClient } from '…/sdk.js'`
// The server builds it on demand (ensureSdk) when missing or older than the sources, like the
// console (apps/web/src/build.ts). Files are written beside and renamed, so a reader never sees
// half a bundle. Node only: not exported from the package's browser entry.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SDK_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_SDK_DIR = join(SDK_ROOT, 'dist');
export const SDK_BUNDLES = ['widget.js', 'sdk.js'] as const;
const SOURCES = join(SDK_ROOT, 'src');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when a bundle is missing or older than any (non-test) source file. */
export function sdkIsStale(outDir = DEFAULT_SDK_DIR): boolean {
  const newest = newestSource(SOURCES);
  return SDK_BUNDLES.some((name) => {
    const file = join(outDir, name);
    return !existsSync(file) || statSync(file).mtimeMs < newest;
  });
}

export async function buildSdk(outDir = DEFAULT_SDK_DIR): Promise<string> {
  const { build } = await import('esbuild');
  const common = { bundle: true, minify: true, write: false, target: 'es2020', platform: 'browser', legalComments: 'none', logLevel: 'warning' } as const;
  const [widget, module] = await Promise.all([
    build({ ...common, entryPoints: [join(SOURCES, 'widget-entry.ts')], format: 'iife', outfile: join(outDir, 'widget.js') }),
    build({ ...common, entryPoints: [join(SOURCES, 'index.ts')], format: 'esm', outfile: join(outDir, 'sdk.js') }),
  ]);
  mkdirSync(outDir, { recursive: true });
  for (const file of [...(widget.outputFiles ?? []), ...(module.outputFiles ?? [])]) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outDir;
}

let building: Promise<string> | null = null;
/** The bundles' directory, built first if needed (one build at a time per process). */
export async function ensureSdk(outDir = DEFAULT_SDK_DIR): Promise<string> {
  if (!sdkIsStale(outDir)) return outDir;
  building ??= buildSdk(outDir).finally(() => (building = null));
  return building;
}
