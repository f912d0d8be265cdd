import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { chooseEcbFile, crossRate, EcbFormatError, eurRateOn, NoRateError, parseEcbXml } from './rates.ts'

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/ecb/${name}`, import.meta.url), 'utf8')
const history = parseEcbXml(fixture('eurofxref-hist.xml'))

describe('parseEcbXml', () => {
  it('reads the daily file: one day, rates per euro', () => {
    const rates = parseEcbXml(fixture('eurofxref-daily.xml'))
    expect(rates).toHaveLength(4)
    expect(rates[0]).toEqual({ date: '2026-04-07', currency: 'USD', ratePerEur: 1.085 })
    expect(rates.find((r) => r.currency === 'GBP')?.ratePerEur).toBe(0.8421)
  })

  it('reads the history files: every day, newest first as published', () => {
    // 7 days of 4 currencies + 2022-03-01 with RUB as a fifth = 33
    expect(history).toHaveLength(33)
    expect(parseEcbXml(fixture('eurofxref-hist-90d.xml')).map((r) => r.date)).toEqual([
      ...Array(4).fill('2026-04-07'),
      ...Array(4).fill('2026-04-02'),
      ...Array(4).fill('2026-04-01'),
      ...Array(4).fill('2026-03-31'),
    ])
  })

  it('refuses a body cut short and XML that is not the ECB envelope', () => {
    const text = fixture('eurofxref-hist.xml')
    expect(() => parseEcbXml(text.slice(0, text.length / 2))).toThrow(EcbFormatError)
    expect(() => parseEcbXml('<?xml version="1.0"?><rates><Cube/></rates>')).toThrow(/not an ECB reference-rate file/)
    expect(() => parseEcbXml(text.replace('rate="1.0850"', 'rate="N/A"'))).toThrow(/unreadable rate on 2026-04-07: USD = N\/A/)
  })
})

describe('chooseEcbFile', () => {
  const today = '2026-04-07'
  it('takes the daily file for today, the 90-day file for recent gaps and the history only when older days are needed', () => {
    expect(chooseEcbFile('2026-04-07', today)).toBe('eurofxref-daily.xml')
    expect(chooseEcbFile('2026-04-06', today)).toBe('eurofxref-hist-90d.xml')
    // 2026-03-01 needs rates from 7 days earlier, 2026-02-22: inside the 89 days back to 2026-01-08
    expect(chooseEcbFile('2026-03-01', today)).toBe('eurofxref-hist-90d.xml')
    // 2026-01-12 − 7 = 2026-01-05 < 2026-01-08
    expect(chooseEcbFile('2026-01-12', today)).toBe('eurofxref-hist.xml')
  })
})

describe('crossRate', () => {
  it('borrows the last working day’s rate over Easter and weekends', () => {
    // Good Friday 3 April, Saturday, Sunday and Easter Monday 6 April 2026 all use Thursday 2 April
    for (const day of ['2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06']) {
      expect(eurRateOn(history, 'USD', day)).toEqual({ ratePerEur: 1.08, date: '2026-04-02' })
    }
    // New Year's Day uses 31 December
    expect(eurRateOn(history, 'GBP', '2026-01-01')).toEqual({ ratePerEur: 0.8725, date: '2025-12-31' })
  })

  it('derives any pair through the euro, as worked by hand', () => {
    // 1 USD in GBP on Good Friday: 0.84000 GBP/EUR ÷ 1.0800 USD/EUR = 0.777… GBP
    expect(crossRate(history, 'USD', 'GBP', '2026-04-03')).toEqual({
      rate: 0.84 / 1.08,
      fromRateDate: '2026-04-02',
      toRateDate: '2026-04-02',
    })
    expect(crossRate(history, 'USD', 'GBP', '2026-04-03').rate).toBeCloseTo(0.7777778, 7)
    // 1 JPY in USD on 7 April: 1.0850 / 162.31 = 0.0066847…
    expect(crossRate(history, 'JPY', 'USD', '2026-04-07').rate).toBeCloseTo(0.0066847, 7)
    // the euro itself: 1 EUR = 1.0850 USD; 1 USD = 1 / 1.0850 = 0.921659 EUR
    expect(crossRate(history, 'EUR', 'USD', '2026-04-07').rate).toBe(1.085)
    expect(crossRate(history, 'USD', 'EUR', '2026-04-07').rate).toBeCloseTo(0.921659, 6)
    expect(crossRate(history, 'CHF', 'CHF', '2026-04-05').rate).toBe(1)
  })

  it('says plainly when no rate exists', () => {
    expect(() => crossRate(history, 'RUB', 'EUR', '2024-05-02')).toThrow(NoRateError)
    expect(() => crossRate(history, 'RUB', 'EUR', '2024-05-02')).toThrow(
      'The last ECB rate for RUB before 2024-05-02 is from 2022-03-01, more than 7 days earlier.',
    )
    expect(() => crossRate(history, 'USD', 'EUR', '1998-12-31')).toThrow(
      'There is no ECB rate for USD on or before 1998-12-31 (the first is from 1999-01-04).',
    )
    expect(() => crossRate(history, 'XYZ', 'EUR', '2026-04-07')).toThrow('The ECB publishes no reference rate for XYZ.')
  })
})
