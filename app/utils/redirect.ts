/**
 * Where to send someone after signing in: `to` only when it is a path on this site, else
 * `fallback`. The check is the browser's own reading of the address (`new URL(to, origin)`), so
 * `//evil.example`, `/\evil.example` and `/<tab>/evil.example` (a browser drops the tab), which a
 * prefix test lets through, are refused. Returns the parsed path, query and fragment, so what is
 * sent is exactly what was checked.
 */
export function safeRedirectPath(to: unknown, origin: string, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/')) return fallback
  let url: URL
  try {
    url = new URL(to, origin)
  } catch {
    return fallback
  }
  if (url.origin !== new URL(origin).origin) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // A path such as "//x" would be read as another host when sent back in a Location header.
  return path.startsWith('//') || path.startsWith('/\\') ? fallback : path
}
