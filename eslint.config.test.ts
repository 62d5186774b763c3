// The import-direction rule (decision 0002) must keep firing: lint small snippets as if they
// lived in each workspace.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: import.meta.dirname });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import direction', () => {
  it('forbids the engine to import upward or to do I/O', async () => {
    const found = await violations('packages/engine/src/probe.ts', "import '@govperf/storage';\nimport '@govperf/cli';\nimport 'node:fs';\nimport 'node:child_process';\n");
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/packages\/engine must not import @govperf\/storage/);
    expect(found[2]).toMatch(/packages\/engine is pure: no I\/O \(fs\)/);
  });
  it('lets the engine import contracts and hash with node:crypto', async () => {
    expect(await violations('packages/engine/src/probe.ts', "import '@govperf/contracts';\nimport 'node:crypto';\n")).toEqual([]);
  });
  it('keeps storage away from the engine, api away from storage, web away from services', async () => {
    expect(await violations('packages/storage/src/probe.ts', "import '@govperf/engine';\n")).toHaveLength(1);
    expect(await violations('packages/api/src/probe.ts', "import '@govperf/storage';\n")).toHaveLength(1);
    expect(await violations('apps/web/src/probe.ts', "import '@govperf/services';\n")).toHaveLength(1);
    expect(await violations('packages/services/src/probe.ts', "import '@govperf/engine';\nimport '@govperf/storage';\n")).toEqual([]);
  });
  it('forbids reaching into another workspace by a relative path', async () => {
    expect(await violations('apps/cli/src/probe.ts', "import '../../../packages/engine/src/numeric';\n")).toHaveLength(1);
  });
});
