import { describe, expect, it } from 'vitest';
import { ChunkDecoder, MAX_STATEMENT_BYTES, StatementError, Utf8Check, checkSize, chooseEncoding, decodeStatement, detectFormat } from '../../../src/main/core/import/statement';
import { localeAmountToMinor, plainAmountToMinor } from '../../../src/main/core/import/amounts';
import { compileDateFormat, ofxDate } from '../../../src/main/core/import/dates';
import { bytes, errorOf } from './helpers';

describe('detectFormat', () => {
  it.each([
    ['ofx1-sgml-checking.ofx', 'ofx'],
    ['ofx1-bom-creditcard.qfx', 'ofx'],
    ['ofx2-xml-two-accounts.ofx', 'ofx'],
    ['camt053-v02-sparkasse.xml', 'camt.053'],
    ['camt053-v08-batch.xml', 'camt.053'],
    ['camt052-v02-intraday.xml', 'camt.052'],
    ['qif-ccard-uk.qif', 'qif'],
    ['qif-bank-us-quicken.qif', 'qif'],
    ['csv-uk-nationwide.csv', 'csv'],
    ['csv-de-dkb.csv', 'csv'],
  ])('%s is %s by its content, whatever its name', (name, format) => {
    expect(detectFormat(bytes(name).subarray(0, 512), 'download.dat')).toBe(format);
  });

  it('falls back to the extension, and refuses PDFs, images and spreadsheets', () => {
    expect(detectFormat(new TextEncoder().encode('Date,Amount\n'), 'export.txt')).toBe('csv');
    expect(detectFormat(new TextEncoder().encode('garbage'), 'statement.qfx')).toBe('ofx');
    expect(detectFormat(new TextEncoder().encode('%PDF-1.7\n'), 'statement.ofx')).toBeNull();
    expect(detectFormat(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'statement.csv')).toBeNull();
    expect(detectFormat(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0), 'statement.csv')).toBeNull();
  });
});

describe('decodeStatement', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('follows a UTF-8 or UTF-16 BOM', () => {
    expect(decodeStatement(Uint8Array.of(0xef, 0xbb, 0xbf, ...enc('Café')))).toBe('Café');
    expect(decodeStatement(Uint8Array.of(0xff, 0xfe, 0x43, 0, 0xe9, 0))).toBe('Cé');
    expect(decodeStatement(Uint8Array.of(0xfe, 0xff, 0, 0x43, 0, 0xe9))).toBe('Cé');
  });

  it('reads CHARSET:1252 as Windows-1252, including the bytes 0x80–0x9F that Latin-1 lacks', () => {
    const file = Uint8Array.of(...enc('CHARSET:1252\n\n<OFX><MEMO>'), 0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x93, 0x94, ...enc('</OFX>'));
    expect(decodeStatement(file)).toBe('CHARSET:1252\n\n<OFX><MEMO>Café €“”</OFX>');
  });

  it('reads a file declared 1252 whose bytes are UTF-8 as UTF-8', () => {
    expect(decodeStatement(enc('CHARSET:1252\n\n<OFX><NAME>Café</OFX>'))).toBe('CHARSET:1252\n\n<OFX><NAME>Café</OFX>');
  });

  it('follows the XML declaration', () => {
    expect(decodeStatement(Uint8Array.of(...enc('<?xml version="1.0" encoding="ISO-8859-1"?><Nm>B'), 0xe4, ...enc('r</Nm>')))).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><Nm>Bär</Nm>');
  });

  it('without a declaration: UTF-8 when valid, else Windows-1252', () => {
    expect(decodeStatement(enc('Datum;Betrag\n27.11.2026;Bäckerei'))).toBe('Datum;Betrag\n27.11.2026;Bäckerei');
    expect(decodeStatement(Uint8Array.of(...enc('Datum;Text\n27.11.2026;B'), 0xe4, ...enc('ckerei 5'), 0x80))).toBe('Datum;Text\n27.11.2026;Bäckerei 5€');
  });
});

