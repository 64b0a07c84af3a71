import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // libSQL is a native addon; separate processes keep each test file's database handles apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
