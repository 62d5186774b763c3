import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['eslint.config.test.ts', 'packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'templates/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
