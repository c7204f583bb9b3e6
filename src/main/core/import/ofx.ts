import { at, checkCurrency, plainAmountToMinor } from './amounts';
import { ofxDate } from './dates';
import { foreignKind } from './detect';
import { StatementError } from './errors';
import { child, fieldsOf, findAll, OfxReader, value, type OfxNode } from './sgml';
import type { OfxOptions, ParsedStatement, StatementAccount, StatementSummary, StatementTransaction } from './statement';
import { chooseStatement } from './choose';

const STATEMENTS = ['STMTRS', 'CCSTMTRS'];

/** OFX/QFX 1.x (SGML) and 2.x (XML): bank (STMTRS) and credit-card (CCSTMTRS) statements. */
export function parseOfx(text: string, opts: OfxOptions = {}): ParsedStatement {
  const transactions: StatementTransaction[] = [];
  const parser = new OfxParser(opts, (tx) => transactions.push(tx));
  parser.push(text);
  const summary = parser.finish();
  const ids = new Set<string>();
  let repeated = 0;
  for (const t of transactions) {
    if (t.fileId === undefined) continue;
    if (ids.has(t.fileId)) repeated++;
    else ids.add(t.fileId);
  }
  if (repeated > 0) summary.warnings.push(repeatedIdsWarning(repeated));
  return { ...summary, transactions };
}

/**
 * The same for text read in chunks: the chosen statement's transactions go to `onRow` one by one as they are read,
 * and are not held. Entries that repeat an earlier FITID are not looked for (that needs every id): the caller
 * counts them and adds repeatedIdsWarning.
 */
export async function parseOfxStream(chunks: AsyncIterable<string>, opts: OfxOptions, onRow: (tx: StatementTransaction) => void): Promise<StatementSummary> {
  const parser = new OfxParser(opts, onRow);
  for await (const chunk of chunks) parser.push(chunk);
  return parser.finish();
}

export const repeatedIdsWarning = (n: number) =>
  `${n} ${n === 1 ? 'entry repeats' : 'entries repeat'} the FITID of an earlier entry in this file: the bank reuses its ids, so they are not reliable for finding duplicates.`;

class OfxParser {
  private readonly reader = new OfxReader(new Set(['STMTTRN']), (trn, open) => this.transaction(trn, open));
  private head = '';
  private readonly indexes = new WeakMap<OfxNode, number>();
  private readonly currencies = new WeakMap<OfxNode, string>();
  private withoutId = 0;
  /** The first entry that does not read; thrown once the whole file is read, after the errors of the file's structure. */
  private failed: unknown = null;

  constructor(
    private readonly opts: OfxOptions,
    private readonly onRow: (tx: StatementTransaction) => void,
  ) {}

  push(chunk: string): void {
    if (this.head.length < 8) this.head += chunk.slice(0, 8);
    this.reader.push(chunk);
  }

  finish(): StatementSummary {
    const root = this.reader.end();
    if (!root) {
      const kind = foreignKind(this.head);
      throw new StatementError(
        kind
          ? `This file is ${kind}, not an OFX statement. Download the statement from your bank as OFX, QFX, CSV or CAMT and import that file.`
          : 'This file is not an OFX statement: it has no <OFX> element. Check that you picked the file your bank calls OFX, QFX or "Money/Quicken (web connect)".',
      );
    }
    const statements = findAll(root, STATEMENTS);
    if (statements.length === 0) {
      const status = findAll(root, ['STATUS']).find((s) => value(s, 'CODE') && value(s, 'CODE') !== '0');
      if (status) {
        throw new StatementError(
          `The bank reported an error instead of a statement (code ${value(status, 'CODE')}${value(status, 'MESSAGE') ? `: ${value(status, 'MESSAGE')}` : ''}, line ${status.line}). Download the statement again.`,
          `line ${status.line}`,
        );
      }
      throw new StatementError('This OFX file holds no bank or credit-card statement (no <STMTRS> or <CCSTMTRS>). Investment and bill-pay files cannot be imported.');
    }
    this.defaultCurrency();
    const accounts = statements.map(accountOf);
    const warnings: string[] = [];
    const index = chooseStatement(accounts, this.opts.statement, warnings);
    const stmt = statements[index];
    const account = accounts[index];
    const currency = this.currencyOf(stmt);
    if (account.currency) account.currency = currency;
    if (this.failed) throw this.failed;
    if (this.withoutId > 0) {
      warnings.push(`${this.withoutId} ${this.withoutId === 1 ? 'entry has' : 'entries have'} no FITID: duplicates among them are found by date, amount and payee only.`);
    }
    const result: StatementSummary = { format: 'ofx', account, warnings };
    const ledger = child(stmt, 'LEDGERBAL');
    if (ledger) {
      const where = `line ${ledger.line}`;
      const f = fieldsOf(ledger);
      result.closingBalance = { amountMinor: amount(ledger, f, 'BALAMT', currency, where), currency, date: date(ledger, f, 'DTASOF', where) };
    }
    if (statements.length > 1) result.statements = accounts;
    return result;
  }

  private defaultCurrency(): string | undefined {
    return this.opts.defaultCurrency === undefined ? undefined : checkCurrency(this.opts.defaultCurrency, 'The default currency');
  }

