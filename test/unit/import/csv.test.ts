import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvStream, sniffCsv, type CsvMapping, type ParsedStatement } from '../../../src/main/core/import/statement';
import { bytes, errorOf, text } from './helpers';

const uk = () => text('csv-uk-nationwide.csv');
const de = () => text('csv-de-dkb.csv');
const us = () => text('csv-us-chase.csv');

describe('CSV, UK bank style: preamble, "Paid out"/"Paid in" columns, £, D MMM YYYY, a description over two lines', () => {
  it('sniffs the table under the preamble', () => {
    const sniff = sniffCsv(uk());
    expect({ ...sniff, sampleRows: sniff.sampleRows.length }).toEqual({
      delimiter: ',',
      hasHeader: true,
      headers: ['Date', 'Transaction type', 'Description', 'Paid out', 'Paid in', 'Balance'],
      sampleRows: 5,
      dateFormats: ['D MMM YYYY'],
      decimalSeparator: '.',
      suggestedMapping: { date: 0, description: 2, debit: 3, credit: 4, dateFormat: 'D MMM YYYY', decimalSeparator: '.', defaultCurrency: 'GBP', skipRows: 5, delimiter: ',' },
    });
    expect(sniff.sampleRows[3]).toEqual(['24 Nov 2026', 'Standing order', 'RENT FLAT 2\r\nREF JONES', '£650.00', '', '£-130.44']);
  });

  it('parses with the suggested mapping', () => {
    const expected: ParsedStatement = {
      format: 'csv',
      account: { currency: 'GBP' },
      transactions: [
        { where: 'line 6', bookingDate: '2026-11-27', amountMinor: -4210, currency: 'GBP', description: 'TESCO STORES 2041 LONDON', status: 'booked' },
        { where: 'line 7', bookingDate: '2026-11-26', amountMinor: 245000, currency: 'GBP', description: 'ACME LTD SALARY NOV', status: 'booked' },
        { where: 'line 8', bookingDate: '2026-11-25', amountMinor: -108500, currency: 'GBP', description: 'BRITISH GAS "ENERGY" ACCOUNT', status: 'booked' },
        { where: 'line 9', bookingDate: '2026-11-24', amountMinor: -65000, currency: 'GBP', description: 'RENT FLAT 2 REF JONES', status: 'booked' },
        // the quoted line break above makes this line 11
        { where: 'line 11', bookingDate: '2026-11-01', amountMinor: 12, currency: 'GBP', description: 'CSV transaction', status: 'booked' },
      ],
      warnings: [],
    };
    expect(parseCsv(uk(), sniffCsv(uk()).suggestedMapping)).toEqual(expected);
  });

  it('falls back to the payee when the description is empty', () => {
    const mapping = { ...sniffCsv(uk()).suggestedMapping, payee: 1 };
    expect(parseCsv(uk(), mapping).transactions[4]).toEqual({ where: 'line 11', bookingDate: '2026-11-01', amountMinor: 12, currency: 'GBP', description: 'Interest', payee: 'Interest', status: 'booked' });
  });
});

describe('CSV, German bank style: Windows-1252, semicolons, preamble, decimal comma with dot thousands, DD.MM.YYYY', () => {
  it('sniffs it', () => {
    expect(bytes('csv-de-dkb.csv').includes(0xfc)).toBe(true); // ü in Windows-1252
    const sniff = sniffCsv(de());
    expect(sniff.delimiter).toBe(';');
    expect(sniff.hasHeader).toBe(true);
    expect(sniff.headers.slice(0, 5)).toEqual(['Buchungstag', 'Wertstellung', 'Buchungstext', 'Auftraggeber / Begünstigter', 'Verwendungszweck']);
    expect(sniff.dateFormats).toEqual(['DD.MM.YYYY']);
    expect(sniff.decimalSeparator).toBe(',');
    expect(sniff.suggestedMapping).toEqual({
      date: 0, valueDate: 1, payee: 3, description: 4, amount: 7, reference: 9,
      dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', defaultCurrency: 'EUR', skipRows: 6, delimiter: ';',
    });
  });

  it('parses it', () => {
    expect(parseCsv(de(), sniffCsv(de()).suggestedMapping)).toEqual({
      format: 'csv',
      account: { currency: 'EUR' },
      transactions: [
        { where: 'line 7', bookingDate: '2026-11-27', valueDate: '2026-11-27', amountMinor: -8449, currency: 'EUR', description: 'Abschlag Strom November', payee: 'Stadtwerke München GmbH', reference: 'M-4711', status: 'booked' },
        { where: 'line 8', bookingDate: '2026-11-26', valueDate: '2026-11-26', amountMinor: 325000, currency: 'EUR', description: 'Gehalt 11/2026', payee: 'Muster & Söhne KG', status: 'booked' },
        { where: 'line 9', bookingDate: '2026-11-25', valueDate: '2026-11-24', amountMinor: -380, currency: 'EUR', description: '2026-11-24T08:13 Debitk.1', payee: 'Bäckerei Ölmühle', status: 'booked' },
      ],
      warnings: [],
    });
  });

  it('refuses "-84,49" read with "." as the decimal separator instead of reading 8,449', () => {
    const e = errorOf(() => parseCsv(de(), { ...sniffCsv(de()).suggestedMapping, decimalSeparator: '.' }));
    expect(e.message).toBe('Line 7, column 8 ("Betrag (EUR)"): "-84,49" is not an amount. Check the decimal separator (now ".") and the amount columns in the mapping.');
    expect(e.where).toBe('line 7');
  });
});

