import { data } from 'react-router'
import { checkDatabaseHealth } from '#app/domain/database-health.server.ts'

// Public on purpose: load balancers and `docker compose` health checks call it without a session.
export async function loader() {
  const health = await checkDatabaseHealth()
  return data(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
