// Connector credentials (API keys, tokens, app passwords, IMAP passwords) at rest: AES-256-GCM
// under STEWARD_SECRET_KEY, or the name of an environment variable that holds them instead.
//
// A stored value is one string, `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts):
// - the key id (8 bytes, hex) names the key it was encrypted under, so a value from another key
//   is reported as such instead of as corrupt data;
// - the IV is 96 random bits per value (GCM's recommended size, never reused under one key);
// - the associated data is `v1.<key id>.<context>`, where the context names the value's place
//   (`source:12:apiKey`): a ciphertext copied to another row or field does not decrypt.
// The encryption key and the key id are both derived from STEWARD_SECRET_KEY with HKDF-SHA256
// under different labels, so the id stored beside every value reveals nothing about the key.
//
// No error or log line made here contains a credential's value.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { decodeSecretKey, getEnv } from '#app/utils/env.server.ts'

const VERSION = 'v1'
const ENVELOPE = /^v1\.([0-9a-f]{16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]+)$/

export type SecretErrorKind =
  'no-key' | 'other-key' | 'undecryptable' | 'malformed' | 'empty' | 'bad-context' | 'env-var-name' | 'env-var-unset'

export class SecretError extends Error {
  override name = 'SecretError'
  constructor(
    readonly kind: SecretErrorKind,
    /** One line in plain words, never the value. */
    message: string,
  ) {
    super(message)
  }
}

interface SecretKey {
  id: string
  encryption: Buffer
}

let cached: { text: string; key: SecretKey } | undefined

function deriveKey(master: Buffer): SecretKey {
  const encryption = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'steward secrets v1: aes-256-gcm key', 32))
  const id = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'steward secrets v1: key id', 8)).toString('hex')
  return { id, encryption }
}

/**
 * The key credentials are stored under, with its id. Refuses in one line when STEWARD_SECRET_KEY
 * is unset: call it before accepting a credential, so a form can say why it cannot be saved.
 */
export function requireSecretKey(): { keyId: string } {
  return { keyId: currentKey().id }
}

function currentKey(): SecretKey {
  const text = getEnv().STEWARD_SECRET_KEY
  if (!text) {
    throw new SecretError(
      'no-key',
      'Set STEWARD_SECRET_KEY to store credentials (32 random bytes: openssl rand -base64 32), or name an environment variable that holds the credential instead.',
    )
  }
  if (cached?.text !== text) {
    // getEnv() has validated the format; decodeSecretKey cannot return null here.
    cached = { text, key: deriveKey(decodeSecretKey(text)!) }
  }
  return cached.key
}

function requireContext(context: string) {
  if (!/^[\x21-\x7e]{1,200}$/.test(context)) {
    throw new SecretError('bad-context', 'A credential needs a context naming its place (like source:12:apiKey), without spaces.')
  }
}

const associatedData = (keyId: string, context: string) => Buffer.from(`${VERSION}.${keyId}.${context}`, 'utf8')

/** True when the value has the shape of a stored credential (says nothing about which key). */
export function isSecretEnvelope(value: string) {
  return ENVELOPE.test(value)
}

/** Encrypts a credential for one place (`context`, e.g. `source:12:apiKey`); returns the envelope to store. */
export function encryptSecret(plain: string, context: string): string {
  requireContext(context)
  if (plain.length === 0) throw new SecretError('empty', `Nothing to store for ${context}: the credential is empty.`)
  const key = currentKey()
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key.encryption, iv)
  cipher.setAAD(associatedData(key.id, context))
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, key.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.')
}

/** Decrypts a stored credential for the place it was stored for; refuses in plain words otherwise. */
export function decryptSecret(envelope: string, context: string): string {
  requireContext(context)
  const match = ENVELOPE.exec(envelope)
  if (!match) {
    throw new SecretError('malformed', `The stored credential for ${context} is not in Steward's encrypted form (v1.…): enter it again.`)
  }
  const [, keyId, iv, tag, ciphertext] = match
  const key = currentKey()
  if (keyId !== key.id) {
    throw new SecretError(
      'other-key',
      `The credential for ${context} was stored under another STEWARD_SECRET_KEY (key id ${keyId}; the current key's id is ${key.id}): set that key again, or enter the credential anew.`,
    )
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.encryption, Buffer.from(iv, 'base64url'), { authTagLength: 16 })
    decipher.setAAD(associatedData(keyId, context))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    // GCM cannot tell an altered value from one copied from another place: both fail the tag.
    throw new SecretError(
      'undecryptable',
      `The credential for ${context} does not decrypt under the current key: it was altered, or copied from another place. Enter it again.`,
    )
  }
}

const ENV_VAR_NAME = /^[A-Z][A-Z0-9_]{0,63}$/
// Steward's own secrets: a connector naming one would send it to another server.
const STEWARD_OWN = new Set(['SESSION_SECRET', 'DATABASE_URL', 'SMTP_URL'])

/** A credential as a connection stores it: encrypted in the database, or the name of an environment variable. */
export const CredentialSchema = z.union([
  z.object({ encrypted: z.string().min(1) }).strict(),
  z.object({ envVar: z.string().trim().min(1) }).strict(),
])
export type Credential = z.infer<typeof CredentialSchema>

/** Refuses environment variable names that are not plain upper-case names, or that hold Steward's own secrets. */
export function requireCredentialEnvVarName(name: string) {
  if (!ENV_VAR_NAME.test(name)) {
    throw new SecretError(
      'env-var-name',
      'An environment variable for a credential is named in capitals, digits and underscores, starting with a letter (like DISCOURSE_API_KEY).',
    )
  }
  if (STEWARD_OWN.has(name) || name.startsWith('STEWARD_')) {
    throw new SecretError('env-var-name', `${name} is Steward's own configuration and cannot be used as a connector's credential.`)
  }
}

/** The credential's value: decrypted for `context`, or read from the environment variable it names. */
export function resolveCredential(credential: Credential, context: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('encrypted' in credential) return decryptSecret(credential.encrypted, context)
  requireCredentialEnvVarName(credential.envVar)
  const value = env[credential.envVar]
  if (value === undefined || value === '') {
    throw new SecretError(
      'env-var-unset',
      // (the context is an internal id, so it stays out of a message people read)
      `The environment variable ${credential.envVar}, named as the credential, is not set in Steward's environment.`,
    )
  }
  return value
}
