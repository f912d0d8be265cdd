import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}:`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
    STEWARD_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
    PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(1).max(65535).default(3000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    TRUST_PROXY: z
      .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    SESSION_SECRET: z
      .string()
      .optional()
      .transform((value) => (value === '' ? undefined : value))
      .refine((value) => value === undefined || value.length >= 32, { message: 'must be at least 32 characters long' }),
    STEWARD_PUBLIC_URL: optionalUrl(['http', 'https']),
    GITHUB_TOKEN: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === '' ? undefined : value)),
    GITHUB_GRAPHQL_URL: z.url({ message: 'must be a URL' }).default('https://api.github.com/graphql'),
    SMTP_URL: optionalUrl(['smtp', 'smtps']),
    SMTP_FROM: z.string().trim().default('Steward <steward@localhost>'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required when NODE_ENV=production (at least 32 random characters)',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; databaseKind: 'postgres' | 'pglite' }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parses the environment, naming every bad variable in one message. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Omit<Env, 'SESSION_SECRET'> & { SESSION_SECRET?: string } {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  }
  return { ...result.data, databaseKind: result.data.DATABASE_URL ? 'postgres' : 'pglite' }
}

/**
 * Without SESSION_SECRET (allowed outside production) a secret is generated once into the data
 * directory, so sessions survive restarts without asking a first-time user to configure anything.
 */
function sessionSecretFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

const ENV_KEY = Symbol.for('steward.env')
type GlobalWithEnv = typeof globalThis & { [ENV_KEY]?: Env }

/** The validated configuration of this process (parsed once). */
export function getEnv(): Env {
  const g = globalThis as GlobalWithEnv
  if (!g[ENV_KEY]) {
    const parsed = parseEnv()
    g[ENV_KEY] = { ...parsed, SESSION_SECRET: parsed.SESSION_SECRET ?? sessionSecretFromDataDir(parsed.STEWARD_DATA_DIR) }
  }
  return g[ENV_KEY]
}
