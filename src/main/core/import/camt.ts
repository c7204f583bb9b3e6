import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkCurrency, plainAmountToMinor } from './amounts';
import { chooseStatement } from './choose';
import { isoDate } from './dates';
import { foreignKind } from './detect';
import { StatementError } from './errors';
import type { ParsedStatement, StatementAccount, StatementChoice, StatementSummary, StatementTransaction } from './statement';

type Xml = Record<string, unknown>;

const REPEATED = new Set(['Stmt', 'Rpt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Bal']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true, // any version namespace: camt.053.001.02 … .13
  parseTagValue: false, // amounts and references stay strings
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

function get(node: unknown, ...path: string[]): unknown {
  let n = node;
  for (const key of path) n = n !== null && typeof n === 'object' ? (n as Xml)[key] : undefined;
  return n;
}

/** Text of an element, with or without attributes; undefined when absent or empty. */
function text(node: unknown, ...path: string[]): string | undefined {
  return asText(get(node, ...path));
}

function asText(n: unknown): string | undefined {
  const s = typeof n === 'object' && n !== null ? (n as Xml)['#text'] : n;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
}

function list(node: unknown, key: string): Xml[] {
  const n = get(node, key);
  return Array.isArray(n) ? n.map((x) => (typeof x === 'object' && x !== null ? (x as Xml) : {})) : [];
}

/** ISO 20022 bank-to-customer statements: camt.053 (Stmt) and camt.052 (Rpt), any version namespace. */
export function parseCamt(text_: string, opts: StatementChoice = {}): ParsedStatement {
  const transactions: StatementTransaction[] = [];
  const summary = readCamt(text_, opts, (tx) => transactions.push(tx));
  return { ...summary, transactions };
}

/**
 * The same with the chosen statement's transactions handed to `onRow` one by one: the document is parsed without its
 * entries (<Ntry>), and then each entry of the chosen statement on its own, so the whole file is never one tree.
 */
export function readCamt(text_: string, opts: StatementChoice, onRow: (tx: StatementTransaction) => void): StatementSummary {
  const kind = foreignKind(text_);
  if (kind) throw new StatementError(`This file is ${kind}, not a CAMT statement. Download the statement from your bank as CAMT.053 (XML), OFX or CSV and import that file.`);
  if (!/^\s*</.test(text_)) throw new StatementError('This file is not XML, so not a CAMT statement. Check that you picked the file your bank calls CAMT.053, CAMT.052 or "ISO 20022 XML".');
  const valid = XMLValidator.validate(text_);
  if (valid !== true) {
    const { line, msg } = valid.err;
    const unclosed = /^Invalid '\[(.*)\]' found/s.exec(msg);
    if (unclosed) {
      const path = (JSON.parse(`[${unclosed[1]}]`) as string[]).join('/');
      throw new StatementError(`The file ends inside ${path}: it looks truncated. Download the statement from your bank again; nothing was imported.`, path);
    }
    throw new StatementError(`Line ${line}: the XML is not well-formed (${msg}). The file is damaged or truncated; download it again from your bank. Nothing was imported.`, `line ${line}`);
  }
  const { skeleton, entries } = withoutEntries(text_);
  const doc = get(parser.parse(skeleton), 'Document');
  const stmtDoc = get(doc, 'BkToCstmrStmt');
  const rptDoc = get(doc, 'BkToCstmrAcctRpt');
  if (!stmtDoc && !rptDoc) {
    const root = doc && typeof doc === 'object' ? Object.keys(doc).find((k) => !k.startsWith('@')) : undefined;
    throw new StatementError(
      root === 'BkToCstmrDbtCdtNtfctn'
        ? 'This is a CAMT.054 notification, not a statement. Download the account statement (CAMT.053) or report (CAMT.052) instead.'
        : `This XML file is not a CAMT statement: it has no Document/BkToCstmrStmt (camt.053) or Document/BkToCstmrAcctRpt (camt.052)${root ? ` (found ${root})` : ''}.`,
    );
  }
  const format = stmtDoc ? 'camt.053' : 'camt.052';
  const key = stmtDoc ? 'Stmt' : 'Rpt';
  const base = `Document/${stmtDoc ? 'BkToCstmrStmt' : 'BkToCstmrAcctRpt'}`;
  const statements = list(stmtDoc ?? rptDoc, key);
  if (statements.length === 0) throw new StatementError(`This CAMT file holds no <${key}> statement. Download the statement again from your bank.`, base);
  const accounts = statements.map(accountOf);
  const warnings: string[] = [];
  const index = chooseStatement(accounts, opts.statement, warnings);
  // the entries are the statements' in document order
  const first = statements.slice(0, index).reduce((n, st) => n + list(st, 'Ntry').length, 0);
  const own = entries.slice(first, first + list(statements[index], 'Ntry').length);
  function* parsed(): Generator<Xml> {
    for (const [start, end] of own) yield list(parser.parse(text_.slice(start, end)), 'Ntry')[0] ?? {};
  }
  const result = statement(statements[index], parsed(), accounts[index], `${base}/${key}[${index + 1}]`, warnings, onRow);
  result.format = format;
  if (statements.length > 1) result.statements = accounts;
  return result;
}

function accountOf(stmt: Xml): StatementAccount {
  const acct = get(stmt, 'Acct');
  const account: StatementAccount = {};
  const accountId = text(acct, 'Id', 'IBAN') ?? text(acct, 'Id', 'Othr', 'Id');
  const bankId = text(acct, 'Svcr', 'FinInstnId', 'BICFI') ?? text(acct, 'Svcr', 'FinInstnId', 'BIC');
  const type = text(acct, 'Tp', 'Cd') ?? text(acct, 'Tp', 'Prtry');
  const currency = text(acct, 'Ccy');
  const name = text(acct, 'Nm');
  if (accountId) account.accountId = accountId;
  if (bankId) account.bankId = bankId;
  if (type) account.type = type;
  if (currency) account.currency = currency;
  if (name) account.name = name;
  return account;
}

/** Markup whose text is not elements: comments, CDATA sections, processing instructions. */
const NOT_ELEMENTS = String.raw`<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>`;

/**
 * Where each <Ntry> element is in the text, and the text with each of them left empty (`<Ntry/>`): entries do not
 * nest, no other element's name starts with "Ntry" and a space, "/" or ">", and an "<Ntry" in a comment or a CDATA
 * section is text.
 */
function withoutEntries(text: string): { skeleton: string; entries: [number, number][] } {
  const open = new RegExp(`${NOT_ELEMENTS}|<(?:[\\w.-]+:)?Ntry(?=[\\s/>])`, 'g');
  const close = new RegExp(`${NOT_ELEMENTS}|</(?:[\\w.-]+:)?Ntry\\s*>`, 'g');
  const parts: string[] = [];
  const entries: [number, number][] = [];
  let last = 0;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    if (m[0][1] === '!' || m[0][1] === '?') continue; // a comment, CDATA or processing instruction
    const gt = text.indexOf('>', m.index);
    let end = gt + 1;
    if (text[gt - 1] !== '/') {
      close.lastIndex = gt;
      let c = close.exec(text);
      while (c && c[0][1] !== '/') c = close.exec(text);
      end = c ? c.index + c[0].length : text.length;
    }
    entries.push([m.index, end]);
    parts.push(text.slice(last, m.index), '<Ntry/>');
    last = open.lastIndex = end;
  }
  parts.push(text.slice(last));
  return { skeleton: parts.join(''), entries };
}

