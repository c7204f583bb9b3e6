import { describe, expect, it } from 'vitest';
import { currencyExponent, decimalToMinor, formatMinor, minorToDecimal } from '../../../src/shared/money';

describe('money helpers', () => {
  it('knows ISO 4217 exponents', () => {
    expect(currencyExponent('GBP')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(() => currencyExponent('gbp')).toThrow(/ISO 4217/);
  });

  it('converts decimal strings to minor units', () => {
    expect(decimalToMinor('12.34', 'GBP')).toBe(1234);
    expect(decimalToMinor('12', 'GBP')).toBe(1200);
    expect(decimalToMinor('12.3', 'EUR')).toBe(1230);
    expect(decimalToMinor('0.01', 'USD')).toBe(1);
    expect(decimalToMinor('-7.5', 'GBP')).toBe(-750);
    expect(decimalToMinor('1500', 'JPY')).toBe(1500);
    expect(decimalToMinor('1.234', 'KWD')).toBe(1234);
    expect(decimalToMinor('10.00000', 'GBP')).toBe(1000);
    expect(decimalToMinor('10.005', 'GBP')).toBe(1001);
    expect(decimalToMinor('10.00499', 'GBP')).toBe(1000);
    expect(decimalToMinor('-0.001', 'GBP')).toBe(0);
    expect(decimalToMinor('9999999999999.99', 'GBP')).toBe(999999999999999);
    expect(() => decimalToMinor('12,34', 'GBP')).toThrow(/Not a decimal/);
    expect(() => decimalToMinor('1e5', 'GBP')).toThrow(/Not a decimal/);
    expect(() => decimalToMinor('', 'GBP')).toThrow(/Not a decimal/);
    expect(() => decimalToMinor('99999999999999999', 'GBP')).toThrow(/out of range/);
  });

  it('converts minor units back to decimal strings', () => {
    expect(minorToDecimal(1234, 'GBP')).toBe('12.34');
    expect(minorToDecimal(-1, 'GBP')).toBe('-0.01');
    expect(minorToDecimal(0, 'USD')).toBe('0.00');
    expect(minorToDecimal(-5, 'JPY')).toBe('-5');
    expect(minorToDecimal(1234, 'KWD')).toBe('1.234');
    expect(() => minorToDecimal(1.5, 'GBP')).toThrow(/safe integer/);
    for (const n of [0, 1, 99, 100, 101, -250, 123456789]) expect(decimalToMinor(minorToDecimal(n, 'EUR'), 'EUR')).toBe(n);
  });

  it('formats for display', () => {
    expect(formatMinor(-1234, 'GBP', 'en-GB')).toBe('-£12.34');
    expect(formatMinor(1500, 'JPY', 'en-US')).toBe('¥1,500');
  });
});
