/**
 * Categories the user manages: create, rename, recolour, change kind, hide, and merge one into another.
 * Built-in categories (the categoriser's defaults refer to their ids) can be renamed, recoloured and hidden,
 * but keep their kind and are never merged away.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsed } from '../../../shared/contract';
import type { CategoryDTO, CategoryUsageDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { refreshDaysOf } from '../db/derived';
import { InvalidInputError, NotFoundError } from '../reports/errors';

interface CategoryRow {
  id: string;
  name: string;
  kind: CategoryDTO['kind'];
  color: string;
  hidden: number;
  builtin: number;
}

const toDTO = (c: CategoryRow): CategoryDTO => ({ ...c, hidden: c.hidden === 1, builtin: c.builtin === 1 });

export function listCategories(db: Db): CategoryDTO[] {
  return (db.prepare('SELECT id, name, kind, color, hidden, builtin FROM categories ORDER BY kind, name').all() as CategoryRow[]).map(toDTO);
}

function requireCategory(db: Db, categoryId: string): CategoryRow {
  const row = db.prepare('SELECT id, name, kind, color, hidden, builtin FROM categories WHERE id = ?').get(categoryId) as CategoryRow | undefined;
  if (!row) throw new NotFoundError('That category no longer exists. Reload the Categories page.');
  return row;
}

function refuseDuplicateName(db: Db, name: string, exceptId: string | null): void {
  const other = db.prepare('SELECT name FROM categories WHERE lower(name) = lower(?) AND id IS NOT ?').pluck().get(name, exceptId) as string | undefined;
  if (other) throw new InvalidInputError(`There is already a category called "${other}". Pick another name, or merge the two.`);
}

export function createCategory(db: Db, input: ApiParsed<'createCategory'>): CategoryDTO {
  refuseDuplicateName(db, input.name, null);
  const id = randomUUID();
  db.prepare('INSERT INTO categories (id, name, kind, color, builtin) VALUES (?, ?, ?, ?, 0)').run(id, input.name, input.kind, input.color);
  return toDTO(requireCategory(db, id));
}

export function updateCategory(db: Db, input: ApiParsed<'updateCategory'>): CategoryDTO {
  const before = requireCategory(db, input.categoryId);
  if (input.kind !== undefined && input.kind !== before.kind && before.builtin) {
    throw new InvalidInputError(`"${before.name}" is built in, so its kind stays ${before.kind}. Create a category of your own for another kind.`);
  }
  if (input.name !== undefined) refuseDuplicateName(db, input.name, before.id);
  db.prepare(
    `UPDATE categories SET name = coalesce(@name, name), kind = coalesce(@kind, kind), color = coalesce(@color, color),
       hidden = coalesce(@hidden, hidden) WHERE id = @id`,
  ).run({
    id: before.id,
    name: input.name ?? null,
    kind: input.kind ?? null,
    color: input.color ?? null,
    hidden: input.hidden === undefined ? null : input.hidden ? 1 : 0,
  });
  return toDTO(requireCategory(db, before.id));
}

/**
 * Merges `fromId` into `intoId`: transactions, split parts, rules and every other table that refers to a
 * category (found through the schema's foreign keys, so tables added later move too) then name `intoId`;
 * `fromId` is deleted and the daily totals of the days it had are recomputed, in one transaction. Where a
 * table keys on the category (one row per category and month, say) and `intoId` has a row already, that
 * row is kept and `fromId`'s goes with it.
 */
export function mergeCategory(db: Db, fromId: string, intoId: string): { transactions: number; rules: number } {
  if (fromId === intoId) throw new InvalidInputError('A category cannot be merged into itself: pick another one to merge into.');
  const from = requireCategory(db, fromId);
  requireCategory(db, intoId);
  if (from.builtin) throw new InvalidInputError(`"${from.name}" is built in and cannot be merged away. Hide it instead.`);
  return db.transaction(() => {
    const days = db
      .prepare(
        `SELECT account_id AS accountId, day FROM daily_category_totals WHERE category_id = @fromId
         UNION SELECT account_id AS accountId, day FROM daily_merchant_totals WHERE category_id = @fromId`,
      )
      .all({ fromId }) as { accountId: string; day: string }[];
    const transactions = db.prepare('UPDATE transactions SET category_id = ? WHERE category_id = ?').run(intoId, fromId).changes;
    const rules = db.prepare('UPDATE rules SET category_id = ? WHERE category_id = ?').run(intoId, fromId).changes;
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('transactions', 'rules')`).pluck().all() as string[];
    for (const table of tables) {
      const refs = db.prepare('SELECT "from" AS col FROM pragma_foreign_key_list(?) WHERE "table" = ?').all(table, 'categories') as { col: string }[];
      for (const { col } of refs) db.prepare(`UPDATE OR IGNORE "${table}" SET "${col}" = ? WHERE "${col}" = ?`).run(intoId, fromId);
    }
    db.prepare('DELETE FROM categories WHERE id = ?').run(fromId);
    refreshDaysOf(db, days);
    return { transactions, rules };
  })();
}

/** How many transactions (a split one once per category it has a part in) and rules each category has. */
export function categoryUsage(db: Db): CategoryUsageDTO[] {
  return db
    .prepare(
      `SELECT c.id AS categoryId,
         (SELECT count(*) FROM transactions t WHERE t.category_id = c.id)
           + (SELECT count(DISTINCT s.tx_id) FROM transaction_splits s JOIN transactions t ON t.id = s.tx_id
              WHERE s.category_id = c.id AND t.category_id IS NOT c.id) AS transactions,
         (SELECT count(*) FROM rules r WHERE r.category_id = c.id) AS rules
       FROM categories c ORDER BY c.kind, c.name`,
    )
    .all() as CategoryUsageDTO[];
}
