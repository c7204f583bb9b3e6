/**
 * The user's rules: create, edit, order, switch on and off, delete, preview, apply to the past, and how many
 * transactions each matches. Matching runs in JavaScript (categoriser.ts), the same code the sync uses, over
 * one pass of the transactions. Choices made by hand (`category_manual = 1`) are never changed here, and a
 * paired transfer between own accounts stays in the transfer category.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsed } from '../../../shared/contract';
import type { RuleDTO, RuleMatchCountDTO, RulePreviewDTO, TransactionDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { refreshDaysOf } from '../db/derived';
import { InvalidInputError, NotFoundError } from '../reports/errors';
import { transactionsByIds } from '../reports/transactions';
import { Categoriser, byPosition, compileRule, loadRules, lowered, type RuleRecord } from '../sync/categoriser';
import { TRANSFER_CATEGORY } from '../sync/transfers';

type RuleInput = ApiParsed<'createRule'>;

/** A stored transaction as the rules see it. */
interface TxRow {
  id: number;
  accountId: string;
  day: string;
  merchant: string | null;
  description: string;
  mcc: string | null;
  bankTxCode: string | null;
  amountMinor: number;
  currency: string;
  categoryId: string | null;
  manual: number;
  paired: number;
}

const PAIRED_TRANSFERS = '(SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)';
const TX_SELECT = `SELECT id, account_id AS accountId, booking_date AS day, merchant, description, mcc, bank_tx_code AS bankTxCode,
  amount_minor AS amountMinor, currency, category_id AS categoryId, category_manual AS manual, id IN ${PAIRED_TRANSFERS} AS paired
  FROM transactions`;

/** Every stored transaction, in no particular order, one at a time (the caller must not use the database meanwhile). */
function eachTransaction(db: Db): IterableIterator<TxRow> {
  return db.prepare(TX_SELECT).iterate() as IterableIterator<TxRow>;
}

export function listRules(db: Db): RuleDTO[] {
  return loadRules(db);
}

function requireRule(db: Db, ruleId: string): RuleRecord {
  const rule = loadRules(db, 'WHERE id = ?', [ruleId])[0];
  if (!rule) throw new NotFoundError('That rule no longer exists. Reload the Rules page.');
  return rule;
}

/** The references a rule makes must exist, so it is refused whole rather than saved half working. */
function checkReferences(db: Db, input: RuleInput): void {
  if (input.categoryId !== undefined && !db.prepare('SELECT 1 FROM categories WHERE id = ?').get(input.categoryId)) {
    throw new NotFoundError(`There is no category "${input.categoryId}". Pick a category from the list.`);
  }
  if (input.accountId !== undefined && !db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(input.accountId)) {
    throw new NotFoundError('That account no longer exists. Pick another account or leave the account out.');
  }
}

/** The rule as stored, from the input (op only with a text condition). */
function toRecord(input: RuleInput, base: { id: string; createdAt: string; position: number }): RuleRecord {
  return {
    id: base.id,
    field: input.field ?? null,
    op: input.field ? input.op : null,
    value: input.value ?? null,
    minAmountMinor: input.minAmountMinor ?? null,
    maxAmountMinor: input.maxAmountMinor ?? null,
    amountCurrency: input.amountCurrency ?? null,
    accountId: input.accountId ?? null,
    bankTxCode: input.bankTxCode ?? null,
    categoryId: input.categoryId ?? null,
    payeeName: input.payeeName ?? null,
    markTransfer: input.markTransfer ?? false,
    enabled: input.enabled ?? true,
    position: base.position,
    createdAt: base.createdAt,
  };
}

const WRITE_COLUMNS = `field = @field, op = @op, value = @value, min_amount_minor = @minAmountMinor, max_amount_minor = @maxAmountMinor,
  amount_currency = @amountCurrency, account_id = @accountId, bank_tx_code = @bankTxCode, category_id = @categoryId,
  payee_name = @payeeName, mark_transfer = @markTransfer, enabled = @enabled, position = @position`;

