import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Golden files (toMatchFileSnapshot) are never written by a plain run, in CI or not: a
    // missing or deleted one fails. Write them on purpose with GATECHECK_UPDATE_GOLDEN=1 (or
    // `vitest -u`, which overrides this).
    update: process.env['GATECHECK_UPDATE_GOLDEN'] === '1' ? 'all' : 'none',
  },
});
