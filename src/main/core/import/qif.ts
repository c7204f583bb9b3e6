import { checkCurrency, plainAmountToMinor } from './amounts';
import { chooseStatement } from './choose';
import { fullYear, ymd } from './dates';
import { foreignKind } from './detect';
import { StatementError } from './errors';
import type { ParsedStatement, QifOptions, StatementAccount, StatementSummary, StatementTransaction } from './statement';

interface QifRecord { line: number; fields: Map<string, string> }
interface Section { index: number; account: StatementAccount; records: number }

const TRANSACTION_TYPES = new Set(['bank', 'ccard', 'cash', 'oth a', 'oth l']);

/** One QIF date split into its parts; `a`/`b` are day and month in an order only the whole file can tell. */
interface DateParts { a: number; b: number; year: number; ymdOrder: boolean }

function dateParts(raw: string): DateParts | null {
  // Quicken pads with spaces (` 1/ 2' 6`); an apostrophe before the year means 2000 + year.
  const m = /^(\d{1,4})[/.-](\d{1,2})([/.\-']|'?)(\d{1,4})$/.exec(raw.replace(/\s+/g, ''));
  if (!m) return null;
  const [, a, b, sep, y] = m;
  if (a.length === 4) return { a: +y, b: +b, year: +a, ymdOrder: true };
  if (y.length === 3) return null;
  const year = y.length === 4 ? +y : sep === "'" ? 2000 + +y : fullYear(+y);
  return { a: +a, b: +b, year, ymdOrder: false };
}

/** QIF (Quicken Interchange Format): !Type:Bank, CCard, Cash, Oth A/L records; splits ignored, totals kept. */
export function parseQif(text: string, opts: QifOptions): ParsedStatement {
  const transactions: StatementTransaction[] = [];
  const summary = readQif(text, opts, (tx) => transactions.push(tx));
  return { ...summary, transactions };
}

/**
 * The same with the chosen account's transactions handed to `onRow` one by one: a first pass over the text checks
 * its structure and finds the date order (which only the whole file proves), a second converts one record at a
 * time, so the records are never all held.
 */
export function readQif(text: string, opts: QifOptions, onRow: (tx: StatementTransaction) => void): StatementSummary {
  const currency = checkCurrency(opts.currency, 'The account currency');
  const dates = new DateEvidence();
  const { sections, skippedInvestments } = walk(text, (_section, r) => dates.add(r));
  if (sections.length === 0 || sections.every((s) => s.records === 0)) {
    throw new StatementError(
      skippedInvestments > 0
        ? 'This QIF file holds investment transactions (!Type:Invst) only, which MyBucks cannot import. Export the bank or card account instead.'
        : 'This QIF file holds no bank, card or cash transactions (no !Type:Bank, CCard, Cash, Oth A or Oth L records).',
    );
  }
  const warnings: string[] = [];
  const withRecords = sections.filter((s) => s.records > 0);
  const accounts = withRecords.map((s) => s.account);
  const index = chooseStatement(accounts, opts.statement, warnings);
  if (skippedInvestments > 0) warnings.push('Investment transactions (!Type:Invst) in this file were left out.');
  const order = dates.order(opts.dateOrder, warnings);
  const chosen = withRecords[index];
  walk(text, (section, r) => {
    if (section === chosen.index) onRow(transaction(r, order, currency));
  });
  const result: StatementSummary = { format: 'qif', account: { ...chosen.account, currency }, warnings };
  if (withRecords.length > 1) result.statements = accounts;
  return result;
}

/**
 * Reads the text's sections and records, handing each transaction record (with its section's index) to `onRecord`
 * as its closing ^ is read; throws on a file that is not QIF or is cut inside a record.
 */
function walk(text: string, onRecord: (section: number, record: QifRecord) => void): { sections: Section[]; skippedInvestments: number } {
  const sections: Section[] = [];
  let section: Section | null = null;
  let mode: 'account' | 'transactions' | 'skip' | null = null;
  let record: QifRecord | null = null;
  let skippedInvestments = 0;
  const pendingAccount: StatementAccount = {};
  const newSection = (account: StatementAccount): Section => {
    const made = { index: sections.length, account, records: 0 };
    sections.push(made);
    return made;
  };
  const lineEnd = /\r\n|\n|\r/g;
  for (let start = 0, i = 0; start <= text.length; i++) {
    const m = lineEnd.exec(text);
    const rawLine = text.slice(start, m ? m.index : text.length);
    start = m ? m.index + m[0].length : text.length + 1;
    const line = rawLine.trim();
    if (line === '') continue;
    const n = i + 1;
    if (line.startsWith('!')) {
      if (record) throw new StatementError(`Line ${n}: "${line}" starts a new section inside the transaction that began at line ${record.line} (no closing ^). The file is damaged; export it again.`, `line ${n}`);
      const header = /^!(\w+)(?::(.*))?$/.exec(line);
      const name = header?.[1].toLowerCase();
      if (name === 'account') mode = 'account';
      else if (name === 'type') {
        const type = (header![2] ?? '').trim().toLowerCase();
        if (TRANSACTION_TYPES.has(type)) {
          mode = 'transactions';
          if (!section) section = newSection({ type: header![2].trim() });
          else section.account.type ??= header![2].trim();
        } else {
          mode = 'skip';
          if (type === 'invst') skippedInvestments++;
        }
      } else if (name !== 'option' && name !== 'clear') {
        throw new StatementError(`Line ${n}: "${line}" is not a QIF header. The file is damaged or not a QIF file.`, `line ${n}`);
      }
      continue;
    }
    if (mode === null) {
      const kind = foreignKind(text);
      throw new StatementError(
        kind
          ? `This file is ${kind}, not a QIF file. Download the statement from your bank as QIF, OFX, CSV or CAMT and import that file.`
          : `This is not a QIF file: line ${n} comes before any !Type header. Check that you picked the file your bank calls QIF or "Quicken (QIF)".`,
        `line ${n}`,
      );
    }
    if (mode === 'account') {
      if (line === '^') {
        section = newSection({ ...pendingAccount });
        for (const k of Object.keys(pendingAccount) as (keyof StatementAccount)[]) delete pendingAccount[k];
      } else if (line[0] === 'N') pendingAccount.name = line.slice(1).trim();
      else if (line[0] === 'T') pendingAccount.type = line.slice(1).trim();
      continue;
    }
    if (line === '^') {
      if (mode === 'transactions' && record) {
        section!.records++;
        onRecord(section!.index, record);
      }
      record = null;
      continue;
    }
    record ??= { line: n, fields: new Map() };
    const key = line[0];
    // The first of a repeated field wins (splits repeat S/E/$, which are ignored)
    if (!record.fields.has(key)) record.fields.set(key, line.slice(1).trim());
  }
  if (record) {
    throw new StatementError(`The file ends inside the transaction that began at line ${(record as QifRecord).line} (no closing ^): it looks truncated. Export the file again; nothing was imported.`, `line ${(record as QifRecord).line}`);
  }
  return { sections, skippedInvestments };
}

/** What the dates of every record prove about their day/month order (a first part > 12 is a day). */
class DateEvidence {
  private dayFirst: string | undefined;
  private monthFirst: string | undefined;
  private allYmd = true;
  private example: string | undefined;

  add(r: QifRecord): void {
    const raw = r.fields.get('D');
    this.example ??= raw || undefined;
    const p = raw === undefined ? null : dateParts(raw);
    if (!p || p.ymdOrder) return;
    this.allYmd = false;
    if (p.a > 12 && p.b <= 12) this.dayFirst ??= raw;
    if (p.b > 12 && p.a <= 12) this.monthFirst ??= raw;
  }

  /** The order the file proves, else the user's choice, else an error. */
  order(chosen: QifOptions['dateOrder'], warnings: string[]): 'dmy' | 'mdy' | 'ymd' {
    const { dayFirst, monthFirst } = this;
    if (dayFirst && monthFirst) {
      throw new StatementError(`The dates in this file mix day/month (${dayFirst}) and month/day (${monthFirst}) order, so they cannot be read safely. Export the file again, or convert it to CSV and map the dates there.`);
    }
    const proven = dayFirst ? 'dmy' : monthFirst ? 'mdy' : this.allYmd ? 'ymd' : undefined;
    if (proven) {
      if (chosen && chosen !== proven && proven !== 'ymd') {
        warnings.push(`You chose the date order ${chosen}, but a date such as ${dayFirst ?? monthFirst} can only be ${proven === 'dmy' ? 'day/month/year' : 'month/day/year'}; the file's order is used.`);
      }
      return proven;
    }
    if (chosen) return chosen;
    throw new StatementError(`The dates in this file (such as ${this.example}) can be read as day/month or month/day. Choose the date order your bank uses and import again.`);
  }
}

function transaction(r: QifRecord, order: 'dmy' | 'mdy' | 'ymd', currency: string): StatementTransaction {
  const where = `line ${r.line}`;
  const rawDate = r.fields.get('D');
  if (rawDate === undefined) throw new StatementError(`Line ${r.line}: the transaction has no date (D line). The file is damaged; export it again.`, where);
  const p = dateParts(rawDate);
  const date = p && (p.ymdOrder ? ymd(p.year, p.b, p.a) : order === 'mdy' ? ymd(p.year, p.a, p.b) : ymd(p.year, p.b, p.a));
  if (!date) {
    throw new StatementError(`Line ${r.line}: "D${rawDate}" is not a date (QIF dates look like 11/27/2026, 27/11/26, 11/27'26 or 2026-11-27). Correct the line or export the file again.`, where);
  }
  const rawAmount = r.fields.get('T') ?? r.fields.get('U');
  if (rawAmount === undefined) throw new StatementError(`Line ${r.line}: the transaction has no amount (T or U line). The file is damaged; export it again.`, where);
  const amountMinor = plainAmountToMinor(rawAmount, currency);
  if (typeof amountMinor === 'string') {
    throw new StatementError(`Line ${r.line}: the amount "${rawAmount}" is ${amountMinor}. Check the account's currency, or correct the line.`, where);
  }
  const payee = r.fields.get('P') || undefined;
  const memo = r.fields.get('M') || undefined;
  const tx: StatementTransaction = { where, bookingDate: date, amountMinor, currency, description: memo ?? payee ?? 'QIF transaction', status: 'booked' };
  if (payee) tx.payee = payee;
  const reference = r.fields.get('N');
  if (reference) tx.reference = reference;
  return tx;
}
