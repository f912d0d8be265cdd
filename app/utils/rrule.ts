// The one place that imports rrule. Its package is CommonJS for Node and ESM for bundlers, and
// Node's ESM loader cannot see its named exports (STACK.md): under Node (the CLI, the worker)
// they live on the default export, under Vite and vitest on the namespace. Take whichever holds them.
import * as rruleNamespace from 'rrule'

type RRuleModule = typeof rruleNamespace
const lib: RRuleModule =
  'RRule' in rruleNamespace && rruleNamespace.RRule ? rruleNamespace : (rruleNamespace as unknown as { default: RRuleModule }).default

export const { Frequency, RRule, RRuleSet, rrulestr, Weekday } = lib
export type RRule = InstanceType<RRuleModule['RRule']>
export type RRuleSet = InstanceType<RRuleModule['RRuleSet']>
export type Weekday = InstanceType<RRuleModule['Weekday']>
export type Frequency = RRuleModule['Frequency'][keyof RRuleModule['Frequency']]
export type { Options as RRuleOptions } from 'rrule'