function statement(
  stmt: Xml,
  entries: Iterable<Xml>,
  account: StatementAccount,
  path: string,
  warnings: string[],
  onRow: (tx: StatementTransaction) => void,
): StatementSummary {
  if (account.currency) account.currency = checkCurrency(account.currency, 'The account currency (Acct/Ccy)', `${path}/Acct/Ccy`);
  let informational = 0;
  let splitBatches = 0;
  let wholeBatches = 0;
  let n = 0;
  for (const ntry of entries) {
    const where = `${path}/Ntry[${++n}]`;
    const status = text(ntry, 'Sts', 'Cd') ?? text(ntry, 'Sts', 'Prtry') ?? text(ntry, 'Sts');
    if (status !== 'BOOK' && status !== 'PDNG' && status !== 'INFO' && status !== 'FUTR') {
      throw new StatementError(`${where}: the entry's status (Sts) is ${status ? `"${status}"` : 'missing'}; expected BOOK or PDNG. The file is damaged; download it again from your bank.`, where);
    }
    if (status === 'INFO' || status === 'FUTR') {
      informational++;
      continue;
    }
    const details = list(ntry, 'NtryDtls').flatMap((d, k) => list(d, 'TxDtls').map((tx, j) => ({ tx, where: `${where}/NtryDtls[${k + 1}]/TxDtls[${j + 1}]` })));
    const whole = entry(ntry, details.map((d) => d.tx), status, account.currency, where);
    if (details.length < 2) {
      onRow(whole);
      continue;
    }
    const split = payments(ntry, details, whole);
    if (split) {
      splitBatches++;
      for (const t of split) onRow(t);
    } else {
      wholeBatches++;
      onRow(whole);
    }
  }
  if (informational > 0) warnings.push(`${informational} informational ${informational === 1 ? 'entry' : 'entries'} (status INFO or FUTR, not booked) left out.`);
  if (splitBatches > 0) {
    warnings.push(`${splitBatches} batch ${splitBatches === 1 ? 'entry' : 'entries'} (several payments booked as one amount) ${splitBatches === 1 ? 'is' : 'are'} imported as ${splitBatches === 1 ? 'its' : 'their'} payments, one transaction each.`);
  }
  if (wholeBatches > 0) {
    warnings.push(
      `${wholeBatches} batch ${wholeBatches === 1 ? 'entry' : 'entries'} (several payments booked as one amount) ${wholeBatches === 1 ? 'is' : 'are'} imported as one transaction each, with the entry's total: ` +
        "the file does not give every payment's amount, or they do not add up to the total. Nothing is left out.",
    );
  }
  const result: StatementSummary = { format: 'camt.053', account, warnings };
  const closing = list(stmt, 'Bal').findIndex((b) => (text(b, 'Tp', 'CdOrPrtry', 'Cd') ?? text(b, 'Tp', 'CdOrPrtry', 'Prtry')) === 'CLBD');
  if (closing !== -1) {
    const bal = list(stmt, 'Bal')[closing];
    const where = `${path}/Bal[${closing + 1}]`;
    const { amountMinor, currency } = money(bal, account.currency, where);
    result.closingBalance = { amountMinor, currency, date: date(bal, 'Dt', where, true)! };
  }
  return result;
}

