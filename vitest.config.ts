import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['eslint.config.test.ts', 'packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'templates/**/*.test.ts'],
    testTimeout: 60_000,
    // Two test files at a time on the 2-core CI machine (Vitest's default is one fewer than the cores,
    // i.e. one): while a file waits on PostgreSQL or a browser, the other uses the core.
    maxWorkers: 2,
    // Opening and migrating an embedded database takes seconds on a loaded 2-core CI machine.
    hookTimeout: 60_000,
  },
});
