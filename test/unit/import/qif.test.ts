import { describe, expect, it } from 'vitest';
import { parseQif, readQif, type ParsedStatement } from '../../../src/main/core/import/statement';
import { errorOf, text } from './helpers';

describe('QIF', () => {
  it("reads a Quicken bank export: 11/27'26 and padded ' 1/ 5'26' dates (month first, proved by the 27), thousands commas, splits ignored with the total kept", () => {
    expect(parseQif(text('qif-bank-us-quicken.qif'), { currency: 'USD' })).toEqual({
      format: 'qif',
      account: { type: 'Bank', currency: 'USD' },
      transactions: [
        { where: 'line 2', bookingDate: '2026-11-27', amountMinor: -123456, currency: 'USD', description: 'New laptop', payee: 'APPLE STORE #R102', reference: 'DEBIT', status: 'booked' },
        { where: 'line 10', bookingDate: '2026-01-05', amountMinor: 245000, currency: 'USD', description: 'ACME CORP PAYROLL', payee: 'ACME CORP PAYROLL', status: 'booked' },
        { where: 'line 15', bookingDate: '2026-11-20', amountMinor: -30000, currency: 'USD', description: 'Nov rent (part)', payee: 'City Landlord LLC', reference: '1042', status: 'booked' },
        { where: 'line 25', bookingDate: '2026-11-30', amountMinor: -999, currency: 'USD', description: 'NETFLIX.COM', payee: 'NETFLIX.COM', status: 'booked' },
      ],
      warnings: [],
    });
  });

  it('reads a UK credit-card export with !Option, an !Account block and 27/11/26 dates (day first, proved by the 27)', () => {
    expect(parseQif(text('qif-ccard-uk.qif'), { currency: 'GBP' })).toEqual({
      format: 'qif',
      account: { name: 'Barclaycard Platinum', type: 'CCard', currency: 'GBP' },
      transactions: [
        { where: 'line 9', bookingDate: '2026-11-27', amountMinor: -4210, currency: 'GBP', description: 'Contactless', payee: 'TESCO STORES 2041', status: 'booked' },
        { where: 'line 14', bookingDate: '2026-11-03', amountMinor: 15000, currency: 'GBP', description: 'PAYMENT RECEIVED - THANK YOU', payee: 'PAYMENT RECEIVED - THANK YOU', status: 'booked' },
        { where: 'line 18', bookingDate: '2026-11-05', amountMinor: -750, currency: 'GBP', description: 'TFL TRAVEL CH', payee: 'TFL TRAVEL CH', status: 'booked' },
      ],
      warnings: [],
    });
  });

  it('reads ISO dates from a cash account', () => {
    expect(parseQif(text('qif-cash-iso.qif'), { currency: 'EUR' }).transactions).toEqual([
      { where: 'line 2', bookingDate: '2026-11-27', amountMinor: -320, currency: 'EUR', description: 'Corner shop', payee: 'Corner shop', status: 'booked' },
      { where: 'line 6', bookingDate: '2026-11-02', amountMinor: 5000, currency: 'EUR', description: 'Cash withdrawal', status: 'booked' },
    ]);
  });

  it('asks for the date order when no date proves it, and uses the one chosen', () => {
    const e = errorOf(() => parseQif(text('qif-bank-ambiguous-dates.qif'), { currency: 'GBP' }));
    expect(e.message).toBe('The dates in this file (such as 03/04/2026) can be read as day/month or month/day. Choose the date order your bank uses and import again.');
    expect(parseQif(text('qif-bank-ambiguous-dates.qif'), { currency: 'GBP', dateOrder: 'dmy' }).transactions.map((t) => t.bookingDate)).toEqual(['2026-04-03', '2026-06-05']);
    expect(parseQif(text('qif-bank-ambiguous-dates.qif'), { currency: 'GBP', dateOrder: 'mdy' }).transactions.map((t) => t.bookingDate)).toEqual(['2026-03-04', '2026-05-06']);
  });

  it("follows the file when it proves the order against the user's choice, and says so", () => {
    const result = parseQif(text('qif-ccard-uk.qif'), { currency: 'GBP', dateOrder: 'mdy' });
    expect(result.transactions.map((t) => t.bookingDate)).toEqual(['2026-11-27', '2026-11-03', '2026-11-05']);
    expect(result.warnings).toEqual(['You chose the date order mdy, but a date such as 27/11/26 can only be day/month/year; the file\'s order is used.']);
  });

  it('returns the chosen account of a file with several', () => {
    const two = '!Account\nNCurrent\nTBank\n^\n!Type:Bank\nD27/11/2026\nT-1.00\nPA\n^\n!Account\nNSaver\nTBank\n^\n!Type:Bank\nD28/11/2026\nT2.00\nPB\n^\n';
    const second = parseQif(two, { currency: 'GBP', statement: 1 });
    expect(second.account).toEqual({ name: 'Saver', type: 'Bank', currency: 'GBP' });
    expect(second.transactions).toEqual([{ where: 'line 15', bookingDate: '2026-11-28', amountMinor: 200, currency: 'GBP', description: 'B', payee: 'B', status: 'booked' }]);
    expect(second.statements).toEqual([{ name: 'Current', type: 'Bank' }, { name: 'Saver', type: 'Bank' }]);
  });
});

