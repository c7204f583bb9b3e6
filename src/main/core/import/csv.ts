import { parse as parseStream, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { checkCurrency, localeAmountToMinor } from './amounts';
import { compileDateFormat, CSV_DATE_FORMATS, type DateParser } from './dates';
import { foreignKind } from './detect';
import { StatementError } from './errors';
import type { CsvMapping, CsvSniff, ParsedStatement, StatementSummary, StatementTransaction } from './statement';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const DELIMITERS = [',', ';', '\t', '|'];
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_ROWS = 20;

// Empty lines are kept as records ([""]) so that line numbers can be counted exactly (see LineCounter).
const options = (delimiter: string): Options => ({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });

/**
 * 1-based line of each record: one line plus the line breaks inside its quoted fields. (csv-parse's own
 * info.lines counts a CRLF inside a quoted field twice.)
 */
class LineCounter {
  next = 1;
  start(record: string[]): number {
    const line = this.next;
    this.next++;
    for (const field of record) {
      if (field.includes('\n') || field.includes('\r')) this.next += field.match(/\r\n|\r|\n/g)!.length;
    }
    return line;
  }
}

const blank = (record: string[]) => record.every((f) => f.trim() === '');

function csvError(e: unknown): StatementError {
  const err = e as { code?: string; lines?: number; message?: string };
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new StatementError(`The file ends inside a quoted field (line ${err.lines}): it looks truncated or damaged. Download it again from your bank; nothing was imported.`, `line ${err.lines}`);
  }
  return new StatementError(`This CSV file cannot be read${err.lines ? ` (line ${err.lines})` : ''}: ${err.message ?? String(e)}. Check that it is the CSV file your bank exported.`, err.lines ? `line ${err.lines}` : undefined);
}

// --- sniffing -------------------------------------------------------------------------------------------

type Role = 'valueDate' | 'date' | 'debit' | 'credit' | 'amount' | 'currency' | 'id' | 'reference' | 'payee' | 'description';

/** Header words banks use, tried in this order so that "Value date" is not taken for "Date". */
const ROLES: [Role, RegExp][] = [
  ['valueDate', /valuta|value ?date|wertstellung|date de valeur/],
  ['date', /date|datum|buchungstag|fecha|^data$|^day$|^posted/],
  ['debit', /debit|paid ?out|money ?out|withdrawal|^soll|ausgang|outflow|spent/],
  ['credit', /credit|paid ?in|money ?in|deposit|^haben|eingang|inflow|received/],
  ['amount', /amount|betrag|montant|importe|umsatz|^value$|^sum$/],
  ['currency', /currency|wahrung|waehrung|^ccy$|devise|^cur$/],
  ['id', /transaction ?id|^id$|transaktions ?id|unique ?id/],
  ['reference', /reference|referenz|^ref|check|cheque|mandat/],
  ['payee', /payee|name|begunstigt|beguenstigt|empfanger|empfaenger|auftraggeber|counterparty|merchant|beneficiary|zahlungspflichtig/],
  ['description', /descr|details|memo|narrative|verwendungszweck|particulars|libelle|concepto/],
];

const normalise = (h: string) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').trim();

const DATE_PARSERS = CSV_DATE_FORMATS.map((f) => [f, compileDateFormat(f)!] as const);
const looksLikeDate = (s: string) => DATE_PARSERS.some(([, p]) => p(s) !== null);
const looksLikeAmount = (s: string) => /^[(+-]?\s*[£€$]?\s*[-+]?\d[\d.,' ]*\)?\s*(CR|DR|-)?$/i.test(s.trim()) && /\d/.test(s);

interface Table { delimiter: string; rows: { line: number; record: string[] }[]; width: number; score: number }

/** The delimiter under which most of the first rows have the same number (> 1) of columns; null when none. */
function sniffTable(text: string): Table | null {
  let sample = text.slice(0, SAMPLE_CHARS);
  if (sample.length < text.length) sample = sample.slice(0, sample.lastIndexOf('\n') + 1);
  let best: Table | null = null;
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parse(sample, { ...options(delimiter), to_line: 200 }) as string[][];
    } catch {
      continue;
    }
    const lines = new LineCounter();
    const rows = records.map((record) => ({ line: lines.start(record), record })).filter((r) => !blank(r.record));
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.record.length, (counts.get(r.record.length) ?? 0) + 1);
    const [width, score] = [...counts].filter(([w]) => w > 1).sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [1, 0];
    if (score > 0 && (!best || score > best.score || (score === best.score && width > best.width))) best = { delimiter, rows, width, score };
  }
  return best;
}

