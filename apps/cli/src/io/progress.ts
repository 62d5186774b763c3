// A byte-based progress bar on stderr for reading large files; silent when stderr is not a
// terminal (pipes, CI, tests) so that machine-readable output stays clean.
import { stat } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(bytes: number): void;
  stop(): void;
}

const QUIET: Progress = { update: () => {}, stop: () => {} };
/** Below this size reading is quick enough that a bar would only flicker. */
const MIN_BYTES = 8 * 1024 * 1024;

export async function fileProgress(file: string, label: string): Promise<Progress> {
  if (!process.stderr.isTTY) return QUIET;
  const { size } = await stat(file);
  if (size < MIN_BYTES) return QUIET;
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% · {value}/{total} MB · ETA {eta}s`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  const mb = (n: number) => Math.round(n / 1024 / 102.4) / 10;
  bar.start(mb(size), 0);
  let last = 0;
  return {
    update(bytes: number) {
      const now = mb(bytes);
      if (now !== last) bar.update((last = now));
    },
    stop() {
      bar.stop();
    },
  };
}