describe('QIF row by row', () => {
  it("hands the chosen account's rows out one at a time, in file order, as parseQif returns them", () => {
    for (const [name, currency, statement] of [['qif-bank-us-quicken.qif', 'USD', 0], ['qif-ccard-uk.qif', 'GBP', 0], ['qif-cash-iso.qif', 'EUR', 0]] as const) {
      const rows: ParsedStatement['transactions'] = [];
      const summary = readQif(text(name), { currency, statement }, (tx) => rows.push(tx));
      expect({ ...summary, transactions: rows }).toEqual(parseQif(text(name), { currency, statement }));
    }
    const two = '!Account\nNCurrent\nTBank\n^\n!Type:Bank\nD27/11/2026\nT-1.00\nPA\n^\n!Account\nNSaver\nTBank\n^\n!Type:Bank\nD28/11/2026\nT2.00\nPB\n^\nD29/11/2026\nT3.00\nPC\n^\n';
    const seen: string[] = [];
    readQif(two, { currency: 'GBP', statement: 1 }, (tx) => seen.push(`${tx.where} ${tx.payee}`));
    expect(seen).toEqual(['line 15 B', 'line 19 C']);
  });
});

describe('QIF bad input', () => {
  it('a file cut inside a transaction', () => {
    const cut = text('qif-ccard-uk.qif').replace(/\^\r\n$/, '');
    const e = errorOf(() => parseQif(cut, { currency: 'GBP' }));
    expect(e.message).toBe('The file ends inside the transaction that began at line 18 (no closing ^): it looks truncated. Export the file again; nothing was imported.');
    expect(e.where).toBe('line 18');
  });

  it('a date that does not parse, an amount that is none', () => {
    expect(errorOf(() => parseQif(text('qif-cash-iso.qif').replace('D2026-11-02', 'D2026-11-31'), { currency: 'EUR' })).message).toBe(
      'Line 6: "D2026-11-31" is not a date (QIF dates look like 11/27/2026, 27/11/26, 11/27\'26 or 2026-11-27). Correct the line or export the file again.',
    );
    expect(errorOf(() => parseQif(text('qif-cash-iso.qif').replace('T-3.20', 'T-3.2O'), { currency: 'EUR' })).message).toBe(
      'Line 2: the amount "-3.2O" is not an amount. Check the account\'s currency, or correct the line.',
    );
  });

  it('dates in both orders', () => {
    const mixed = '!Type:Bank\nD27/11/2026\nT-1.00\n^\nD11/28/2026\nT-1.00\n^\n';
    expect(errorOf(() => parseQif(mixed, { currency: 'GBP' })).message).toBe(
      'The dates in this file mix day/month (27/11/2026) and month/day (11/28/2026) order, so they cannot be read safely. Export the file again, or convert it to CSV and map the dates there.',
    );
  });

  it('an unknown currency, investments only, not QIF at all', () => {
    expect(errorOf(() => parseQif(text('qif-cash-iso.qif'), { currency: 'EURO' })).message).toBe(
      'The account currency "EURO" is not an ISO 4217 currency code (three letters such as GBP, EUR, USD). Correct the file or choose the account\'s currency.',
    );
    expect(errorOf(() => parseQif('!Type:Invst\nD11/27/2026\nNBuy\nYACME\nI10.00\nQ5\nT50.00\n^\n', { currency: 'USD' })).message).toBe(
      'This QIF file holds investment transactions (!Type:Invst) only, which MyBucks cannot import. Export the bank or card account instead.',
    );
    expect(errorOf(() => parseQif('Date,Amount\n2026-11-27,1\n', { currency: 'USD' })).message).toBe(
      'This is not a QIF file: line 1 comes before any !Type header. Check that you picked the file your bank calls QIF or "Quicken (QIF)".',
    );
  });
});