function money(node: Xml, fallbackCurrency: string | undefined, where: string): { amountMinor: number; currency: string } {
  const raw = text(node, 'Amt');
  const ccy = text(node, 'Amt', '@Ccy') ?? fallbackCurrency;
  if (raw === undefined) throw new StatementError(`${where}: there is no amount (Amt). The file is damaged; download it again from your bank.`, where);
  if (ccy === undefined) throw new StatementError(`${where}/Amt: the amount has no currency (Ccy) and neither has the account. The file is damaged; download it again from your bank.`, where);
  const currency = checkCurrency(ccy, 'The currency (Amt/@Ccy)', `${where}/Amt`);
  const minor = /^\d+(\.\d+)?$/.test(raw) ? plainAmountToMinor(raw, currency) : 'not an amount';
  if (typeof minor === 'string') throw new StatementError(`${where}/Amt: "${raw}" is ${minor}. The file is damaged; download it again from your bank.`, where);
  const indicator = text(node, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    throw new StatementError(`${where}/CdtDbtInd: ${indicator ? `"${indicator}"` : 'missing'}; expected CRDT or DBIT. The file is damaged; download it again from your bank.`, where);
  }
  return { amountMinor: indicator === 'DBIT' && minor !== 0 ? -minor : minor, currency };
}

/** Dt/Dt or Dt/DtTm (the date part as written); undefined when the element is absent and not required. */
function date(node: Xml, key: string, where: string, required: boolean): string | undefined {
  const raw = text(node, key, 'Dt') ?? text(node, key, 'DtTm');
  if (raw === undefined) {
    if (!required) return undefined;
    throw new StatementError(`${where}/${key}: there is no date (Dt or DtTm). The file is damaged; download it again from your bank.`, where);
  }
  const d = isoDate(raw);
  if (!d) throw new StatementError(`${where}/${key}: "${raw}" is not a date (expected YYYY-MM-DD). The file is damaged; download it again from your bank.`, where);
  return d;
}

function bankTxCode(node: unknown): string | undefined {
  const domain = text(node, 'BkTxCd', 'Domn', 'Cd');
  if (domain) return [domain, text(node, 'BkTxCd', 'Domn', 'Fmly', 'Cd'), text(node, 'BkTxCd', 'Domn', 'Fmly', 'SubFmlyCd')].filter(Boolean).join('/');
  return text(node, 'BkTxCd', 'Prtry', 'Cd');
}

function party(tx: Xml, role: 'Cdtr' | 'Dbtr'): string | undefined {
  // camt.053.001.02–.07: RltdPties/Cdtr/Nm; .08 and later: RltdPties/Cdtr/Pty/Nm
  return text(tx, 'RltdPties', role, 'Nm') ?? text(tx, 'RltdPties', role, 'Pty', 'Nm');
}

