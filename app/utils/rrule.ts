// The one place that imports rrule: its ESM/CJS packaging breaks named imports in the built
// server unless Vite bundles it (vite.config.ts: ssr.noExternal), see STACK.md. Under plain
// Node (the CLI runs the sources through tsx) 'rrule' resolves to its CommonJS UMD build, whose
// names Node cannot see as named exports: take them from the namespace or its default.
import * as rruleModule from 'rrule'
import type * as RRuleTypes from 'rrule'

type RRuleExports = typeof RRuleTypes
const resolved: RRuleExports = ((rruleModule as unknown as { default?: RRuleExports }).default?.RRule ? (rruleModule as unknown as { default: RRuleExports }).default : rruleModule) as RRuleExports

export const RRule = resolved.RRule
export type RRule = RRuleTypes.RRule
export const RRuleSet = resolved.RRuleSet
export type RRuleSet = RRuleTypes.RRuleSet
export const rrulestr = resolved.rrulestr
export const Frequency = resolved.Frequency
export type Frequency = RRuleTypes.Frequency
export const Weekday = resolved.Weekday
export type Weekday = RRuleTypes.Weekday
export type { Options as RRuleOptions } from 'rrule'
