import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { parseTrustProxy } from '#app/utils/trust-proxy.ts'
import { createBaseApp, STRICT_TRANSPORT_SECURITY } from './http.ts'

// The app as the server builds it, with one route echoing what Express concluded about the client.
const servers: Array<{ close: () => void }> = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

async function ask(trustProxy: string, headers: Record<string, string>) {
  const app = createBaseApp({ trustProxy: parseTrustProxy(trustProxy) })
  app.get('/who', (req, res) => {
    res.json({ ip: req.ip, secure: req.secure })
  })
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/who`, { headers })
  return { ...((await response.json()) as { ip: string; secure: boolean }), hsts: response.headers.get('strict-transport-security') }
}

// The test talks to the server from 127.0.0.1: that is the "proxy" here.
const forged = { 'X-Forwarded-For': '6.6.6.6, 203.0.113.7', 'X-Forwarded-Proto': 'https' }

describe('client address and HTTPS behind a proxy', () => {
  test('without TRUST_PROXY the socket peer is the client and X-Forwarded-* are ignored', async () => {
    expect(await ask('', forged)).toEqual({ ip: '127.0.0.1', secure: false, hsts: null })
  })

  test('one hop: the address the proxy appended (right-most), never the client-written left-most one', async () => {
    expect(await ask('1', forged)).toEqual({ ip: '203.0.113.7', secure: true, hsts: STRICT_TRANSPORT_SECURITY })
  })

  test('two hops reach one entry further left', async () => {
    expect((await ask('2', { 'X-Forwarded-For': '6.6.6.6, 198.51.100.1, 203.0.113.7' })).ip).toBe('198.51.100.1')
  })

  test('a CIDR list trusts only proxies inside it', async () => {
    // 127.0.0.1 is inside 127.0.0.0/8: its X-Forwarded-For is believed, up to the first untrusted address.
    expect(
      await ask('127.0.0.0/8,10.0.0.0/8', { 'X-Forwarded-For': '6.6.6.6, 203.0.113.7, 10.1.2.3', 'X-Forwarded-Proto': 'https' }),
    ).toEqual({ ip: '203.0.113.7', secure: true, hsts: STRICT_TRANSPORT_SECURITY })
    // 127.0.0.1 is outside 10.0.0.0/8: nothing it says is believed, and no HSTS over plain HTTP.
    expect(await ask('10.0.0.0/8', forged)).toEqual({ ip: '127.0.0.1', secure: false, hsts: null })
  })
})
