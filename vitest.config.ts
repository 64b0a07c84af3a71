import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // libSQL is a native addon; separate processes keep each test file's database handles apart.
    pool: 'forks',
    // A service process can take a minute to start when other work loads the machine
    // (load average 18 on 2 cores measured 69 s); nothing asserts how fast it starts.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Machines here are shared: waits for a browser or a server are generous.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
