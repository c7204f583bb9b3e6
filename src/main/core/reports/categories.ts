/** Categories, user rules (applied retroactively) and manual re-categorisation. */
import { randomUUID } from 'node:crypto';
import type { ApiParsed } from '../../../shared/contract';
import type { CategoryDTO, RuleDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { refreshDaysOf } from '../db/derived';
import { Categoriser, type RuleRecord } from '../sync/categoriser';
import { TRANSFER_CATEGORY } from '../sync/transfers';
import { NotFoundError } from './errors';

const RULE_SELECT = 'SELECT id, field, op, value, category_id AS categoryId, created_at AS createdAt FROM rules';

/** SQL twin of ruleMatches(): the same case folding as JavaScript's toLowerCase. */
const withRuleMatch = new WeakSet<Db>();
function ruleMatchSql(db: Db): string {
  if (!withRuleMatch.has(db)) {
    db.function('mybucks_rule_match', { deterministic: true }, (subject: unknown, op: unknown, value: unknown) => {
      if (typeof subject !== 'string') return 0;
      const s = subject.toLowerCase();
      const v = String(value).toLowerCase();
      return (op === 'equals' ? s === v : s.includes(v)) ? 1 : 0;
    });
    withRuleMatch.add(db);
  }
  return `mybucks_rule_match(CASE @field WHEN 'merchant' THEN merchant ELSE description END, @op, @value) = 1`;
}

export function listCategories(db: Db): CategoryDTO[] {
  return db.prepare('SELECT id, name, kind, color FROM categories ORDER BY kind, name').all() as CategoryDTO[];
}

export function listRules(db: Db): RuleDTO[] {
  return db.prepare(`${RULE_SELECT} ORDER BY created_at, id`).all() as RuleDTO[];
}

function requireCategory(db: Db, categoryId: string): void {
  if (!db.prepare('SELECT 1 FROM categories WHERE id = ?').get(categoryId)) throw new NotFoundError(`Unknown category ${categoryId}`);
}

/** Rows paired as a transfer between own accounts: rules leave their (transfer) category alone. */
const PAIRED_TRANSFERS = '(SELECT out_tx_id FROM transfer_pairs UNION ALL SELECT in_tx_id FROM transfer_pairs)';

/** Creates a rule; with applyToExisting it re-categorises matching transactions (never manual ones). */
export function createRule(db: Db, input: ApiParsed<'createRule'>, now = new Date()): { rule: RuleDTO; updated: number } {
  requireCategory(db, input.categoryId);
  const rule: RuleDTO = { id: randomUUID(), field: input.field, op: input.op, value: input.value, categoryId: input.categoryId, createdAt: now.toISOString() };
  return db.transaction(() => {
    db.prepare('INSERT INTO rules (id, field, op, value, category_id, created_at) VALUES (@id, @field, @op, @value, @categoryId, @createdAt)').run(rule);
    let updated = 0;
    if (input.applyToExisting) {
      const changed = db
        .prepare(
          `UPDATE transactions SET category_id = @categoryId
           WHERE category_manual = 0 AND category_id IS NOT @categoryId AND ${ruleMatchSql(db)} AND id NOT IN ${PAIRED_TRANSFERS}
           RETURNING account_id AS accountId, booking_date AS day`,
        )
        .all(rule) as { accountId: string; day: string }[];
      refreshDaysOf(db, changed);
      updated = changed.length;
    }
    return { rule, updated };
  })();
}

/** Deletes a rule; transactions it matched are re-categorised by the remaining rules and defaults. */
export function deleteRule(db: Db, ruleId: string): void {
  const rule = db.prepare(`${RULE_SELECT} WHERE id = ?`).get(ruleId) as RuleRecord | undefined;
  if (!rule) throw new NotFoundError(`Unknown rule ${ruleId}`);
  db.transaction(() => {
    db.prepare('DELETE FROM rules WHERE id = ?').run(ruleId);
    recategorise(db, `category_manual = 0 AND ${ruleMatchSql(db)}`, rule);
  })();
}

/** A category chosen by the user sticks (sync and rules leave it alone); null hands the transaction back to rules and defaults. */
export function setTransactionCategory(db: Db, transactionId: string, categoryId: string | null): void {
  if (!/^\d+$/.test(transactionId) || !db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(Number(transactionId))) {
    throw new NotFoundError(`Unknown transaction ${transactionId}`);
  }
  if (categoryId === null) {
    db.transaction(() => {
      db.prepare('UPDATE transactions SET category_manual = 0 WHERE id = ?').run(Number(transactionId));
      recategorise(db, 'id = @id', { id: Number(transactionId) });
    })();
    return;
  }
  requireCategory(db, categoryId);
  db.transaction(() => {
    const changed = db
      .prepare('UPDATE transactions SET category_id = ?, category_manual = 1 WHERE id = ? RETURNING account_id AS accountId, booking_date AS day')
      .all(categoryId, Number(transactionId)) as { accountId: string; day: string }[];
    refreshDaysOf(db, changed);
  })();
}

function recategorise(db: Db, where: string, params: object): void {
  const categoriser = new Categoriser(db.prepare(RULE_SELECT).all() as RuleRecord[]);
  const update = db.prepare('UPDATE transactions SET category_id = ? WHERE id = ?');
  const rows = db
    .prepare(
      `SELECT id, merchant, description, mcc, bank_tx_code AS bankTxCode, amount_minor AS amountMinor,
              account_id AS accountId, booking_date AS day, id IN ${PAIRED_TRANSFERS} AS paired
       FROM transactions WHERE ${where}`,
    )
    .all(params) as { id: number; merchant: string | null; description: string; mcc: string | null; bankTxCode: string | null; amountMinor: number; accountId: string; day: string; paired: number }[];
  // a paired transfer stays in the transfer category (rules decide for the others)
  for (const r of rows) update.run(r.paired ? TRANSFER_CATEGORY : categoriser.categorise(r), r.id);
  refreshDaysOf(db, rows);
}
