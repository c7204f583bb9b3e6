import { describe, expect, it } from 'vitest';
import { parseOfx, parseOfxStream, type ParsedStatement } from '../../../src/main/core/import/statement';
import { bytes, errorOf, text } from './helpers';

describe('OFX 1.x SGML (no end tags on elements)', () => {
  it('reads a checking statement: comma TRNAMT, leading +, .75, [tz] dates, &amp;, an empty <NAME>, no FITID, LEDGERBAL', () => {
    const expected: ParsedStatement = {
      format: 'ofx',
      account: { accountId: '004412345678', bankId: '121000358', type: 'CHECKING', currency: 'USD' },
      transactions: [
        { where: 'line 39', fileId: '2026112701', bookingDate: '2026-11-27', amountMinor: -1250, currency: 'USD', description: 'POS PURCHASE CARD 1234', payee: "JOE'S COFFEE & BAGELS", status: 'booked', bankTxCode: 'DEBIT' },
        { where: 'line 47', fileId: '2026112502', bookingDate: '2026-11-25', valueDate: '2026-11-26', amountMinor: 245000, currency: 'USD', description: 'ACME CORP PAYROLL', payee: 'ACME CORP PAYROLL', status: 'booked', bankTxCode: 'CREDIT' },
        // 20261120000000[+1:CET] is the 20th as the bank wrote it, not the 19th in UTC
        { where: 'line 55', bookingDate: '2026-11-20', amountMinor: -30000, currency: 'USD', description: 'CHECK 1042', reference: '1042', status: 'booked', bankTxCode: 'CHECK' },
        { where: 'line 63', fileId: '2026110104', bookingDate: '2026-11-01', amountMinor: -75, currency: 'USD', description: 'FEE', status: 'booked', bankTxCode: 'FEE' },
      ],
      closingBalance: { amountMinor: 152340, currency: 'USD', date: '2026-11-27' },
      warnings: ['1 entry has no FITID: duplicates among them are found by date, amount and payee only.'],
    };
    expect(parseOfx(text('ofx1-sgml-checking.ofx'))).toEqual(expected);
  });

  it('decodes Windows-1252 bytes (é = 0xE9, € = 0x80) from a CHARSET:1252 file whose tags share lines', () => {
    const raw = bytes('ofx1-windows-1252.ofx');
    expect(raw.includes(0xe9)).toBe(true);
    expect(raw.includes(0x80)).toBe(true);
    expect(parseOfx(text('ofx1-windows-1252.ofx'))).toEqual({
      format: 'ofx',
      account: { accountId: '00012345678', bankId: '30004', type: 'CHECKING', currency: 'EUR' },
      transactions: [
        { where: 'line 15', fileId: 'FR7630004000031', bookingDate: '2026-11-26', amountMinor: -420, currency: 'EUR', description: 'CB Café de la Gare 25/11', payee: 'Café de la Gare', status: 'booked', bankTxCode: 'DEBIT' },
        { where: 'line 16', fileId: 'FR7630004000032', bookingDate: '2026-11-27', amountMinor: -1999, currency: 'EUR', description: 'Abonnement 19,99 €', payee: 'Crêperie Sévigné', status: 'booked', bankTxCode: 'DEBIT' },
      ],
      closingBalance: { amountMinor: 81233, currency: 'EUR', date: '2026-11-27' },
      warnings: [],
    });
  });

  it('reads a credit-card QFX with a UTF-8 BOM, keeping the signs the file states (charge negative, payment positive)', () => {
    expect([...bytes('ofx1-bom-creditcard.qfx').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseOfx(text('ofx1-bom-creditcard.qfx'))).toEqual({
      format: 'ofx',
      account: { accountId: 'XXXXXXXXXXXX4321', type: 'CREDITCARD', currency: 'USD' },
      transactions: [
        { where: 'line 25', fileId: '320263280145678901', bookingDate: '2026-11-24', amountMinor: -5812, currency: 'USD', description: 'Groceries – Zoë’s order', payee: 'WHOLE FOODS MARKET #10234', status: 'booked', bankTxCode: 'DEBIT' },
        { where: 'line 33', fileId: '320263190145600002', bookingDate: '2026-11-15', amountMinor: 100000, currency: 'USD', description: 'PAYMENT - THANK YOU', payee: 'PAYMENT - THANK YOU', status: 'booked', bankTxCode: 'CREDIT' },
      ],
      closingBalance: { amountMinor: -123456, currency: 'USD', date: '2026-11-27' },
      warnings: [],
    });
  });
});

describe('OFX 2.x XML', () => {
  it('reads the first of two statements, says there are two, and lists both accounts', () => {
    const result = parseOfx(text('ofx2-xml-two-accounts.ofx'));
    expect(result).toEqual({
      format: 'ofx',
      account: { accountId: '41123456', bankId: '400515', type: 'CHECKING', currency: 'GBP' },
      transactions: [
        { where: 'line 20', fileId: 'DD-20261103-0001', bookingDate: '2026-11-03', amountMinor: -4500, currency: 'GBP', description: 'WATER & SEWERAGE <NOV>', payee: 'THAMES WATER', status: 'booked', bankTxCode: 'DIRECTDEBIT' },
        { where: 'line 28', fileId: 'TFR-20261110-0002', bookingDate: '2026-11-10', amountMinor: -20000, currency: 'GBP', description: 'XFER', reference: 'SAVINGS NOV', status: 'booked', bankTxCode: 'XFER' },
      ],
      closingBalance: { amountMinor: 98765, currency: 'GBP', date: '2026-11-27' },
      warnings: ['This file holds 2 statements (1: account 41123456, GBP; 2: account 7654321, JPY). Showing statement 1; choose another to import it.'],
      statements: [
        { accountId: '41123456', bankId: '400515', type: 'CHECKING', currency: 'GBP' },
        { accountId: '7654321', bankId: '0005', type: 'SAVINGS', currency: 'JPY' },
      ],
    });
  });

  it('skips comments, even ones holding tags', () => {
    const commented = text('ofx2-xml-two-accounts.ofx').replace('<TRNTYPE>XFER</TRNTYPE>', '<TRNTYPE>XFER</TRNTYPE><!-- <MEMO>old</MEMO> -->');
    expect(parseOfx(commented).transactions[1].description).toBe('XFER');
  });

  it('returns the chosen statement (JPY: no decimals)', () => {
    const result = parseOfx(text('ofx2-xml-two-accounts.ofx'), { statement: 1 });
    expect(result.account).toEqual({ accountId: '7654321', bankId: '0005', type: 'SAVINGS', currency: 'JPY' });
    expect(result.transactions).toEqual([
      { where: 'line 48', fileId: 'JP-INT-202611', bookingDate: '2026-11-25', amountMinor: 12, currency: 'JPY', description: 'INTEREST', payee: 'INTEREST', status: 'booked', bankTxCode: 'INT' },
    ]);
    expect(result.closingBalance).toEqual({ amountMinor: 1500012, currency: 'JPY', date: '2026-11-27' });
    expect(errorOf(() => parseOfx(text('ofx2-xml-two-accounts.ofx'), { statement: 2 })).message).toBe(
      'This file holds 2 statements; there is no statement number 3. Choose one of 1–2.',
    );
  });
});

describe('OFX bad input: an error naming the place, never a partial result', () => {
  const checking = () => text('ofx1-sgml-checking.ofx');

  it('a file cut inside a transaction', () => {
    const e = errorOf(() => parseOfx(text('ofx1-truncated.ofx')));
    expect(e.message).toBe('The file ends before </OFX> (inside <STMTTRN> opened at line 47): it looks truncated. Download the statement from your bank again; nothing was imported.');
    expect(e.where).toBe('line 47');
  });

  it('a file cut after the last transaction, before </OFX>', () => {
    const cut = checking().slice(0, checking().indexOf('</BANKMSGSRSV1>'));
    expect(errorOf(() => parseOfx(cut)).message).toMatch(/^The file ends before <\/OFX> \(inside <BANKMSGSRSV1> opened at line 22\): it looks truncated/);
  });

  it('a PDF or a JPEG passed as OFX', () => {
    const pdf = new TextDecoder('latin1').decode(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'));
    expect(errorOf(() => parseOfx(pdf)).message).toBe('This file is a PDF document, not an OFX statement. Download the statement from your bank as OFX, QFX, CSV or CAMT and import that file.');
    const jpeg = new TextDecoder('latin1').decode(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46));
    expect(errorOf(() => parseOfx(jpeg)).message).toMatch(/^This file is a JPEG image, not an OFX statement/);
    expect(errorOf(() => parseOfx('Date,Amount\n2026-11-27,-12.50\n')).message).toMatch(/^This file is not an OFX statement: it has no <OFX> element/);
  });

  it('an unknown currency code, named with its line', () => {
    const e = errorOf(() => parseOfx(checking().replace('<CURDEF>USD', '<CURDEF>XYZ')));
    expect(e.message).toBe('Line 30: CURDEF "XYZ" is not an ISO 4217 currency code (three letters such as GBP, EUR, USD). Correct the file or choose the account\'s currency.');
    expect(errorOf(() => parseOfx(checking().replace('<CURDEF>USD', '<CURDEF>US$'))).where).toBe('line 30');
  });

  it('no CURDEF: the default currency when given, else an error asking for it', () => {
    const without = checking().replace('<CURDEF>USD\r\n', '');
    expect(errorOf(() => parseOfx(without)).message).toBe("The statement at line 29 does not say its currency (no <CURDEF>). Choose the account's currency and import again.");
    const result = parseOfx(without, { defaultCurrency: 'CAD' });
    expect(result.transactions.map((t) => [t.currency, t.amountMinor])).toEqual([['CAD', -1250], ['CAD', 245000], ['CAD', -30000], ['CAD', -75]]);
  });

  it('a date that does not parse, named with its line', () => {
    const e = errorOf(() => parseOfx(checking().replace('<DTPOSTED>20261125', '<DTPOSTED>20261325')));
    expect(e.message).toBe('Line 49: <DTPOSTED> "20261325" is not a date (OFX dates look like 20261127 or 20261127120000.000[-5:EST]). The file is damaged; download it again from your bank.');
    expect(e.where).toBe('line 47');
  });

  it('an amount that is no amount, or has more decimals than the currency', () => {
    expect(errorOf(() => parseOfx(checking().replace('<TRNAMT>-12,50', '<TRNAMT>-12.5.0'))).message).toMatch(/^Line 42: <TRNAMT> "-12.5.0" is not an amount\./);
    expect(errorOf(() => parseOfx(checking().replace('<TRNAMT>-12,50', '<TRNAMT>-1,234'))).message).toMatch(/^Line 42: <TRNAMT> "-1,234" is more decimals than USD has \(2\)\./);
  });

  it('a missing DTPOSTED or TRNAMT', () => {
    expect(errorOf(() => parseOfx(checking().replace('<TRNAMT>-.75\r\n', ''))).message).toBe(
      'Line 63: the <STMTTRN> has no <TRNAMT> amount. The file is damaged; download it again from your bank.',
    );
  });

  it('an end tag that closes nothing', () => {
    expect(errorOf(() => parseOfx(checking().replace('</BANKTRANLIST>', '</BANKTRANLIS>'))).message).toMatch(/^Line \d+: the end tag <\/BANKTRANLIS> closes nothing that is open\./);
  });

  it('the bank sent an error instead of a statement', () => {
    const refused = '<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>Account unavailable</STATUS></STMTTRNRS></BANKMSGSRSV1></OFX>';
    expect(errorOf(() => parseOfx(refused)).message).toBe('The bank reported an error instead of a statement (code 2000: Account unavailable, line 1). Download the statement again.');
  });

  it('warns when the bank reuses a FITID within the file', () => {
    const reused = checking().replace('<FITID>2026110104', '<FITID>2026112701');
    expect(parseOfx(reused).warnings).toContain('1 entry repeats the FITID of an earlier entry in this file: the bank reuses its ids, so they are not reliable for finding duplicates.');
  });
});

describe('OFX read in chunks', () => {
  /** parseOfxStream's rows and summary as one ParsedStatement, with the text cut into `size`-character chunks. */
  async function streamed(t: string, size: number, opts: Parameters<typeof parseOfxStream>[1] = {}): Promise<ParsedStatement> {
    async function* chunks() {
      for (let i = 0; i < t.length; i += size) yield t.slice(i, i + size);
    }
    const transactions: ParsedStatement['transactions'] = [];
    const summary = await parseOfxStream(chunks(), opts, (tx) => transactions.push(tx));
    return { ...summary, transactions };
  }

  it('gives what the whole text gives, wherever the chunks end (repeated FITIDs are the caller to count)', async () => {
    for (const name of ['ofx1-sgml-checking.ofx', 'ofx1-bom-creditcard.qfx', 'ofx1-windows-1252.ofx']) {
      const whole = parseOfx(text(name));
      for (const size of [1, 7, 64, 1 << 20]) expect(await streamed(text(name), size)).toEqual(whole);
    }
    const second = parseOfx(text('ofx2-xml-two-accounts.ofx'), { statement: 1 });
    expect(await streamed(text('ofx2-xml-two-accounts.ofx'), 5, { statement: 1 })).toEqual(second);
  });

  it('a damaged entry is reported after the file has been read whole: a truncated file says so first', async () => {
    const damaged = text('ofx1-sgml-checking.ofx').replace('<TRNAMT>-12,50', '<TRNAMT>twelve');
    await expect(streamed(damaged, 10)).rejects.toThrow('"twelve"');
    const truncated = damaged.slice(0, damaged.lastIndexOf('</BANKTRANLIST>'));
    await expect(streamed(truncated, 10)).rejects.toThrow('The file ends before </OFX>');
    await expect(streamed('OFXHEADER:100\nno statement here', 3)).rejects.toThrow('it has no <OFX> element');
  });
});
