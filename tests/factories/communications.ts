import type { ChannelKind } from '#app/domain/communications/vocabulary.ts'
import type { CadenceFormInput, ChannelInput } from '#app/domain/communications/schemas.ts'
import { createChannel } from '#app/domain/communications/channels.server.ts'
import { createCadence } from '#app/domain/communications/cadences.server.ts'

/** Plain data for a channel; the demo seed uses the same shape. */
export function buildChannel(kind: ChannelKind = 'x', overrides: Partial<ChannelInput> = {}): ChannelInput {
  const names: Partial<Record<ChannelKind, string>> = { x: 'X', linkedin: 'LinkedIn', mastodon: 'Mastodon', bluesky: 'Bluesky' }
  return { kind, name: names[kind] ?? kind, handle: '@pybamm', active: true, ...overrides }
}

export function insertChannel(actorId: string, kind: ChannelKind = 'x', overrides: Partial<ChannelInput> = {}) {
  return createChannel({ ...buildChannel(kind, overrides), actorId })
}

export function buildCadence(overrides: Partial<CadenceFormInput> = {}): CadenceFormInput {
  return {
    mode: 'simple',
    intervalWeeks: 2,
    weekdays: ['TU'],
    validFrom: '2026-01-06',
    timeOfDay: '09:00',
    label: 'Every other Tuesday',
    ...overrides,
  }
}

export function insertCadence(actorId: string, overrides: Partial<CadenceFormInput> = {}) {
  return createCadence({ ...buildCadence(overrides), actorId })
}
