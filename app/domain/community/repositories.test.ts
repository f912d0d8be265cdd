import { describe, expect, it } from 'vitest'
import { parseLogins, parseRepositoryName } from './repositories.ts'
import { MaintainersSchema } from './schemas.ts'

describe('parseRepositoryName', () => {
  it('reads OWNER/NAME and GitHub URLs', () => {
    expect(parseRepositoryName('pybamm-team/PyBaMM')).toEqual({ owner: 'pybamm-team', name: 'PyBaMM' })
    expect(parseRepositoryName(' https://github.com/pybamm-team/PyBaMM.git ')).toEqual({ owner: 'pybamm-team', name: 'PyBaMM' })
    expect(parseRepositoryName('a/b.c_d-e/')).toEqual({ owner: 'a', name: 'b.c_d-e' })
  })
  it('refuses what is not a repository', () => {
    for (const bad of ['', 'pybamm', 'a/b/c', '-a/b', 'a--b/c', 'a/..', 'a b/c', 'a/b c']) expect(parseRepositoryName(bad)).toBeNull()
  })
})

describe('maintainer logins', () => {
  it('takes one per line, drops @ and duplicates', () => {
    expect(parseLogins('@alice\nbob, Alice\n\n  carol ')).toEqual(['Alice', 'bob', 'carol'])
  })
  it('names the lines that are not logins', () => {
    const result = MaintainersSchema.safeParse({ intent: 'maintainers', maintainers: 'alice\nnot/a/login' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0].message).toContain('not/a/login')
  })
})
