import { at, checkCurrency, plainAmountToMinor } from './amounts';
import { ofxDate } from './dates';
import { foreignKind } from './detect';
import { StatementError } from './errors';
import { child, fieldsOf, findAll, readOfxTree, value, type OfxNode } from './sgml';
import type { OfxOptions, ParsedStatement, StatementAccount, StatementTransaction } from './statement';
import { chooseStatement } from './choose';

/** OFX/QFX 1.x (SGML) and 2.x (XML): bank (STMTRS) and credit-card (CCSTMTRS) statements. */
export function parseOfx(text: string, opts: OfxOptions = {}): ParsedStatement {
  const start = text.search(/<OFX>/i);
  if (start === -1) {
    const kind = foreignKind(text);
    throw new StatementError(
      kind
        ? `This file is ${kind}, not an OFX statement. Download the statement from your bank as OFX, QFX, CSV or CAMT and import that file.`
        : 'This file is not an OFX statement: it has no <OFX> element. Check that you picked the file your bank calls OFX, QFX or "Money/Quicken (web connect)".',
    );
  }
  const root = readOfxTree(text, start);
  const statements = findAll(root, ['STMTRS', 'CCSTMTRS']);
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
  const defaultCurrency = opts.defaultCurrency === undefined ? undefined : checkCurrency(opts.defaultCurrency, 'The default currency');
  const accounts = statements.map(accountOf);
  const warnings: string[] = [];
  const index = chooseStatement(accounts, opts.statement, warnings);
  const result = statement(statements[index], accounts[index], defaultCurrency, warnings);
  if (statements.length > 1) result.statements = accounts;
  return result;
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

function statement(stmt: OfxNode, account: StatementAccount, defaultCurrency: string | undefined, warnings: string[]): ParsedStatement {
  const curdef = child(stmt, 'CURDEF');
  let currency: string;
  if (account.currency) {
    currency = checkCurrency(account.currency, 'CURDEF', `line ${curdef!.line}`);
    account.currency = currency;
  } else if (defaultCurrency) {
    currency = defaultCurrency;
  } else {
    throw new StatementError(
      `The statement at line ${stmt.line} does not say its currency (no <CURDEF>). Choose the account's currency and import again.`,
      `line ${stmt.line}`,
    );
  }
  const list = child(stmt, 'BANKTRANLIST');
  const transactions: StatementTransaction[] = [];
  let withoutId = 0;
  const ids = new Set<string>();
  let repeatedIds = 0;
  for (const trn of list?.children ?? []) {
    if (trn.name !== 'STMTTRN') continue;
    const tx = transaction(trn, currency);
    if (tx.fileId === undefined) withoutId++;
    else if (ids.has(tx.fileId)) repeatedIds++;
    else ids.add(tx.fileId);
    transactions.push(tx);
  }
  if (withoutId > 0) {
    warnings.push(`${withoutId} ${withoutId === 1 ? 'entry has' : 'entries have'} no FITID: duplicates among them are found by date, amount and payee only.`);
  }
  if (repeatedIds > 0) {
    warnings.push(`${repeatedIds} ${repeatedIds === 1 ? 'entry repeats' : 'entries repeat'} the FITID of an earlier entry in this file: the bank reuses its ids, so they are not reliable for finding duplicates.`);
  }
  const result: ParsedStatement = { format: 'ofx', account, transactions, warnings };
  const ledger = child(stmt, 'LEDGERBAL');
  if (ledger) {
    const where = `line ${ledger.line}`;
    const f = fieldsOf(ledger);
    result.closingBalance = { amountMinor: amount(ledger, f, 'BALAMT', currency, where), currency, date: date(ledger, f, 'DTASOF', where) };
  }
  return result;
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
