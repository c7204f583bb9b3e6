/** The categories every new database starts with. Ids are stable: the categoriser refers to them. */
export interface DefaultCategory {
  id: string;
  name: string;
  kind: 'expense' | 'income' | 'transfer';
  color: string;
}

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  { id: 'groceries', name: 'Groceries', kind: 'expense', color: '#2e7d32' },
  { id: 'eating-out', name: 'Eating out', kind: 'expense', color: '#ef6c00' },
  { id: 'transport', name: 'Transport', kind: 'expense', color: '#1565c0' },
  { id: 'shopping', name: 'Shopping', kind: 'expense', color: '#ad1457' },
  { id: 'bills', name: 'Bills & utilities', kind: 'expense', color: '#6a1b9a' },
  { id: 'housing', name: 'Housing', kind: 'expense', color: '#4e342e' },
  { id: 'entertainment', name: 'Entertainment', kind: 'expense', color: '#c62828' },
  { id: 'health', name: 'Health', kind: 'expense', color: '#00838f' },
  { id: 'travel', name: 'Travel', kind: 'expense', color: '#0277bd' },
  { id: 'cash', name: 'Cash', kind: 'expense', color: '#558b2f' },
  { id: 'fees', name: 'Fees & interest', kind: 'expense', color: '#757575' },
  { id: 'income', name: 'Income', kind: 'income', color: '#00897b' },
  { id: 'transfers', name: 'Transfers', kind: 'transfer', color: '#90a4ae' },
];
