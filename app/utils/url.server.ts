import { getEnv } from './env.server.ts'

/** The address people reach Steward at: STEWARD_PUBLIC_URL, else the origin of the request. */
export function publicOrigin(request: Request) {
  const configured = getEnv().STEWARD_PUBLIC_URL
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, '')
}
