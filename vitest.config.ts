import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Vitest runs without the React Router plugin: route modules with logic are tested in
// tests/routes/ through React Router's createRoutesStub (jsdom, the domain stubbed), and whole
// pages through the browser tests in tests/e2e.
export default defineConfig({
  test: {
    include: [
      'bench/**/*.test.ts',
      'app/**/*.test.ts',
      'app/**/*.test.tsx',
      'db/**/*.test.ts',
      'jobs/**/*.test.ts',
      'bin/**/*.test.ts',
      'server/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/fakes/**/*.test.ts',
      'tests/routes/**/*.test.tsx',
    ],
    setupFiles: ['./tests/setup/env.ts'],
    globalSetup: ['./tests/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default, one fork fewer than the cores, is a single fork on a 2-core machine (CI's):
    // many files spend their time waiting on child processes, stand-in servers and Dovecot, so two
    // keep both cores busy. Each file has its own database, data directory and free ports.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // @graphql-tools would otherwise load graphql's CommonJS build beside the ESM one our code
    // imports, and graphql-js refuses a schema from "another module or realm".
    server: { deps: { inline: [/@graphql-tools\//] } },
  },
})
