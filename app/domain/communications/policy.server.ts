import { desc, eq, max } from 'drizzle-orm'
import { marked } from 'marked'
import { loadSanitizeHtml } from '#app/utils/lazy-modules.server.ts'
import { db, type DbOrTx } from '#db/client.server.ts'
import { commsPolicyVersions, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit/audit.server.ts'
import type { PolicyInput } from './schemas.ts'

/** Markdown to HTML that is safe to show: marked renders, sanitize-html keeps only harmless tags. */
export function renderPolicyMarkdown(markdown: string) {
  const sanitizeHtml = loadSanitizeHtml()
  const html = marked.parse(markdown, { async: false, gfm: true })
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2', 'del'],
    allowedAttributes: { a: ['href', 'title', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  })
}

/** Every version, newest first, with who wrote it. */
export async function listPolicyVersions(tx: DbOrTx = db) {
  return tx
    .select({
      id: commsPolicyVersions.id,
      version: commsPolicyVersions.version,
      note: commsPolicyVersions.note,
      createdAt: commsPolicyVersions.createdAt,
      authorName: users.name,
      markdown: commsPolicyVersions.markdown,
    })
    .from(commsPolicyVersions)
    .leftJoin(users, eq(users.id, commsPolicyVersions.authorId))
    .orderBy(desc(commsPolicyVersions.version))
}

/** The current (or a given) version with its rendered HTML, or undefined when none is written yet. */
export async function getPolicy(version?: number, tx: DbOrTx = db) {
  const versions = await listPolicyVersions(tx)
  const current = version === undefined ? versions[0] : versions.find((v) => v.version === version)
  if (!current) return undefined
  return { ...current, html: renderPolicyMarkdown(current.markdown), latestVersion: versions[0].version }
}

/** Saves a new version (versions are never edited: history shows who changed what and when). */
export async function savePolicyVersion(input: PolicyInput & { actorId: string }) {
  return db.transaction(async (tx) => {
    const [{ latest }] = await tx.select({ latest: max(commsPolicyVersions.version) }).from(commsPolicyVersions)
    const [row] = await tx
      .insert(commsPolicyVersions)
      .values({ version: (latest ?? 0) + 1, markdown: input.markdown, note: input.note ?? null, authorId: input.actorId })
      .returning()
    await recordAudit(tx, {
      actorId: input.actorId,
      entity: 'comms_policy',
      entityId: String(row.version),
      action: 'create_version',
      after: { version: row.version, note: row.note },
    })
    return row
  })
}
