// One HTTP call to an outside service with a deadline, answering either the response (status,
// headers, parsed JSON) or a transient RemoteError in plain words when no answer came.
import { RemoteError } from './remote-error.ts'

export interface RemoteResponse {
  status: number
  headers: Headers
  /** parsed JSON, or undefined when the body was empty or not JSON */
  body: unknown
}

export interface RemoteCallOptions {
  service: string
  fetch?: typeof fetch
  timeoutMs: number
}

/** Why no answer came, for people: "the connection was dropped (ECONNRESET)". */
export function describeNetworkFault(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'the request timed out'
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return `the connection was dropped (${cause.code})`
    if (cause?.code) return `the connection failed (${cause.code})`
    if (cause?.message) return cause.message
    return error.message
  }
  return String(error)
}

export async function callRemote(url: string, init: RequestInit, options: RemoteCallOptions): Promise<RemoteResponse> {
  const send = options.fetch ?? fetch
  try {
    const response = await send(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })
    const text = await response.text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    return { status: response.status, headers: response.headers, body }
  } catch (error) {
    const fault = describeNetworkFault(error)
    throw new RemoteError(options.service, 'network', `No answer from ${options.service}: ${fault}. It will be tried again.`, {
      cause: error,
    })
  }
}
