import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

// Tests never read a developer's .env or data folder.
process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-0123'
process.env.STEWARD_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'steward-test-'))
process.env.TZ = 'UTC'
