/**
 * Statement files (OFX/QFX, QIF, CSV, ISO 20022 CAMT.053/.052) parsed into one shape. A pure library: no
 * database, no UI. The import pipeline builds its preview, duplicate detection and writing on top of it.
 *
 * Every parser either returns the whole statement or throws a StatementError (never a partial result). The
 * streaming ones (parseCsvStream, parseOfxStream) hand each row out as they read it, so a later error means the
 * rows handed out so far are to be thrown away.
 */
export type StatementFormat = 'ofx' | 'qif' | 'csv' | 'camt.053' | 'camt.052';

export interface StatementTransaction {
  /** 1-based line (text formats) or element path (XML) where the entry starts, for messages. */
  where: string;
  /** The file's own id for the entry when it has one: OFX FITID; CAMT AcctSvcrRef, else NtryRef; none for QIF/CSV unless a mapped column. */
  fileId?: string;
  /** CAMT: the batch entry's id (its fileId when imported whole) when this transaction is one of its payments. */
  batchFileId?: string;
  bookingDate: string; // YYYY-MM-DD
  valueDate?: string; // YYYY-MM-DD
  amountMinor: number; // signed integer minor units: credits positive, debits negative
  currency: string; // ISO 4217
  description: string; // memo / remittance info / narrative, never empty (fall back to payee or type)
  payee?: string; // NAME / PAYEE / counterparty name
  reference?: string; // CHECKNUM / REFNUM / EndToEndId / a mapped column
  status: 'booked' | 'pending';
  bankTxCode?: string; // OFX TRNTYPE, CAMT BkTxCd domain/family/subfamily or proprietary code
}

export interface StatementAccount { accountId?: string; bankId?: string; type?: string; currency?: string; name?: string }

export interface ParsedStatement {
  format: StatementFormat;
  account: StatementAccount; // what the file says about its account (may be empty)
  transactions: StatementTransaction[];
  closingBalance?: { amountMinor: number; currency: string; date: string };
  warnings: string[]; // non-fatal, user-readable (e.g. "3 entries without FITID")
  /**
   * Only when the file holds several statements (OFX, CAMT, QIF with several accounts): every statement's
   * account, in file order. The result is the statement chosen with the parser's `statement` option
   * (0-based, default 0); a warning says so.
   */
  statements?: StatementAccount[];
}

/** A statement read row by row: everything but its rows, which went to the caller one by one as they were read. */
export type StatementSummary = Omit<ParsedStatement, 'transactions'>;

export { StatementError } from './errors';
export { MAX_STATEMENT_BYTES, checkSize } from './size';

/** Guess the format from the first bytes and the file name. */
export { detectFormat } from './detect';
/** Decode bytes to text: BOM (UTF-8/UTF-16), the OFX header CHARSET/ENCODING (1252, ISO-8859-1, UTF-8), XML declaration encoding; else UTF-8 if valid, else windows-1252. */
export { decodeStatement } from './decode';
/** The same for a file read in chunks: chooseEncoding(first bytes, all bytes valid UTF-8), then a ChunkDecoder. */
export { chooseEncoding, ChunkDecoder, Utf8Check } from './decode';

/** Which statement of a file holding several to return (0-based, default 0). See ParsedStatement.statements. */
export interface StatementChoice { statement?: number }
export interface OfxOptions extends StatementChoice { defaultCurrency?: string }
/** QIF dates are ambiguous: the order is detected when the file proves it (a day > 12), else dateOrder, else a StatementError asks the user to choose. */
export interface QifOptions extends StatementChoice { currency: string; dateOrder?: 'dmy' | 'mdy' | 'ymd' }

export { parseOfx, parseOfxStream, repeatedIdsWarning } from './ofx'; // (text, opts?: OfxOptions); (chunks, opts, onRow): Promise<StatementSummary>
export { parseQif, readQif } from './qif'; // (text, opts: QifOptions); (text, opts, onRow): StatementSummary
export { parseCamt, readCamt } from './camt'; // (text, opts?: StatementChoice): camt.053 (Stmt) and camt.052 (Rpt), any version namespace; (text, opts, onRow): StatementSummary

// CSV: two steps so the UI can show a mapping screen
export interface CsvSniff {
  delimiter: string;
  hasHeader: boolean;
  headers: string[];
  sampleRows: string[][];
  dateFormats: string[]; // candidate formats that parse every sample, e.g. 'DD/MM/YYYY'
  decimalSeparator: '.' | ',';
  suggestedMapping: CsvMapping;
}
export interface CsvMapping {
  date: number; valueDate?: number;
  amount?: number; debit?: number; credit?: number; // amount, or debit/credit columns
  description: number; payee?: number; reference?: number; currency?: number;
  /** Optional: a column holding the bank's own transaction id (becomes fileId). */
  id?: number;
  dateFormat: string; decimalSeparator: '.' | ','; thousandsSeparator?: '' | ',' | '.' | ' ' | "'";
  defaultCurrency: string;
  /** Lines to skip before the first data row: the bank's preamble and the header line. */
  skipRows?: number;
  invertSign?: boolean;
  /** The delimiter sniffCsv found; when absent, parseCsv and parseCsvStream sniff it again. */
  delimiter?: string;
}
export { sniffCsv, parseCsv, parseCsvStream } from './csv';
// sniffCsv(text): CsvSniff
// parseCsv(text, mapping): ParsedStatement
// parseCsvStream(chunks: AsyncIterable<string>, mapping, onRow): Promise<StatementSummary>, each row to onRow as it is read
