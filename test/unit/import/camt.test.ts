import { describe, expect, it } from 'vitest';
import { parseCamt, readCamt, type ParsedStatement } from '../../../src/main/core/import/statement';
import { bytes, errorOf, text } from './helpers';

const S = 'Document/BkToCstmrStmt/Stmt[1]';

describe('CAMT.053', () => {
  it('reads a camt.053.001.02 statement (Sts as text, Cdtr/Nm and Dbtr/Nm, several Ustrd joined, NOTPROVIDED ignored)', () => {
    expect(parseCamt(text('camt053-v02-sparkasse.xml'))).toEqual({
      format: 'camt.053',
      account: { accountId: 'DE89370400440532013000', bankId: 'COBADEFFXXX', currency: 'EUR' },
      transactions: [
        {
          where: `${S}/Ntry[1]`, fileId: '2026112700123456', bookingDate: '2026-11-27', valueDate: '2026-11-27', amountMinor: -8449, currency: 'EUR',
          description: 'Abschlag Strom November 2026 Vertragskonto 300012345', payee: 'Stadtwerke München GmbH', reference: 'STROM-2026-11',
          status: 'booked', bankTxCode: 'PMNT/IDDT/ESDD',
        },
        {
          where: `${S}/Ntry[2]`, fileId: 'NR-0002', bookingDate: '2026-11-26', valueDate: '2026-11-26', amountMinor: 125000, currency: 'EUR',
          description: 'Gehalt 11/2026', payee: 'Muster & Söhne KG', status: 'booked', bankTxCode: 'PMNT/RCDT/ESCT',
        },
        {
          where: `${S}/Ntry[3]`, fileId: '2026112700999999', bookingDate: '2026-11-27', valueDate: '2026-11-27', amountMinor: 0, currency: 'EUR',
          description: 'Rechnungsabschluss', status: 'booked', bankTxCode: 'NSTO+805',
        },
      ],
      closingBalance: { amountMinor: 216551, currency: 'EUR', date: '2026-11-27' },
      warnings: [],
    });
  });

  it('reads a camt.053.001.08 statement (Sts/Cd, DtTm, Pty/Nm, BICFI): a batch as its payments, INFO left out, a DBIT closing balance', () => {
    expect(parseCamt(text('camt053-v08-batch.xml'))).toEqual({
      format: 'camt.053',
      account: { accountId: 'CH9300762011623852957', bankId: 'UBSWCHZH80A', currency: 'CHF', name: 'Privatkonto' },
      transactions: [
        // two payments (250.00 + 60.40) booked as one debit of 310.40: one transaction each, with its own payee and text
        {
          where: `${S}/Ntry[1]/NtryDtls[1]/TxDtls[1]`, fileId: 'CH-20261127-88001/E2E-RENT-11', batchFileId: 'CH-20261127-88001', bookingDate: '2026-11-27', valueDate: '2026-11-28', amountMinor: -25000, currency: 'CHF',
          description: 'Garage November', payee: 'Hausverwaltung Keller AG', reference: 'E2E-RENT-11', status: 'booked', bankTxCode: 'PMNT/ICDT/DMCT',
        },
        {
          where: `${S}/Ntry[1]/NtryDtls[1]/TxDtls[2]`, fileId: 'CH-20261127-88001/E2E-GYM-11', batchFileId: 'CH-20261127-88001', bookingDate: '2026-11-27', valueDate: '2026-11-28', amountMinor: -6040, currency: 'CHF',
          description: 'Mitgliedschaft', payee: 'Fitnesspark Zürich', reference: 'E2E-GYM-11', status: 'booked', bankTxCode: 'PMNT/ICDT/DMCT',
        },
        { where: `${S}/Ntry[2]`, fileId: '2', bookingDate: '2026-11-26', valueDate: '2026-11-26', amountMinor: 3500, currency: 'CHF', description: 'Luca Bernasconi', payee: 'Luca Bernasconi', reference: 'TW-7781', status: 'booked', bankTxCode: 'TWINT' },
      ],
      closingBalance: { amountMinor: -15025, currency: 'CHF', date: '2026-11-27' },
      warnings: ['1 informational entry (status INFO or FUTR, not booked) left out.', '1 batch entry (several payments booked as one amount) is imported as its payments, one transaction each.'],
    });
  });

  it('reads a SEPA collection booked as one credit as its payments (AmtDtls/TxAmt), and keeps whole a batch whose payments do not add up', () => {
    const B = 'Document/BkToCstmrStmt/Stmt[1]/Ntry';
    const common = { bookingDate: '2026-11-27', valueDate: '2026-11-27', currency: 'EUR', status: 'booked' } as const;
    const batch = { ...common, batchFileId: '2026112790001234' };
    expect(parseCamt(text('camt053-v02-batch-sepa.xml'))).toEqual({
      format: 'camt.053',
      account: { accountId: 'DE02120300000000202051', bankId: 'BYLADEM1001', currency: 'EUR' },
      transactions: [
        // ids: the entry's AcctSvcrRef, then the payment's own AcctSvcrRef, else its EndToEndId, else its place
        { ...batch, where: `${B}[1]/NtryDtls[1]/TxDtls[1]`, fileId: '2026112790001234/BEI-0001', amountMinor: 6000, description: 'Mitgliedsbeitrag November 2026 Mitglied 0017', payee: 'Jonas Hofmann', reference: 'MITGL-0017-2026-11', bankTxCode: 'PMNT/RDDT/BBDD' },
        { ...batch, where: `${B}[1]/NtryDtls[1]/TxDtls[2]`, fileId: '2026112790001234/MITGL-0023-2026-11', amountMinor: 8000, description: 'Familienbeitrag November 2026', payee: 'Familie Öztürk', reference: 'MITGL-0023-2026-11', bankTxCode: 'PMNT/RDDT/BBDD' },
        // no remittance text: the payer's name; NOTPROVIDED is no reference
        { ...batch, where: `${B}[1]/NtryDtls[1]/TxDtls[3]`, fileId: '2026112790001234/3', amountMinor: 4000, description: 'Mia Schulte', payee: 'Mia Schulte', bankTxCode: 'PMNT/RDDT/BBDD' },
        // 400.00 + 100.00 is not 502.50: one transaction with the total, as before
        { ...common, where: `${B}[2]`, fileId: '2026112790005678', amountMinor: -50250, description: 'Hallenmiete Dezember; Übungsleiterpauschale November', bankTxCode: 'PMNT/ICDT/ESCT' },
      ],
      closingBalance: { amountMinor: 421015, currency: 'EUR', date: '2026-11-27' },
      warnings: [
        '1 batch entry (several payments booked as one amount) is imported as its payments, one transaction each.',
        "1 batch entry (several payments booked as one amount) is imported as one transaction each, with the entry's total: the file does not give every payment's amount, or they do not add up to the total. Nothing is left out.",
      ],
    });
  });
});

