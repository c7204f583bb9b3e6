/**
 * The categories every new database starts with. Ids are stable: the categoriser refers to them.
 * Every colour keeps a contrast of at least 3:1 against the cards of both themes (WCAG 1.4.11, checked
 * by test/unit/palette-contrast.test.ts); migration 9 gives existing databases the same colours.
 */
export interface DefaultCategory {
  id: string;
  name: string;
  kind: 'expense' | 'income' | 'transfer';
  color: string;
}

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  { id: 'groceries', name: 'Groceries', kind: 'expense', color: '#2e7d32' },
  { id: 'eating-out', name: 'Eating out', kind: 'expense', color: '#e65100' },
  { id: 'transport', name: 'Transport', kind: 'expense', color: '#1976d2' },
  { id: 'shopping', name: 'Shopping', kind: 'expense', color: '#c62665' },
  { id: 'bills', name: 'Bills & utilities', kind: 'expense', color: '#9e43b6' },
  { id: 'housing', name: 'Housing', kind: 'expense', color: '#9c6644' },
  { id: 'entertainment', name: 'Entertainment', kind: 'expense', color: '#d32f2f' },
  { id: 'health', name: 'Health', kind: 'expense', color: '#00838f' },
  { id: 'travel', name: 'Travel', kind: 'expense', color: '#0277bd' },
  { id: 'cash', name: 'Cash', kind: 'expense', color: '#558b2f' },
  { id: 'fees', name: 'Fees & interest', kind: 'expense', color: '#757575' },
  { id: 'income', name: 'Income', kind: 'income', color: '#00897b' },
  { id: 'transfers', name: 'Transfers', kind: 'transfer', color: '#78909c' },
];
