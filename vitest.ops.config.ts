import { defineConfig } from 'vitest/config'

// The operations tests (`npm run test:ops`): Steward's real processes against PostgreSQL, after
// `npm run build`. Minutes long and needing DATABASE_URL, so outside `npm test`; .ci/run runs them.
export default defineConfig({
  test: {
    include: ['tests/ops/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // one file at a time: each starts several servers on fixed ports
    fileParallelism: false,
  },
})