function write(db: Db, rule: RuleRecord, insert: boolean): void {
  const params = { ...rule, markTransfer: rule.markTransfer ? 1 : 0, enabled: rule.enabled ? 1 : 0 };
  if (insert) {
    db.prepare(
      `INSERT INTO rules (id, field, op, value, min_amount_minor, max_amount_minor, amount_currency, account_id, bank_tx_code,
         category_id, payee_name, mark_transfer, enabled, position, created_at)
       VALUES (@id, @field, @op, @value, @minAmountMinor, @maxAmountMinor, @amountCurrency, @accountId, @bankTxCode,
         @categoryId, @payeeName, @markTransfer, @enabled, @position, @createdAt)`,
    ).run(params);
  } else {
    db.prepare(`UPDATE rules SET ${WRITE_COLUMNS} WHERE id = @id`).run(params);
  }
}

/**
 * Runs `rules` (the whole set, in order, then the defaults) again over the non-manual transactions that any of
 * `touched` matches; returns how many changed category. Inside the caller's transaction.
 */
function recategorise(db: Db, rules: RuleRecord[], touched: RuleRecord[]): number {
  if (touched.length === 0) return 0;
  const categoriser = new Categoriser(rules);
  const tests = touched.map(compileRule);
  const changes: { id: number; categoryId: string | null; accountId: string; day: string }[] = [];
  for (const tx of eachTransaction(db)) {
    if (tx.manual) continue;
    const texts = lowered(tx);
    if (!tests.some((test) => test(tx, texts, tx.accountId))) continue;
    const categoryId = tx.paired ? TRANSFER_CATEGORY : categoriser.categorise(tx, tx.accountId);
    if (categoryId !== tx.categoryId) changes.push({ id: tx.id, categoryId, accountId: tx.accountId, day: tx.day });
  }
  const update = db.prepare('UPDATE transactions SET category_id = ? WHERE id = ?');
  for (const c of changes) update.run(c.categoryId, c.id);
  refreshDaysOf(db, changes);
  return changes.length;
}

/** A new rule goes first (so it decides over older ones); with applyToExisting it re-categorises the past. */
export function createRule(db: Db, input: RuleInput, now = new Date()): { rule: RuleDTO; updated: number } {
  checkReferences(db, input);
  return db.transaction(() => {
    const top = db.prepare('SELECT coalesce(min(position), 1) FROM rules').pluck().get() as number;
    const rule = toRecord(input, { id: randomUUID(), createdAt: now.toISOString(), position: top - 1 });
    write(db, rule, true);
    const updated = input.applyToExisting && rule.enabled ? recategorise(db, loadRules(db), [rule]) : 0;
    return { rule, updated };
  })();
}

/** Saves an edited rule; the transactions the old or the new version matches are re-categorised when asked. */
export function updateRule(db: Db, input: ApiParsed<'updateRule'>): { rule: RuleDTO; updated: number } {
  const before = requireRule(db, input.ruleId);
  checkReferences(db, input);
  return db.transaction(() => {
    const rule = toRecord(input, before);
    write(db, rule, false);
    const updated = input.applyToExisting ? recategorise(db, loadRules(db), [before, rule]) : 0;
    return { rule, updated };
  })();
}