describe('CSV, US bank style: MM/DD/YYYY, $ and parentheses for debits, thousands commas', () => {
  it('sniffs and parses it', () => {
    const sniff = sniffCsv(us());
    expect(sniff.dateFormats).toEqual(['MM/DD/YYYY']);
    expect(sniff.suggestedMapping).toEqual({ date: 0, description: 1, amount: 2, reference: 3, dateFormat: 'MM/DD/YYYY', decimalSeparator: '.', defaultCurrency: 'USD', skipRows: 1, delimiter: ',' });
    expect(parseCsv(us(), sniff.suggestedMapping).transactions).toEqual([
      { where: 'line 2', bookingDate: '2026-11-27', amountMinor: -575, currency: 'USD', description: 'STARBUCKS STORE 01234 SEATTLE WA', status: 'booked' },
      { where: 'line 3', bookingDate: '2026-11-25', amountMinor: 312000, currency: 'USD', description: 'ACH DEPOSIT ACME CORP, PAYROLL', status: 'booked' },
      { where: 'line 4', bookingDate: '2026-11-05', amountMinor: -120000, currency: 'USD', description: 'CHECK 1043', reference: '1043', status: 'booked' },
      { where: 'line 5', bookingDate: '2026-11-03', amountMinor: -6000, currency: 'USD', description: 'ATM WITHDRAWAL', status: 'booked' },
    ]);
  });

  it('inverts signs when asked (cards that write purchases as positive)', () => {
    const result = parseCsv(us(), { ...sniffCsv(us()).suggestedMapping, invertSign: true });
    expect(result.transactions.map((t) => t.amountMinor)).toEqual([575, -312000, 120000, 6000]);
  });
});

