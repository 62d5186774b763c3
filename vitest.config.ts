import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['eslint.config.test.ts', 'packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'templates/**/*.test.ts'],
    testTimeout: 60_000,
    // Opening and migrating an embedded database takes seconds on a loaded 2-core CI machine.
    hookTimeout: 60_000,
  },
});