  /** The statement's <CURDEF> (which the spec puts before its transactions), else the default currency. */
  private currencyOf(stmt: OfxNode): string {
    let currency = this.currencies.get(stmt);
    if (currency) return currency;
    const curdef = child(stmt, 'CURDEF');
    const declared = curdef && value(stmt, 'CURDEF');
    if (declared) currency = checkCurrency(declared.toUpperCase(), 'CURDEF', `line ${curdef.line}`);
    else {
      currency = this.defaultCurrency();
      if (!currency) {
        throw new StatementError(
          `The statement at line ${stmt.line} does not say its currency (no <CURDEF>). Choose the account's currency and import again.`,
          `line ${stmt.line}`,
        );
      }
    }
    this.currencies.set(stmt, currency);
    return currency;
  }

  /** A <STMTTRN> just read: a transaction when it is in the chosen statement's (first) <BANKTRANLIST>. */
  private transaction(trn: OfxNode, open: readonly OfxNode[]): void {
    const list = open[open.length - 1];
    const stmt = open[open.length - 2];
    if (this.failed || list.name !== 'BANKTRANLIST' || !stmt || !STATEMENTS.includes(stmt.name) || child(stmt, 'BANKTRANLIST') !== list) return;
    let index = this.indexes.get(stmt);
    if (index === undefined) this.indexes.set(stmt, (index = findAll(open[0], STATEMENTS).indexOf(stmt)));
    if (index !== (this.opts.statement ?? 0)) return;
    try {
      const tx = transaction(trn, this.currencyOf(stmt));
      if (tx.fileId === undefined) this.withoutId++;
      this.onRow(tx);
    } catch (err) {
      this.failed = err;
    }
  }
}

function accountOf(stmt: OfxNode): StatementAccount {
  const cc = stmt.name === 'CCSTMTRS';
  const from = child(stmt, cc ? 'CCACCTFROM' : 'BANKACCTFROM');
  const account: StatementAccount = {};
  const accountId = from && value(from, 'ACCTID');
  const bankId = from && value(from, 'BANKID');
  const type = cc ? 'CREDITCARD' : from && value(from, 'ACCTTYPE');
  const currency = value(stmt, 'CURDEF');
  if (accountId) account.accountId = accountId;
  if (bankId) account.bankId = bankId;
  if (type) account.type = type;
  if (currency) account.currency = currency.toUpperCase();
  return account;
}

type Fields = Map<string, OfxNode>;

const text = (f: Fields, name: string) => f.get(name)?.value || undefined;

function transaction(trn: OfxNode, statementCurrency: string): StatementTransaction {
  const where = `line ${trn.line}`;
  const f = fieldsOf(trn);
  const currencyNode = f.get('CURRENCY');
  const cursym = currencyNode && value(currencyNode, 'CURSYM');
  const currency = cursym ? checkCurrency(cursym, 'CURSYM', `line ${currencyNode.line}`) : statementCurrency;
  const payeeNode = f.get('PAYEE');
  const payee = text(f, 'NAME') ?? (payeeNode && value(payeeNode, 'NAME'));
  const type = text(f, 'TRNTYPE');
  const tx: StatementTransaction = {
    where,
    bookingDate: date(trn, f, 'DTPOSTED', where),
    amountMinor: amount(trn, f, 'TRNAMT', currency, where),
    currency,
    description: text(f, 'MEMO') ?? payee ?? type ?? 'OFX transaction',
    status: 'booked',
  };
  const fitid = text(f, 'FITID');
  if (fitid) tx.fileId = fitid;
  if (f.has('DTAVAIL')) tx.valueDate = date(trn, f, 'DTAVAIL', where);
  if (payee) tx.payee = payee;
  const reference = text(f, 'CHECKNUM') ?? text(f, 'REFNUM');
  if (reference) tx.reference = reference;
  if (type) tx.bankTxCode = type.toUpperCase();
  return tx;
}

function amount(node: OfxNode, f: Fields, name: string, currency: string, where: string): number {
  const raw = text(f, name);
  if (raw === undefined) {
    throw new StatementError(`${at(where)}the <${node.name}> has no <${name}> amount. The file is damaged; download it again from your bank.`, where);
  }
  const minor = plainAmountToMinor(raw, currency);
  if (typeof minor === 'string') {
    throw new StatementError(`${at(`line ${f.get(name)!.line}`)}<${name}> "${raw}" is ${minor}. The file is damaged; download it again from your bank.`, where);
  }
  return minor;
}

function date(node: OfxNode, f: Fields, name: string, where: string): string {
  const raw = text(f, name);
  if (raw === undefined) {
    throw new StatementError(`${at(where)}the <${node.name}> has no <${name}> date. The file is damaged; download it again from your bank.`, where);
  }
  const d = ofxDate(raw);
  if (!d) {
    throw new StatementError(`${at(`line ${f.get(name)!.line}`)}<${name}> "${raw}" is not a date (OFX dates look like 20261127 or 20261127120000.000[-5:EST]). The file is damaged; download it again from your bank.`, where);
  }
  return d;
}
