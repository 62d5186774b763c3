// PDF through LibreOffice, where it is installed: `soffice --headless --convert-to pdf`. The
// platform does not bundle an office suite; without one, the .docx is the report and this says so.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { copyFile, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export class LibreOfficeMissingError extends Error {
  constructor() {
    super('LibreOffice (soffice) was not found on PATH: install it (Debian: apt-get install libreoffice-writer-nogui) to convert reports to PDF; the .docx was written');
    this.name = 'LibreOfficeMissingError';
  }
}

export class PdfConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfConversionError';
  }
}

/** `soffice` (or `libreoffice`) in the directories of `path` (a PATH value), or null. */
export function findSoffice(path: string | undefined): string | null {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

export interface PdfOptions {
  /** Where the PDF goes; default: beside the .docx, same name with .pdf. */
  out?: string;
  /** Milliseconds before the conversion is abandoned (LibreOffice's first start is slow). Default 120 s. */
  timeoutMs?: number;
  /** The LibreOffice program; default: `soffice`, then `libreoffice`, found on PATH by the system. */
  soffice?: string;
}

const SPAWN_MISSING = Symbol('missing');

/** Converts `docxPath` to PDF with LibreOffice; returns the PDF's path. */
export async function convertToPdf(docxPath: string, options: PdfOptions = {}): Promise<string> {
  const input = resolve(docxPath);
  const out = resolve(options.out ?? join(dirname(input), `${basename(input, extname(input))}.pdf`));
  const work = await mkdtemp(join(tmpdir(), 'govperf-pdf-'));
  try {
    // A profile of its own: a LibreOffice already open for the same user would otherwise take the
    // job over (or refuse it), and parallel conversions would fight over one profile.
    const args = ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--convert-to', 'pdf', '--outdir', work, input];
    const timeout = options.timeoutMs ?? 120_000;
    let result: { code: number; output: string } | typeof SPAWN_MISSING = SPAWN_MISSING;
    for (const program of options.soffice ? [options.soffice] : ['soffice', 'libreoffice']) {
      result = await run(program, args, timeout);
      if (result !== SPAWN_MISSING) break;
    }
    if (result === SPAWN_MISSING) throw new LibreOfficeMissingError();
    const { code, output } = result;
    const produced = join(work, `${basename(input, extname(input))}.pdf`);
    const made = await stat(produced).then((s) => s.size > 0, () => false);
    if (code !== 0 || !made) throw new PdfConversionError(`LibreOffice could not convert ${docxPath} to PDF (exit ${code}): ${output.trim().slice(-500) || 'no output'}`);
    await rename(produced, out).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      // Another file system: copy instead of renaming.
      await copyFile(produced, out);
    });
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs the program; SPAWN_MISSING when it does not exist. */
function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number; output: string } | typeof SPAWN_MISSING> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new PdfConversionError(`LibreOffice did not finish converting within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolvePromise(SPAWN_MISSING);
      else reject(new PdfConversionError(`LibreOffice could not be started (${command}): ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, output });
    });
  });
}