describe('decoding in chunks', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  /** The bytes cut into `size`-byte chunks: whether they are UTF-8, and the text chooseEncoding and ChunkDecoder make of them. */
  function inChunks(bytes: Uint8Array, size: number): { validUtf8: boolean; text: string } {
    const check = new Utf8Check();
    for (let i = 0; i < bytes.length; i += size) check.write(bytes.subarray(i, i + size));
    const validUtf8 = check.end();
    const { label, bom } = chooseEncoding(bytes.subarray(0, 1024), validUtf8);
    const decoder = new ChunkDecoder(label);
    let text = '';
    for (let i = bom; i < bytes.length; i += size) text += decoder.write(bytes.subarray(i, Math.min(i + size, bytes.length)));
    return { validUtf8, text: text + decoder.end() };
  }

  it('gives what decodeStatement gives, wherever a chunk cuts a character', () => {
    const files = [
      Uint8Array.of(0xef, 0xbb, 0xbf, ...enc('Café 😀 Straße')),
      Uint8Array.of(0xff, 0xfe, 0x43, 0, 0xe9, 0, 0x3d, 0xd8, 0x00, 0xde),
      Uint8Array.of(...enc('CHARSET:1252\n\n<OFX><MEMO>'), 0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x93, ...enc('</OFX>')),
      enc('CHARSET:1252\n\n<OFX><NAME>Café</OFX>'),
      Uint8Array.of(...enc('<?xml version="1.0" encoding="ISO-8859-1"?><Nm>B'), 0xe4, ...enc('r</Nm>')),
      enc('Datum;Betrag\n27.11.2026;Bäckerei ✓'),
    ];
    for (const file of files) {
      for (const size of [1, 2, 3, 5, 1024]) expect(inChunks(file, size).text).toBe(decodeStatement(file));
    }
  });

  it('a character left unfinished at the end, or a bad byte in any chunk, is not UTF-8', () => {
    expect(inChunks(Uint8Array.of(...enc('Caf'), 0xc3), 2).validUtf8).toBe(false);
    expect(inChunks(Uint8Array.of(...enc('Caf'), 0xe9, ...enc(' ok ok ok')), 4)).toEqual({ validUtf8: false, text: 'Café ok ok ok' });
    expect(inChunks(enc('Café ✓'), 1).validUtf8).toBe(true);
  });
});

describe('checkSize', () => {
  it('refuses files over the limit with the size, the limit and what to do', () => {
    expect(MAX_STATEMENT_BYTES).toBe(100 * 1024 * 1024);
    expect(() => checkSize(MAX_STATEMENT_BYTES)).not.toThrow();
    const e = errorOf(() => checkSize(200 * 1024 * 1024));
    expect(e).toBeInstanceOf(StatementError);
    expect(e.message).toBe('This file is 200 MB; MyBucks imports statement files up to 100 MB. Export a shorter date range from your bank and import it in parts.');
  });
});

