// The one place that imports rrule. Its packaging (CommonJS "main", ESM "module", no "exports")
// gives different shapes: Vite and vitest load the ESM build (named exports), plain Node and tsx
// (the CLI, demo load) load the CommonJS build, whose names sit on the default export. The
// namespace import below works in both; vite.config.ts keeps ssr.noExternal: ['rrule'] (STACK.md).
import * as rruleNamespace from 'rrule'

type RRuleModule = typeof rruleNamespace
const rrule: RRuleModule = 'RRule' in rruleNamespace && rruleNamespace.RRule ? rruleNamespace : (rruleNamespace as unknown as { default: RRuleModule }).default

export const RRule = rrule.RRule
export type RRule = rruleNamespace.RRule
export const RRuleSet = rrule.RRuleSet
export type RRuleSet = rruleNamespace.RRuleSet
export const rrulestr = rrule.rrulestr
export const Weekday = rrule.Weekday
export type Weekday = rruleNamespace.Weekday
export const Frequency = rrule.Frequency
export type Frequency = rruleNamespace.Frequency
export type { Options as RRuleOptions } from 'rrule'
