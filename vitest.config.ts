import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // End-to-end tests spawn the CLI and moto on a 2-core machine shared by parallel test files:
    // give them room. Timeouts are a hang guard here, never a performance assertion.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
