// For the CLI's tests: run `govperf …` in-process with extra environment variables, capturing
// stdout, stderr and the exit code. Used only by *.test.ts files.
import { run } from './main';

export async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  try {
    const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}
