// docker-compose.yml cannot be started here (no Docker in CI): its shape is checked instead — the
// web service scales behind the proxy, the worker runs apart, the proxy's hop is trusted.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('../..', import.meta.url))
// merge: Compose's `<<: *anchor` keys (YAML 1.1 merge keys)
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, Record<string, unknown> & { environment?: Record<string, string>; command?: string[] }>
}
const { services } = compose

describe('docker-compose.yml', () => {
  it('has the database, the web processes, the worker and the reverse proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['db', 'proxy', 'web', 'worker'])
  })

  it('runs web processes without their worker, and one worker apart', () => {
    expect(services.web.command).toEqual(['node', 'build/cli/steward.mjs', 'serve', '--no-worker'])
    expect(services.worker.command).toEqual(['node', 'build/cli/steward.mjs', 'worker'])
    for (const name of ['web', 'worker']) {
      expect(services[name].environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@db:5432\//)
      expect(services[name].environment?.NODE_ENV).toBe('production')
    }
  })

  it('lets the web service scale: no published host port, reached through the proxy', () => {
    // `--scale web=2` fails when each replica publishes the same host port
    expect(services.web.ports).toBeUndefined()
    expect(services.web.container_name).toBeUndefined()
    expect(services.web.expose).toEqual(['3000'])
    expect(services.web.environment?.PORT).toBe('3000')
    expect(services.proxy.ports).toEqual(['${PORT:-3000}:80'])
    expect(services.proxy.depends_on).toEqual(['web'])
  })

  it('trusts exactly the one proxy hop in front of the web processes', () => {
    expect(services.web.environment?.TRUST_PROXY).toBe('1')
  })

  it('points the proxy at every web replica through a config file in the repository', () => {
    const mount = (services.proxy.volumes as string[]).find((v) => v.endsWith(':/etc/caddy/Caddyfile:ro'))
    expect(mount).toBeDefined()
    const file = `${root}${mount!.split(':')[0].replace(/^\.\//, '')}`
    expect(existsSync(file)).toBe(true)
    const caddyfile = readFileSync(file, 'utf8')
    // the service name resolves to every replica's address; refreshed as replicas come and go
    expect(caddyfile).toMatch(/dynamic a web 3000/)
    expect(caddyfile).toMatch(/lb_policy round_robin/)
  })
})