describe('CSV without a header', () => {
  it('finds the columns by their content', () => {
    const t = '27.11.2026;-12,50;REWE Markt Berlin\n26.11.2026;1.250,00;Gehalt November\n03.11.2026;-3,99;Spotify\n';
    const sniff = sniffCsv(t);
    expect({ hasHeader: sniff.hasHeader, headers: sniff.headers, dateFormats: sniff.dateFormats }).toEqual({ hasHeader: false, headers: ['Column 1', 'Column 2', 'Column 3'], dateFormats: ['DD.MM.YYYY'] });
    expect(sniff.suggestedMapping).toEqual({ date: 0, amount: 1, description: 2, dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', defaultCurrency: 'GBP', skipRows: 0, delimiter: ';' });
    expect(parseCsv(t, { ...sniff.suggestedMapping, defaultCurrency: 'EUR' }).transactions.map((x) => [x.where, x.bookingDate, x.amountMinor, x.description])).toEqual([
      ['line 1', '2026-11-27', -1250, 'REWE Markt Berlin'],
      ['line 2', '2026-11-26', 125000, 'Gehalt November'],
      ['line 3', '2026-11-03', -399, 'Spotify'],
    ]);
  });
});

/** parseCsvStream's rows and summary as one ParsedStatement, to compare with parseCsv. */
async function streamed(chunks: AsyncIterable<string>, mapping: CsvMapping): Promise<ParsedStatement> {
  const transactions: ParsedStatement['transactions'] = [];
  const summary = await parseCsvStream(chunks, mapping, (tx) => transactions.push(tx));
  return { ...summary, transactions };
}

describe('CSV in chunks', () => {
  it('gives the same result as the whole text, whatever the chunk boundaries', async () => {
    for (const t of [uk(), de(), us()]) {
      const mapping = sniffCsv(t).suggestedMapping;
      async function* chunks() {
        for (let i = 0; i < t.length; i += 7) yield t.slice(i, i + 7);
      }
      expect(await streamed(chunks(), mapping)).toEqual(parseCsv(t, mapping));
    }
  });

  it('sniffs the delimiter when the mapping does not carry it, in one piece or in chunks', async () => {
    const { delimiter, ...mapping } = sniffCsv(de()).suggestedMapping;
    expect(delimiter).toBe(';');
    const whole = parseCsv(de(), { ...mapping, delimiter });
    expect(parseCsv(de(), mapping)).toEqual(whole);
    async function* chunks() {
      for (let i = 0; i < de().length; i += 100) yield de().slice(i, i + 100);
    }
    expect(await streamed(chunks(), mapping)).toEqual(whole);
  });

  it('rejects with the row that does not map', async () => {
    async function* chunks() {
      yield us().replace('11/25/2026', '13/25/2026');
    }
    await expect(streamed(chunks(), sniffCsv(us()).suggestedMapping)).rejects.toThrow('Line 3, column 1 ("Date"): "13/25/2026" is not a date in the format MM/DD/YYYY.');
  });
});

describe('CSV bad input: the line, the column and the value, never a partial result', () => {
  const mapping = (): CsvMapping => sniffCsv(us()).suggestedMapping;

  it('a date that does not parse', () => {
    const e = errorOf(() => parseCsv(us().replace('11/03/2026', '11/31/2026'), mapping()));
    expect(e.message).toBe('Line 5, column 1 ("Date"): "11/31/2026" is not a date in the format MM/DD/YYYY. Check the date format and the date column in the mapping.');
    expect(e.where).toBe('line 5');
  });

  it('a row with too few columns', () => {
    expect(errorOf(() => parseCsv(`${us()}Total,,-1000.00\n`, mapping())).message).toBe(
      'Line 6 has 3 columns, but the mapping reads column 4 ("Check or Slip #"). Check the delimiter and the column mapping, or remove the line.',
    );
  });

  it('debit and credit both empty', () => {
    expect(errorOf(() => parseCsv(uk().replace('"£42.10"', '""'), sniffCsv(uk()).suggestedMapping)).message).toBe(
      'Line 6: neither the debit (column 4 ("Paid out")) nor the credit column has an amount. Check the debit and credit columns in the mapping, or remove the line.',
    );
  });

  it('an unknown currency in the currency column', () => {
    const t = 'Date,Amount,Currency,Text\n27/11/2026,-1.00,GBX,Pret\n';
    const e = errorOf(() => parseCsv(t, { date: 0, amount: 1, currency: 2, description: 3, dateFormat: 'DD/MM/YYYY', decimalSeparator: '.', defaultCurrency: 'GBP', skipRows: 1 }));
    expect(e.message).toBe('Line 2: The currency in column 3 ("Currency") "GBX" is not an ISO 4217 currency code (three letters such as GBP, EUR, USD). Correct the file or choose the account\'s currency.');
  });

  it('a file that ends inside a quoted field', () => {
    const e = errorOf(() => parseCsv('Date,Amount,Text\n27/11/2026,-1.00,"cut in the mid', { date: 0, amount: 1, description: 2, dateFormat: 'DD/MM/YYYY', decimalSeparator: '.', defaultCurrency: 'GBP', skipRows: 1 }));
    expect(e.message).toMatch(/^The file ends inside a quoted field \(line 2\): it looks truncated or damaged\./);
  });

  it('a mapping without an amount, an unknown date format, skipping every row', () => {
    const base = mapping();
    expect(errorOf(() => parseCsv(us(), { ...base, amount: undefined })).message).toBe('The column mapping has no amount: choose an amount column, or the debit and credit columns.');
    expect(errorOf(() => parseCsv(us(), { ...base, dateFormat: 'dd/mm/yyyy' })).message).toMatch(/^The date format "dd\/mm\/yyyy" is not one MyBucks understands/);
    expect(errorOf(() => parseCsv(us(), { ...base, skipRows: 99 })).message).toBe('This CSV file has no rows after the first 99 line(s) skipped. Check the number of lines to skip in the mapping.');
  });

  it('not a CSV file at all', () => {
    expect(errorOf(() => sniffCsv('%PDF-1.7\n%âãÏÓ\n')).message).toBe('This file is a PDF document, not a CSV file. Export the statement from your bank as CSV (or OFX, QIF, CAMT) and import that file.');
    expect(errorOf(() => sniffCsv('Dear customer\nyour statement is attached\n')).message).toMatch(/^This file does not look like a CSV statement: no line splits into columns/);
  });
});