/** Guesses delimiter, preamble, header, column roles, date formats and decimal separator from the first rows. */
export function sniffCsv(text: string): CsvSniff {
  const kind = foreignKind(text);
  if (kind) throw new StatementError(`This file is ${kind}, not a CSV file. Export the statement from your bank as CSV (or OFX, QIF, CAMT) and import that file.`);
  const best = sniffTable(text);
  if (!best) {
    throw new StatementError('This file does not look like a CSV statement: no line splits into columns by comma, semicolon, tab or |. Check that it is the CSV file your bank exported.');
  }
  // The bank's preamble (account number, period, …) ends where rows of the table's width start.
  const table = best.rows.slice(best.rows.findIndex((r) => r.record.length === best.width)).filter((r) => r.record.length === best.width);
  const first = table[0].record;
  const second = table[1]?.record ?? [];
  const hasHeader = !first.some((c) => looksLikeDate(c) || looksLikeAmount(c)) && second.some((c) => looksLikeDate(c) || looksLikeAmount(c));
  const headers = hasHeader ? first.map((h) => h.trim()) : first.map((_, i) => `Column ${i + 1}`);
  const data = (hasHeader ? table.slice(1) : table).slice(0, SAMPLE_ROWS);
  const sampleRows = data.map((r) => r.record);
  const column = (i: number) => sampleRows.map((r) => r[i]?.trim() ?? '').filter((s) => s !== '');

  const roles: Partial<Record<Role, number>> = {};
  if (hasHeader) {
    headers.forEach((h, i) => {
      const name = normalise(h);
      const role = ROLES.find(([r, re]) => roles[r] === undefined && re.test(name))?.[0];
      if (role) roles[role] = i;
    });
  }
  const free = (i: number) => !Object.values(roles).includes(i);
  if (roles.date === undefined) roles.date = headers.findIndex((_, i) => free(i) && column(i).length > 0 && column(i).every(looksLikeDate));
  if (roles.amount === undefined && roles.debit === undefined && roles.credit === undefined) {
    const i = headers.findIndex((_, k) => free(k) && column(k).length > 0 && column(k).every(looksLikeAmount));
    if (i !== -1) roles.amount = i;
  }
  if (roles.description === undefined) {
    const avg = (i: number) => column(i).reduce((n, s) => n + s.length, 0) / Math.max(1, column(i).length);
    const candidates = headers.map((_, i) => i).filter((i) => free(i) && !column(i).every(looksLikeAmount));
    roles.description = candidates.sort((a, b) => avg(b) - avg(a))[0] ?? roles.payee ?? 0;
  }
  const dateSamples = roles.date >= 0 ? column(roles.date) : [];
  const dateFormats = dateSamples.length === 0 ? [] : DATE_PARSERS.filter(([, p]) => dateSamples.every((s) => p(s) !== null)).map(([f]) => f);

  const amountSamples = [roles.amount, roles.debit, roles.credit].flatMap((i) => (i === undefined ? [] : column(i)));
  const commaDecimal = amountSamples.filter((s) => /\d,\d{1,2}\)?\s*(CR|DR|-)?$/i.test(s)).length;
  const dotDecimal = amountSamples.filter((s) => /\d\.\d{1,2}\)?\s*(CR|DR|-)?$/i.test(s)).length;
  const decimalSeparator = commaDecimal > dotDecimal || (commaDecimal === dotDecimal && best.delimiter === ';') ? ',' : '.';

  const currencies = roles.currency === undefined ? [] : column(roles.currency);
  const symbol = amountSamples.join(' ').match(/[£€$]/)?.[0];
  const inHeader = [roles.amount, roles.debit, roles.credit].map((i) => (i === undefined || !hasHeader ? undefined : /\b([A-Z]{3})\b/.exec(headers[i])?.[1])).find(Boolean);
  const guessed = currencies[0]?.toUpperCase() ?? inHeader ?? (symbol === '£' ? 'GBP' : symbol === '€' ? 'EUR' : symbol === '$' ? 'USD' : undefined);
  const suggestedMapping: CsvMapping = {
    date: Math.max(roles.date, 0),
    description: roles.description,
    dateFormat: dateFormats[0] ?? 'DD/MM/YYYY',
    decimalSeparator,
    defaultCurrency: guessed && KNOWN_CURRENCIES.has(guessed) ? guessed : 'GBP',
    skipRows: (data[0]?.line ?? table[0].line) - 1,
    delimiter: best.delimiter,
  };
  for (const role of ['valueDate', 'amount', 'debit', 'credit', 'payee', 'reference', 'currency', 'id'] as const) {
    if (roles[role] !== undefined) suggestedMapping[role] = roles[role];
  }
  return { delimiter: best.delimiter, hasHeader, headers, sampleRows, dateFormats, decimalSeparator, suggestedMapping };
}

