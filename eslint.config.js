// Lint rules, including the dependency direction of docs/decisions/0002 and architecture.md:
// imports only point downwards, and the engine does no I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const all = ['contracts', 'engine', 'text', 'storage', 'services', 'api', 'sdk', 'server', 'web', 'cli'];

/** What each workspace may import from @govperf/*. */
const allowed = {
  'packages/contracts': [],
  'packages/engine': ['contracts'],
  // Offline Chinese text processing (decision 0006): pure like the engine but holds a native tokenizer.
  'packages/text': ['contracts'],
  'packages/storage': ['contracts'],
  'packages/services': ['contracts', 'engine', 'text', 'storage'],
  'packages/api': ['contracts', 'services'],
  'packages/sdk': [],
  'apps/web': ['contracts', 'api'],
  'apps/server': all,
  'apps/cli': all,
};

const ioModules = ['fs', 'net', 'http', 'https', 'child_process', 'dgram', 'worker_threads', 'process', 'os'];

const directionRules = Object.entries(allowed).map(([dir, ok]) => {
  const forbidden = all.filter((name) => !ok.includes(name) && !dir.endsWith(`/${name}`));
  const paths = forbidden.map((name) => ({
    name: `@govperf/${name}`,
    message: `${dir} must not import @govperf/${name}: imports only point downwards (architecture.md).`,
  }));
  const patterns = [
    { group: ['**/packages/*/src/**', '**/apps/*/src/**'], message: 'Import another workspace by its package name, never by a relative path into its sources.' },
  ];
  if (forbidden.length) {
    patterns.push({ group: forbidden.map((name) => `@govperf/${name}/*`), message: `${dir}: forbidden dependency direction (architecture.md).` });
  }
  if (dir === 'packages/engine' || dir === 'packages/contracts' || dir === 'packages/text') {
    for (const mod of ioModules) {
      paths.push({ name: mod, message: `${dir} is pure: no I/O (${mod}).` }, { name: `node:${mod}`, message: `${dir} is pure: no I/O (${mod}).` });
    }
  }
  return {
    files: [`${dir}/**/*.ts`, `${dir}/**/*.tsx`],
    ignores: [`${dir}/**/*.test.ts`],
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  };
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  ...directionRules,
  {
    // The console runs in the browser.
    files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'],
    ignores: ['apps/web/src/build.ts', 'apps/web/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Only the config module of a process reads the environment (architecture.md).
    files: ['packages/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment only in the config module.' }] },
  },
);
