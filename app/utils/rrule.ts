// The one place that imports rrule: its ESM/CJS packaging breaks named imports in the built
// server unless Vite bundles it (vite.config.ts: ssr.noExternal), see STACK.md.
import { Frequency, RRule, RRuleSet, rrulestr, Weekday } from 'rrule'

export { Frequency, RRule, RRuleSet, rrulestr, Weekday }
export type { Options as RRuleOptions } from 'rrule'