describe('CAMT entry by entry', () => {
  it("hands the chosen statement's entries out one at a time, as parseCamt returns them", () => {
    const v08 = text('camt053-v08-batch.xml');
    // a second statement of another account, after the first, with one entry of its own
    const second = v08.slice(v08.indexOf('<Stmt>'), v08.indexOf('</Stmt>') + '</Stmt>'.length)
      .replace('CH9300762011623852957', 'CH5604835012345678009')
      .replace(/<Ntry>[\s\S]*<\/Ntry>/, '<Ntry><NtryRef>9</NtryRef><Amt Ccy="CHF">12.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt><AddtlNtryInf>Zins</AddtlNtryInf></Ntry>');
    const two = v08.replace('</Stmt>', `</Stmt>${second}`);
    for (const statement of [0, 1]) {
      const rows: ParsedStatement['transactions'] = [];
      const summary = readCamt(two, { statement }, (tx) => rows.push(tx));
      expect({ ...summary, transactions: rows }).toEqual(parseCamt(two, { statement }));
    }
    expect(parseCamt(two, { statement: 1 }).transactions).toEqual([
      { where: 'Document/BkToCstmrStmt/Stmt[2]/Ntry[1]', fileId: '9', bookingDate: '2026-11-20', amountMinor: 1200, currency: 'CHF', description: 'Zins', status: 'booked' },
    ]);
    expect(parseCamt(two).transactions.map((t) => t.where)).toEqual([`${S}/Ntry[1]/NtryDtls[1]/TxDtls[1]`, `${S}/Ntry[1]/NtryDtls[1]/TxDtls[2]`, `${S}/Ntry[2]`]);
  });
});

describe('CAMT entries and the XML around them', () => {
  it('an <Ntry> inside a comment or a CDATA section is text, not an entry', () => {
    const file = text('camt053-v02-sparkasse.xml');
    const first = file.indexOf('<Ntry>');
    const commented = `${file.slice(0, first)}<!-- corrected: <Ntry><Amt Ccy="EUR">1.00</Amt></Ntry> and a stray </Ntry> -->${file.slice(first)}`;
    const withCdata = commented.replace('<Stmt>', '<Stmt><AddtlStmtInf><![CDATA[<Ntry> is how entries start; </Ntry> how they end]]></AddtlStmtInf>');
    expect(withCdata).not.toBe(commented);
    expect(parseCamt(withCdata)).toEqual(parseCamt(file));
  });
});

