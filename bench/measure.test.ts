import { describe, expect, test } from 'vitest'
import { figure, measure, formatNumber, formatTable, isOverTarget, type Measurement, percentile, verdictOf } from './measure.ts'

test('nearest-rank percentiles', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1)
  expect(percentile(values, 50)).toBe(50)
  expect(percentile(values, 95)).toBe(95)
  expect(percentile(values, 100)).toBe(100)
  expect(percentile([7], 95)).toBe(7)
})

const latency = (p95: number, targetMs?: number): Measurement => ({ name: 'page', runs: 20, p50: p95 / 2, p95, max: p95 + 1, targetMs })

describe('verdicts', () => {
  test('a latency is over when its p95 exceeds the target, never without one', () => {
    expect(isOverTarget(latency(150, 150))).toBe(false)
    expect(isOverTarget(latency(150.1, 150))).toBe(true)
    expect(isOverTarget(latency(9_999))).toBe(false)
    expect(verdictOf(latency(75, 150))).toBe('ok < 150 ms (50% of budget)')
    expect(verdictOf(latency(300, 150))).toBe('OVER < 150 ms (200% of budget)')
  })

  test('a "≤" figure misses above its target, a "≥" figure below it; the boundary passes', () => {
    expect(isOverTarget(figure('ratio', 1.05, '×', { target: 1.05, direction: '<=' }))).toBe(false)
    expect(isOverTarget(figure('ratio', 1.06, '×', { target: 1.05, direction: '<=' }))).toBe(true)
    expect(isOverTarget(figure('speed', 2_000, 'items/s', { target: 2_000, direction: '>=' }))).toBe(false)
    expect(isOverTarget(figure('speed', 1_999, 'items/s', { target: 2_000, direction: '>=' }))).toBe(true)
    expect(isOverTarget(figure('memory', 1e9, 'MB'))).toBe(false)
  })

  test('a figure that could not be computed misses its target', () => {
    expect(isOverTarget(figure('speed', NaN, 'items/s', { target: 2_000, direction: '>=' }))).toBe(true)
  })

  test('figure verdicts name the direction and the share of the target', () => {
    expect(verdictOf(figure('import', 5, 's', { target: 10 }))).toBe('ok ≤ 10 s (50% of target)')
    expect(verdictOf(figure('speed', 1_500, 'items/s', { target: 2_000, direction: '>=' }))).toBe('UNDER ≥ 2,000 items/s (75% of target)')
    expect(verdictOf(figure('ratio', 1.2, '×', { target: 1.05, digits: 3 }))).toBe('OVER ≤ 1.05 × (114% of target)')
    expect(verdictOf(figure('memory', 512, 'MB'))).toBe('')
  })
})

test('numbers are shown with digits by magnitude unless told', () => {
  expect(formatNumber(1.0123)).toBe('1.01')
  expect(formatNumber(123.45)).toBe('123.5')
  expect(formatNumber(12_345.6)).toBe('12,346')
  expect(formatNumber(1.0123, 3)).toBe('1.012')
})

test('the table lists latencies, then figures with their values and units', () => {
  const table = formatTable([
    latency(75, 150),
    figure('requests vs minimum', 1.02, '×', { target: 1.05 }),
    figure('peak memory', 812, 'MB'),
  ])
  const lines = table.split('\n')
  expect(lines[0]).toMatch(/^benchmark\s+runs\s+p50 ms\s+p95 ms\s+max ms\s+target \(p95\)$/)
  expect(lines[1]).toMatch(/^page\s+20\s+37\.5\s+75\.0\s+76\.0\s+ok < 150 ms \(50% of budget\)$/)
  expect(lines[2]).toBe('')
  expect(lines[3]).toMatch(/^figure\s+value\s+unit\s+target$/)
  expect(lines[4]).toMatch(/^requests vs minimum\s+1\.02\s+×\s+ok ≤ 1\.05 × \(97% of target\)$/)
  expect(lines[5]).toMatch(/^peak memory\s+812\.0\s+MB$/)
})

test('a table of figures only has no latency header', () => {
  expect(formatTable([figure('import', 4.2, 's', { target: 10 })]).split('\n')[0]).toMatch(/^figure/)
})

test('measure stops at its time budget after the minimum runs, and reports the runs made', async () => {
  let calls = 0
  // Each run "takes" 10 ms of the budget: the clock is read around it.
  const slow = () => new Promise((resolve) => setTimeout(() => resolve(++calls), 10))
  const result = await measure('slow', slow, { runs: 50, warmup: 1, budgetMs: 1, minRuns: 3 })
  expect(result.runs).toBe(3)
  expect(calls).toBe(4)
  const unbounded = await measure('fast', async () => {}, { runs: 7, warmup: 0 })
  expect(unbounded.runs).toBe(7)
})
