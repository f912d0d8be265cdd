import { describe, expect, it } from 'vitest'
import { openCollectiveMatchBasis, openCollectiveMatchKey, openCollectiveMatchKeys } from './match-key.ts'

// One transaction as the API gives it …
const api = {
  id: '587fd280-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  legacyId: 400_001,
  publicId: 'tx_abcdefgh12345678',
  group: '3bab6c39-aaaa-4bbb-8ccc-dddddddddddd',
}
// … and as the exports write it (tests/fixtures/donations/opencollective-transactions.csv, line 2).
const csv2023 = { shortId: '587fd280', shortGroup: '3bab6c39' }
const csvLabelled = { legacyId: '400001', group: '3bab6c39-aaaa-4bbb-8ccc-dddddddddddd' }

describe('openCollectiveMatchKey', () => {
  it('gives a 2023 export row and the API transaction the same key (short id and short group)', () => {
    const basis = openCollectiveMatchBasis(csv2023)
    expect(basis).toBe('shortIdAndGroup')
    expect(openCollectiveMatchKey(csv2023)).toBe('opencollective:short:587fd280:3bab6c39')
    expect(openCollectiveMatchKey(api, basis)).toBe(openCollectiveMatchKey(csv2023))
  })

  it('gives a labelled export row ("Transaction ID" = legacyId) and the API transaction the same key', () => {
    expect(openCollectiveMatchBasis(csvLabelled)).toBe('legacyId')
    expect(openCollectiveMatchKey(csvLabelled)).toBe('opencollective:legacy:400001')
    expect(openCollectiveMatchKey(api, 'legacyId')).toBe(openCollectiveMatchKey(csvLabelled))
  })

  it('matches on the full id or the public id when the export has those columns', () => {
    expect(openCollectiveMatchKey({ id: api.id.toUpperCase() })).toBe(openCollectiveMatchKey(api, 'id'))
    expect(openCollectiveMatchKey({ publicId: 'tx_abcdefgh12345678' })).toBe(openCollectiveMatchKey(api, 'publicId'))
  })

  it('tells transactions apart that share only the short id', () => {
    const other = { ...csv2023, shortGroup: 'ffffffff' }
    expect(openCollectiveMatchKey(other)).not.toBe(openCollectiveMatchKey(api, 'shortIdAndGroup'))
  })

  it('lists every key the API transaction supports, strongest first', () => {
    expect(openCollectiveMatchKeys(api)).toEqual([
      'opencollective:legacy:400001',
      'opencollective:id:587fd280-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      'opencollective:public:tx_abcdefgh12345678',
      'opencollective:short:587fd280:3bab6c39',
      'opencollective:short:587fd280',
    ])
    expect(openCollectiveMatchKeys(api)).toContain(openCollectiveMatchKey(csv2023))
    expect(openCollectiveMatchKeys(api)).toContain(openCollectiveMatchKey(csvLabelled))
  })

  it('has no key for a row without any id', () => {
    expect(openCollectiveMatchKey({ legacyId: 'n/a', shortId: '' })).toBeNull()
  })
})
