import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // libSQL is a native addon; separate processes keep each test file's database handles apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Machines here are shared: waits for a browser or a server are generous.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