// --- mapping rows ---------------------------------------------------------------------------------------

/** Turns records into transactions; shared by parseCsv and parseCsvStream. */
class RowMapper {
  private rows = 0;
  private readonly lines = new LineCounter();
  private readonly date: DateParser;
  private readonly currency: string;
  private header: string[] | undefined;

  constructor(
    private readonly m: CsvMapping,
    private readonly onRow: (tx: StatementTransaction) => void,
  ) {
    const columns = { date: m.date, description: m.description, valueDate: m.valueDate, amount: m.amount, debit: m.debit, credit: m.credit, payee: m.payee, reference: m.reference, currency: m.currency, id: m.id };
    for (const [name, i] of Object.entries(columns)) {
      if (i !== undefined && (!Number.isInteger(i) || i < 0)) throw new StatementError(`The column mapping is not valid: ${name} is ${i}, not a column number. Map the columns again.`);
    }
    if (m.amount === undefined && m.debit === undefined && m.credit === undefined) {
      throw new StatementError('The column mapping has no amount: choose an amount column, or the debit and credit columns.');
    }
    const date = compileDateFormat(m.dateFormat);
    if (!date) throw new StatementError(`The date format "${m.dateFormat}" is not one MyBucks understands (for example DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD, DD.MM.YYYY, D MMM YYYY).`);
    this.date = date;
    this.currency = checkCurrency(m.defaultCurrency, 'The account currency');
  }

  push(record: string[]): void {
    const line = this.lines.start(record);
    if (line <= (this.m.skipRows ?? 0)) {
      if (!blank(record)) this.header = record;
      return;
    }
    if (blank(record)) return;
    this.onRow(this.map(record, line));
    this.rows++;
  }

  finish(): StatementSummary {
    if (this.rows === 0) {
      throw new StatementError(`This CSV file has no rows after the first ${this.m.skipRows ?? 0} line(s) skipped. Check the number of lines to skip in the mapping.`);
    }
    return { format: 'csv', account: { currency: this.currency }, warnings: [] };
  }

  private column(i: number): string {
    const name = this.header?.[i]?.trim();
    return `column ${i + 1}${name ? ` ("${name}")` : ''}`;
  }

  private cell(record: string[], i: number, line: number): string {
    if (i >= record.length) {
      throw new StatementError(`Line ${line} has ${record.length} column${record.length === 1 ? '' : 's'}, but the mapping reads ${this.column(i)}. Check the delimiter and the column mapping, or remove the line.`, `line ${line}`);
    }
    return record[i].trim();
  }

  private fail(line: number, i: number, value: string, what: string, hint: string): never {
    throw new StatementError(`Line ${line}, ${this.column(i)}: "${value}" is ${what}. ${hint}`, `line ${line}`);
  }

  private money(record: string[], i: number, line: number, currency: string): number | null {
    const raw = this.cell(record, i, line);
    if (raw === '') return null;
    const minor = localeAmountToMinor(raw, currency, this.m.decimalSeparator, this.m.thousandsSeparator);
    if (typeof minor === 'string') this.fail(line, i, raw, minor, `Check the decimal separator (now "${this.m.decimalSeparator}") and the amount columns in the mapping.`);
    return minor;
  }

  private get(record: string[], i: number | undefined, line: number): string {
    return i === undefined ? '' : this.cell(record, i, line);
  }

  private parseDate(record: string[], i: number, line: number): string {
    const raw = this.cell(record, i, line);
    return this.date(raw) ?? this.fail(line, i, raw, `not a date in the format ${this.m.dateFormat}`, 'Check the date format and the date column in the mapping.');
  }

