// Whether the database answers, for /healthz (load balancers, `docker compose` health checks).
// The community's health metrics are community/chaoss-metrics.server.ts.
import { noteDatabaseError } from '#db/availability.server.ts'
import { pingDatabase } from '#db/client.server.ts'

export type Health = { status: 'ok'; database: 'ok' } | { status: 'error'; database: 'error'; reason: string }

/**
 * What /healthz says when the database fails. The endpoint is public, and a driver's message
 * can name hosts, users and databases: the details go to the server's log, never the answer.
 */
export const DATABASE_UNAVAILABLE = 'The database is not answering; the server log has the details.'

export async function checkDatabaseHealth(log: (message: string) => void = (message) => console.error(message)): Promise<Health> {
  try {
    await Promise.race([
      pingDatabase(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the database did not answer within 5 seconds')), 5000).unref()),
    ])
    return { status: 'ok', database: 'ok' }
  } catch (error) {
    log(`healthz: database check failed: ${error instanceof Error ? error.message : String(error)}`)
    // an unreachable database starts an outage: 503s at once, and a probe that notices its return
    noteDatabaseError(error)
    return { status: 'error', database: 'error', reason: DATABASE_UNAVAILABLE }
  }
}
