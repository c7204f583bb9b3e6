/** Category groups: the budget page is organised by them (YNAB style). */
import { randomUUID } from 'node:crypto';
import type { CategoryGroupDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { InvalidInputError, NotFoundError } from '../reports/errors';

export function listGroups(db: Db): CategoryGroupDTO[] {
  const groups = db.prepare('SELECT id, name, sort_order AS sortOrder FROM category_groups ORDER BY sort_order, name').all() as Omit<CategoryGroupDTO, 'categoryIds'>[];
  const members = db.prepare('SELECT id, group_id AS groupId FROM categories WHERE group_id IS NOT NULL ORDER BY name').all() as { id: string; groupId: string }[];
  return groups.map((g) => ({ ...g, categoryIds: members.filter((m) => m.groupId === g.id).map((m) => m.id) }));
}

function requireGroup(db: Db, groupId: string): CategoryGroupDTO {
  const group = listGroups(db).find((g) => g.id === groupId);
  if (!group) throw new NotFoundError('That category group no longer exists. Reload the Budget page to see the current groups.');
  return group;
}

function assertFreeName(db: Db, name: string, except: string | null): void {
  const clash = db.prepare('SELECT 1 FROM category_groups WHERE lower(name) = lower(?) AND id IS NOT ?').get(name, except);
  if (clash) throw new InvalidInputError(`There is already a group called "${name}". Choose another name.`);
}

export function createGroup(db: Db, name: string): CategoryGroupDTO {
  const trimmed = name.trim();
  assertFreeName(db, trimmed, null);
  const id = randomUUID();
  db.prepare('INSERT INTO category_groups (id, name, sort_order) VALUES (?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM category_groups))').run(id, trimmed);
  return requireGroup(db, id);
}

export function renameGroup(db: Db, groupId: string, name: string): CategoryGroupDTO {
  requireGroup(db, groupId);
  const trimmed = name.trim();
  assertFreeName(db, trimmed, groupId);
  db.prepare('UPDATE category_groups SET name = ? WHERE id = ?').run(trimmed, groupId);
  return requireGroup(db, groupId);
}

/** Its categories stay, in no group (ON DELETE SET NULL); its own budgets go with it (ON DELETE CASCADE). */
export function deleteGroup(db: Db, groupId: string): void {
  requireGroup(db, groupId);
  db.prepare('DELETE FROM category_groups WHERE id = ?').run(groupId);
}

export function moveCategory(db: Db, categoryId: string, groupId: string | null): void {
  if (!db.prepare('SELECT 1 FROM categories WHERE id = ?').get(categoryId)) {
    throw new NotFoundError('That category no longer exists. Reload the Budget page to see the current categories.');
  }
  if (groupId !== null) requireGroup(db, groupId);
  db.prepare('UPDATE categories SET group_id = ? WHERE id = ?').run(groupId, categoryId);
}
