import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { convertMinor, minorToDecimal, parseMoney } from './money.ts'

describe('money never goes through floats', () => {
  test('examples', () => {
    expect(parseMoney('$4.52', 'USD')).toBe(452)
    expect(parseMoney('-$5.00 USD', 'USD')).toBe(-500)
    expect(parseMoney('-2.5', 'USD')).toBe(-250)
    expect(parseMoney('1,234.56', 'USD')).toBe(123456)
    expect(parseMoney('1.234,56', 'EUR', { decimalComma: true })).toBe(123456)
    expect(parseMoney('500', 'JPY')).toBe(500)
    expect(() => parseMoney('0.001', 'USD')).toThrow(/more decimals/)
    expect(() => parseMoney('0.29', 'USD')).not.toThrow()
    expect(parseMoney('0.29', 'USD')).toBe(29)
    expect(parseMoney('1.005', 'KWD')).toBe(1005)
  })

  test('parse(format(x)) = x for any integer amount, in any exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'), (minor, currency) => {
        const parsed = parseMoney(minorToDecimal(minor, currency), currency)
        expect(Number.isSafeInteger(parsed)).toBe(true)
        expect(parsed).toBe(minor)
      }),
    )
  })

  test('two-decimal text parses to exactly cents, whatever floats would do', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e9 }), fc.nat({ max: 99 }), (whole, cents) => {
        expect(parseMoney(`${whole}.${String(cents).padStart(2, '0')}`, 'USD')).toBe(whole * 100 + cents)
      }),
    )
  })

  test('conversion: rate 1 is identity, sign is symmetric, result is an integer within half a unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), fc.integer({ min: 1, max: 10_000_000 }), (minor, rateMicro) => {
        const rate = (rateMicro / 1e6).toFixed(6)
        const converted = convertMinor(minor, 'EUR', 'USD', rate)
        expect(Number.isSafeInteger(converted)).toBe(true)
        expect(convertMinor(-minor, 'EUR', 'USD', rate)).toBe(-converted || 0)
        expect(convertMinor(minor, 'EUR', 'USD', '1')).toBe(minor)
        // exact check in BigInt: |converted*1e6 - minor*rateMicro| <= 0.5e6
        const diff = BigInt(converted) * 1_000_000n - BigInt(minor) * BigInt(rateMicro)
        expect((diff < 0n ? -diff : diff) <= 500_000n).toBe(true)
      }),
    )
    expect(convertMinor(1000, 'JPY', 'USD', '0.0067')).toBe(670)
    expect(convertMinor(1000, 'EUR', 'JPY', '160.5')).toBe(1605)
  })
})