describe('amounts', () => {
  it('machine-written amounts: exact, comma or dot, signs, grouping only when whole', () => {
    expect(plainAmountToMinor('-12,50', 'EUR')).toBe(-1250);
    expect(plainAmountToMinor('+12.5', 'EUR')).toBe(1250);
    expect(plainAmountToMinor('-.75', 'USD')).toBe(-75);
    expect(plainAmountToMinor('1,000.00', 'USD')).toBe(100000);
    expect(plainAmountToMinor('-1.234,56', 'EUR')).toBe(-123456);
    expect(plainAmountToMinor('1500', 'JPY')).toBe(1500);
    expect(plainAmountToMinor('12.000', 'GBP')).toBe(1200);
    expect(plainAmountToMinor('1.234', 'KWD')).toBe(1234);
    expect(plainAmountToMinor('1.5', 'JPY')).toBe('more decimals than JPY has (0)');
    expect(plainAmountToMinor('-1,234', 'USD')).toBe('more decimals than USD has (2)');
    expect(plainAmountToMinor('12,34,56', 'USD')).toBe('not an amount');
    expect(plainAmountToMinor('', 'USD')).toBe('not an amount');
    expect(plainAmountToMinor('9007199254740.99', 'USD')).toBe(900719925474099);
  });

  it('human-written amounts (CSV)', () => {
    expect(localeAmountToMinor('£1,234.56', 'GBP', '.')).toBe(123456);
    expect(localeAmountToMinor('($5.75)', 'USD', '.')).toBe(-575);
    expect(localeAmountToMinor('-$1,200.00', 'USD', '.')).toBe(-120000);
    expect(localeAmountToMinor('1.234,56 €', 'EUR', ',')).toBe(123456);
    expect(localeAmountToMinor('12,50-', 'EUR', ',')).toBe(-1250);
    expect(localeAmountToMinor('42.10 DR', 'GBP', '.')).toBe(-4210);
    expect(localeAmountToMinor('42.10CR', 'GBP', '.')).toBe(4210);
    expect(localeAmountToMinor("1'234.50", 'CHF', '.')).toBe(123450);
    expect(localeAmountToMinor('1 234,50', 'EUR', ',', ' ')).toBe(123450);
    expect(localeAmountToMinor('1\u00a0234,50', 'EUR', ',')).toBe(123450);
    expect(localeAmountToMinor('+3', 'JPY', '.')).toBe(3);
    expect(localeAmountToMinor('84,49', 'EUR', '.')).toBe('not an amount');
    expect(localeAmountToMinor('1.2345', 'EUR', '.')).toBe('more decimals than EUR has (2)');
    expect(localeAmountToMinor('abc', 'EUR', '.')).toBe('not an amount');
    expect(localeAmountToMinor('-', 'EUR', '.')).toBe('not an amount');
  });
});

describe('dates', () => {
  it('OFX: the date as written, whatever the time zone', () => {
    expect(ofxDate('20261127120000.000[-5:EST]')).toBe('2026-11-27');
    expect(ofxDate('20261127235959[+14]')).toBe('2026-11-27');
    expect(ofxDate('20261127')).toBe('2026-11-27');
    expect(ofxDate('202611271200')).toBe('2026-11-27');
    expect(ofxDate('20260230')).toBeNull();
    expect(ofxDate('2026-11-27')).toBeNull();
  });

  it('CSV formats, with calendar checks', () => {
    const p = (f: string, s: string) => compileDateFormat(f)!(s);
    expect(p('DD/MM/YYYY', '27/11/2026')).toBe('2026-11-27');
    expect(p('DD/MM/YYYY', '1/2/2026')).toBe('2026-02-01');
    expect(p('MM/DD/YYYY', '11/27/2026 14:03')).toBe('2026-11-27');
    expect(p('YYYY-MM-DD', '2026-11-27T14:03:00Z')).toBe('2026-11-27');
    expect(p('DD.MM.YYYY', '27.11.2026')).toBe('2026-11-27');
    expect(p('D MMM YYYY', '7 Nov 2026')).toBe('2026-11-07');
    expect(p('D MMM YYYY', '7 November 2026')).toBe('2026-11-07');
    expect(p('DD-MMM-YYYY', '07-Dez-2026')).toBe('2026-12-07');
    expect(p('DD/MM/YY', '27/11/26')).toBe('2026-11-27');
    expect(p('YYYYMMDD', '20261127')).toBe('2026-11-27');
    expect(p('DD/MM/YYYY', '29/02/2026')).toBeNull();
    expect(p('DD/MM/YYYY', '11/27/2026')).toBeNull();
    expect(p('D MMM YYYY', '7 Foo 2026')).toBeNull();
    expect(compileDateFormat('dd/mm/yyyy')).toBeNull();
  });
});