  private map(record: string[], line: number): StatementTransaction {
    const m = this.m;
    const rawCurrency = this.get(record, m.currency, line);
    const currency = rawCurrency === '' ? this.currency : checkCurrency(rawCurrency, `The currency in ${this.column(m.currency!)}`, `line ${line}`);
    let amountMinor: number;
    if (m.amount !== undefined) {
      amountMinor = this.money(record, m.amount, line, currency) ?? this.fail(line, m.amount, '', 'empty, not an amount', 'Check the amount column in the mapping.');
    } else {
      const debit = m.debit === undefined ? null : this.money(record, m.debit, line, currency);
      const credit = m.credit === undefined ? null : this.money(record, m.credit, line, currency);
      if (debit === null && credit === null) {
        throw new StatementError(`Line ${line}: neither the debit (${this.column(m.debit ?? m.credit!)}) nor the credit column has an amount. Check the debit and credit columns in the mapping, or remove the line.`, `line ${line}`);
      }
      // Both are written as positive numbers; some banks still put a minus in the debit column.
      amountMinor = Math.abs(credit ?? 0) - Math.abs(debit ?? 0);
    }
    if (m.invertSign && amountMinor !== 0) amountMinor = -amountMinor;
    const payee = oneLine(this.get(record, m.payee, line));
    const reference = this.get(record, m.reference, line);
    const tx: StatementTransaction = {
      where: `line ${line}`,
      bookingDate: this.parseDate(record, m.date, line),
      amountMinor,
      currency,
      description: oneLine(this.get(record, m.description, line)) || payee || reference || 'CSV transaction',
      status: 'booked',
    };
    if (m.valueDate !== undefined && this.get(record, m.valueDate, line) !== '') tx.valueDate = this.parseDate(record, m.valueDate, line);
    if (payee) tx.payee = payee;
    if (reference) tx.reference = reference;
    const id = this.get(record, m.id, line);
    if (id) tx.fileId = id;
    return tx;
  }
}

const oneLine = (s: string) => (/\s\s|[\t\r\n]/.test(s) ? s.replace(/\s+/g, ' ') : s);

/** Parses the whole text with a confirmed mapping; a row that does not map throws naming its line and column. */
export function parseCsv(text: string, mapping: CsvMapping): ParsedStatement {
  const transactions: StatementTransaction[] = [];
  const rows = new RowMapper(mapping, (tx) => transactions.push(tx));
  let records: string[][];
  try {
    records = parse(text, options(mapping.delimiter ?? sniffTable(text)?.delimiter ?? ',')) as string[][];
  } catch (e) {
    throw csvError(e);
  }
  for (const record of records) rows.push(record);
  return { ...rows.finish(), transactions };
}

/** The same as parseCsv for a file read in chunks, so the text never has to be held whole: each row goes to `onRow` as it is read. */
export async function parseCsvStream(chunks: AsyncIterable<string>, mapping: CsvMapping, onRow: (tx: StatementTransaction) => void): Promise<StatementSummary> {
  const rows = new RowMapper(mapping, onRow);
  const it = chunks[Symbol.asyncIterator]();
  // Without a delimiter in the mapping, it is sniffed from the first 64 KB, as parseCsv does.
  const head: string[] = [];
  let headLength = 0;
  let done = false;
  while (mapping.delimiter === undefined && headLength < SAMPLE_CHARS && !done) {
    const next = await it.next();
    if (next.done) done = true;
    else {
      head.push(next.value);
      headLength += next.value.length;
    }
  }
  async function* all() {
    yield* head;
    for (let next = done ? null : await it.next(); next && !next.done; next = await it.next()) yield next.value;
  }
  const parser = parseStream(options(mapping.delimiter ?? sniffTable(head.join(''))?.delimiter ?? ','));
  // records are handled as the parser emits them while a chunk is written (no async step per record)
  let failed: unknown = null;
  parser.on('data', (record: string[]) => {
    if (failed) return;
    try {
      rows.push(record);
    } catch (e) {
      failed = e;
    }
  });
  const ended = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('error', (e) => {
      failed ??= csvError(e);
      resolve();
    });
  });
  for await (const chunk of all()) {
    if (failed) break;
    if (!parser.write(chunk)) await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), ended]);
  }
  if (!failed) {
    parser.end();
    await ended;
  }
  if (failed) throw failed;
  return rows.finish();
}