/** A rule switched off (or on) stops (or starts) deciding: the transactions it matches follow the other rules. */
export function setRuleEnabled(db: Db, ruleId: string, enabled: boolean): { rule: RuleDTO; updated: number } {
  const before = requireRule(db, ruleId);
  return db.transaction(() => {
    db.prepare('UPDATE rules SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, ruleId);
    const rule = { ...before, enabled };
    return { rule, updated: before.enabled === enabled ? 0 : recategorise(db, loadRules(db), [rule]) };
  })();
}

/** Deletes a rule; transactions it matched are re-categorised by the remaining rules and defaults. */
export function deleteRule(db: Db, ruleId: string): void {
  const rule = requireRule(db, ruleId);
  db.transaction(() => {
    db.prepare('DELETE FROM rules WHERE id = ?').run(ruleId);
    recategorise(db, loadRules(db), [rule]);
  })();
}

/** The new order: every rule exactly once. Transactions the moved rules match follow the new order. */
export function reorderRules(db: Db, ruleIds: string[]): { updated: number } {
  const rules = loadRules(db);
  const known = new Set(rules.map((r) => r.id));
  if (new Set(ruleIds).size !== ruleIds.length || ruleIds.length !== known.size || ruleIds.some((id) => !known.has(id))) {
    throw new InvalidInputError('The rules changed meanwhile (one was added or deleted). Reload the Rules page and move the rule again.');
  }
  return db.transaction(() => {
    const setPosition = db.prepare('UPDATE rules SET position = ? WHERE id = ?');
    ruleIds.forEach((id, i) => setPosition.run(i + 1, id));
    const moved = rules.filter((r, i) => ruleIds[i] !== r.id);
    return { updated: recategorise(db, loadRules(db), moved) };
  })();
}

/** Runs the rules again over the past transactions this rule matches. */
export function applyRule(db: Db, ruleId: string): { updated: number } {
  const rule = requireRule(db, ruleId);
  if (!rule.enabled) throw new InvalidInputError('This rule is switched off. Switch it on first, then apply it.');
  return db.transaction(() => ({ updated: recategorise(db, loadRules(db), [rule]) }))();
}

/** How many stored transactions each rule matches (whether or not an earlier rule decides them). */
export function ruleMatchCounts(db: Db): RuleMatchCountDTO[] {
  const rules = loadRules(db);
  const tests = rules.map(compileRule);
  const counts = rules.map(() => 0);
  const rows = db.prepare('SELECT account_id AS accountId, merchant, description, bank_tx_code AS bankTxCode, amount_minor AS amountMinor, currency FROM transactions');
  for (const tx of rows.iterate() as IterableIterator<TxRow>) {
    const texts = lowered(tx);
    for (let i = 0; i < tests.length; i++) if (tests[i](tx, texts, tx.accountId)) counts[i]++;
  }
  return rules.map((r, i) => ({ ruleId: r.id, matches: counts[i] }));
}

/** What saving (and applying) the rule would change, without writing anything. */
export function previewRule(db: Db, input: ApiParsed<'previewRule'>): RulePreviewDTO {
  checkReferences(db, input.rule);
  const existing = input.ruleId === undefined ? undefined : requireRule(db, input.ruleId);
  const others = loadRules(db).filter((r) => r.id !== input.ruleId);
  const top = others.reduce((min, r) => Math.min(min, r.position), 1) - 1;
  const candidate = toRecord({ ...input.rule, enabled: true }, existing ?? { id: '', createdAt: new Date().toISOString(), position: top });
  const withCandidate = new Categoriser([...others, candidate].sort(byPosition));
  const currently = new Categoriser(others);
  const test = compileRule(candidate);
  let matches = 0;
  const changed: { id: number; day: string; from: string | null; to: string | null; payee: string | null }[] = [];
  for (const tx of eachTransaction(db)) {
    if (!test(tx, lowered(tx), tx.accountId)) continue;
    matches++;
    if (tx.manual && candidate.payeeName === null) continue;
    const to = tx.manual ? tx.categoryId : tx.paired ? TRANSFER_CATEGORY : withCandidate.categorise(tx, tx.accountId);
    const payee = withCandidate.payeeOf(tx, tx.accountId);
    if (to === tx.categoryId && payee === currently.payeeOf(tx, tx.accountId)) continue;
    changed.push({ id: tx.id, day: tx.day, from: tx.categoryId, to, payee });
  }
  const changes = changed.length;
  const firstChanges = changed.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : b.id - a.id)).slice(0, input.limit);
  const names = new Map((db.prepare('SELECT id, name FROM categories').all() as { id: string; name: string }[]).map((c) => [c.id, c.name]));
  const byId = new Map(transactionsByIds(db, firstChanges.map((c) => c.id)).map((t) => [t.id, t]));
  return {
    matches,
    changes,
    rows: firstChanges.map((c) => ({
      transaction: byId.get(String(c.id))!,
      fromCategoryName: c.from === null ? null : (names.get(c.from) ?? null),
      toCategoryName: c.to === null ? null : (names.get(c.to) ?? null),
      payeeName: c.payee,
    })),
  };
}

/** The payee name the rules give each of these transactions (display only: the bank's merchant is kept). */
export function payeeNames(db: Db, rows: TransactionDTO[]): Map<string, string> {
  const rules = loadRules(db).filter((r) => r.enabled && r.payeeName !== null);
  const names = new Map<string, string>();
  if (rules.length === 0 || rows.length === 0) return names;
  const categoriser = new Categoriser(rules);
  const stored = db
    .prepare(`${TX_SELECT} WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(rows.map((r) => Number(r.id)))) as TxRow[];
  for (const tx of stored) {
    const payee = categoriser.payeeOf(tx, tx.accountId);
    if (payee !== null) names.set(String(tx.id), payee);
  }
  return names;
}
