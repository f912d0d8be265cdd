// What one page request reads once for all its loaders. A document request runs the root loader
// and the page's loader side by side, each with its own copy of the Request (React Router strips
// its own search parameters into a new Request per loader), so a cache keyed by the Request missed
// and the signed-in user and the settings were read twice: two of the /community page's nine
// statements (bench/README.md, "/community over HTTP").
//
// The memo lives for one GET or HEAD request (server/http.ts runs the request handler inside it):
// those only read. An action's request has none, so loaders that revalidate after a change see
// the change. Outside a request (the command line, jobs, tests) every call reads afresh.
import { AsyncLocalStorage } from 'node:async_hooks'

type Memo = Map<string, unknown>

// On globalThis: the HTTP server (in the command line's bundle) opens the scope and the routes (in
// the server build's bundle) read it, so both must hold the same storage, as with the database handle.
const STORAGE_KEY = Symbol.for('steward.request-memo')
const storage = ((globalThis as { [STORAGE_KEY]?: AsyncLocalStorage<Memo> })[STORAGE_KEY] ??= new AsyncLocalStorage<Memo>())

/** Runs `handle` with a memo of its own: what it reads through memoInRequest is read once. */
export function withRequestMemo<T>(handle: () => T): T {
  return storage.run(new Map(), handle)
}

/** `read()`'s result (usually a promise), shared by every caller with the same key in this request; outside one, read() itself. */
export function memoInRequest<T>(key: string, read: () => T): T {
  const memo = storage.getStore()
  if (!memo) return read()
  if (memo.has(key)) return memo.get(key) as T
  const value = read()
  memo.set(key, value)
  return value
}