function entry(ntry: Xml, details: Xml[], status: 'BOOK' | 'PDNG', accountCurrency: string | undefined, where: string): StatementTransaction {
  const { amountMinor, currency } = money(ntry, accountCurrency, where);
  const valueDate = date(ntry, 'ValDt', where, false);
  const bookingDate = date(ntry, 'BookgDt', where, status === 'BOOK' || valueDate === undefined) ?? valueDate!;
  const remittance = details.map((tx) => ((get(tx, 'RmtInf', 'Ustrd') as unknown[] | undefined) ?? []).map(asText).filter(Boolean).join(' ')).filter(Boolean);
  const counterparties = [...new Set(details.map((tx) => party(tx, amountMinor < 0 ? 'Cdtr' : 'Dbtr')).filter(Boolean))];
  const payee = counterparties.length === 1 ? counterparties[0] : undefined;
  const references = details.map((tx) => text(tx, 'Refs', 'EndToEndId')).filter((r) => r && r !== 'NOTPROVIDED');
  const code = bankTxCode(ntry) ?? (details.length === 1 ? bankTxCode(details[0]) : undefined);
  const tx: StatementTransaction = {
    where,
    bookingDate,
    amountMinor,
    currency,
    description: remittance.join('; ') || text(ntry, 'AddtlNtryInf') || (details.length === 1 ? text(details[0], 'AddtlTxInf') : undefined) || payee || code || 'Bank entry',
    status: status === 'BOOK' ? 'booked' : 'pending',
  };
  const fileId = text(ntry, 'AcctSvcrRef') ?? text(ntry, 'NtryRef');
  if (fileId) tx.fileId = fileId;
  if (valueDate) tx.valueDate = valueDate;
  if (payee) tx.payee = payee;
  if (references.length === 1) tx.reference = references[0];
  if (code) tx.bankTxCode = code;
  return tx;
}

/**
 * A batch entry as its payments, when each TxDtls gives its own amount (AmtDtls/TxAmt/Amt, else Amt) in the entry's
 * currency and they add up to the entry's amount exactly; else null. Each payment keeps the entry's dates, status
 * and id, with the payment's own reference (Refs/AcctSvcrRef, else EndToEndId, else its place) after it, and its
 * own counterparty and remittance text.
 */
function payments(ntry: Xml, details: { tx: Xml; where: string }[], whole: StatementTransaction): StatementTransaction[] | null {
  const sign = whole.amountMinor < 0 ? -1 : 1;
  const amounts: number[] = [];
  for (const { tx } of details) {
    const amount = get(tx, 'AmtDtls', 'TxAmt', 'Amt') ?? get(tx, 'Amt');
    const raw = asText(amount);
    const ccy = typeof amount === 'object' && amount !== null ? asText((amount as Xml)['@Ccy']) : undefined;
    if (raw === undefined || (ccy !== undefined && ccy !== whole.currency) || !/^\d+(\.\d+)?$/.test(raw)) return null;
    const minor = plainAmountToMinor(raw, whole.currency);
    if (typeof minor === 'string') return null;
    const indicator = text(tx, 'CdtDbtInd');
    amounts.push(indicator === 'CRDT' ? minor : indicator === 'DBIT' ? -minor : sign * minor);
  }
  if (amounts.reduce((a, b) => a + b, 0) !== whole.amountMinor) return null;
  const entryCode = bankTxCode(ntry);
  return details.map(({ tx, where }, j) => {
    const amountMinor = amounts[j];
    const payee = party(tx, amountMinor < 0 ? 'Cdtr' : 'Dbtr');
    const remittance = ((get(tx, 'RmtInf', 'Ustrd') as unknown[] | undefined) ?? []).map(asText).filter(Boolean).join(' ');
    const endToEnd = text(tx, 'Refs', 'EndToEndId');
    const reference = endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : undefined;
    const code = bankTxCode(tx) ?? entryCode;
    const t: StatementTransaction = {
      where,
      bookingDate: whole.bookingDate,
      amountMinor,
      currency: whole.currency,
      description: remittance || text(tx, 'AddtlTxInf') || payee || text(ntry, 'AddtlNtryInf') || code || 'Bank entry',
      status: whole.status,
    };
    if (whole.fileId) {
      t.fileId = `${whole.fileId}/${text(tx, 'Refs', 'AcctSvcrRef') ?? reference ?? j + 1}`;
      t.batchFileId = whole.fileId;
    }
    if (whole.valueDate) t.valueDate = whole.valueDate;
    if (payee) t.payee = payee;
    if (reference) t.reference = reference;
    if (code) t.bankTxCode = code;
    return t;
  });
}