describe('CAMT.052', () => {
  it('reads an intraday report declared ISO-8859-1: a pending entry dated by its value date, Othr/Id account', () => {
    expect(bytes('camt052-v02-intraday.xml').includes(0xe4)).toBe(true); // ä in ISO-8859-1
    expect(parseCamt(text('camt052-v02-intraday.xml'))).toEqual({
      format: 'camt.052',
      account: { accountId: '0532013000', currency: 'EUR' },
      transactions: [
        { where: 'Document/BkToCstmrAcctRpt/Rpt[1]/Ntry[1]', fileId: 'VORM-1', bookingDate: '2026-11-28', valueDate: '2026-11-28', amountMinor: -1290, currency: 'EUR', description: 'Kartenzahlung 28.11.', payee: 'Bäckerei Ölmühle', status: 'pending' },
        { where: 'Document/BkToCstmrAcctRpt/Rpt[1]/Ntry[2]', fileId: 'RPT-BOOK-2', bookingDate: '2026-11-28', valueDate: '2026-11-28', amountMinor: 500, currency: 'EUR', description: 'Gutschrift Rückerstattung', status: 'booked' },
      ],
      warnings: [],
    });
  });
});

describe('CAMT bad input', () => {
  const v2 = () => text('camt053-v02-sparkasse.xml');

  it('a truncated file names the element it ends in', () => {
    const e = errorOf(() => parseCamt(text('camt053-truncated.xml')));
    expect(e.message).toBe('The file ends inside Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls/RmtInf/Ustrd: it looks truncated. Download the statement from your bank again; nothing was imported.');
  });

  it('XML that is not well-formed names the line', () => {
    const broken = v2().replace('<CdtDbtInd>DBIT</CdtDbtInd>', '<CdtDbtInd>DBIT</CdtDbtInt>');
    const e = errorOf(() => parseCamt(broken));
    expect(e.message).toMatch(/^Line 32: the XML is not well-formed \(.+\)\. The file is damaged or truncated; download it again from your bank\. Nothing was imported\.$/);
    expect(e.where).toBe('line 32');
  });

  it('an unknown currency names the element', () => {
    const e = errorOf(() => parseCamt(v2().replace('<Amt Ccy="EUR">1250.00</Amt>', '<Amt Ccy="EUX">1250.00</Amt>')));
    expect(e.message).toBe(`${S}/Ntry[2]/Amt: The currency (Amt/@Ccy) "EUX" is not an ISO 4217 currency code (three letters such as GBP, EUR, USD). Correct the file or choose the account's currency.`);
    expect(e.where).toBe(`${S}/Ntry[2]/Amt`);
  });

  it('a date that does not parse names the element', () => {
    const e = errorOf(() => parseCamt(v2().replace('<BookgDt><Dt>2026-11-26</Dt></BookgDt>', '<BookgDt><Dt>26.11.2026</Dt></BookgDt>')));
    expect(e.message).toBe(`${S}/Ntry[2]/BookgDt: "26.11.2026" is not a date (expected YYYY-MM-DD). The file is damaged; download it again from your bank.`);
  });

  it('a wrong CdtDbtInd, a missing status', () => {
    expect(errorOf(() => parseCamt(v2().replace('<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>', '<CdtDbtInd>D</CdtDbtInd>\n        <Sts>'))).message).toBe(
      `${S}/Ntry[1]/CdtDbtInd: "D"; expected CRDT or DBIT. The file is damaged; download it again from your bank.`,
    );
    expect(errorOf(() => parseCamt(v2().replace('<Sts>BOOK</Sts>', ''))).message).toBe(
      `${S}/Ntry[1]: the entry's status (Sts) is missing; expected BOOK or PDNG. The file is damaged; download it again from your bank.`,
    );
  });

  it('a camt.054 notification, other XML, a PDF', () => {
    const camt054 = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr/></BkToCstmrDbtCdtNtfctn></Document>';
    expect(errorOf(() => parseCamt(camt054)).message).toBe('This is a CAMT.054 notification, not a statement. Download the account statement (CAMT.053) or report (CAMT.052) instead.');
    expect(errorOf(() => parseCamt('<?xml version="1.0"?><rss><channel/></rss>')).message).toMatch(/^This XML file is not a CAMT statement/);
    expect(errorOf(() => parseCamt('%PDF-1.4\n...')).message).toMatch(/^This file is a PDF document, not a CAMT statement\./);
  });
});
