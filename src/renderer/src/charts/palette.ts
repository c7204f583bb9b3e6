/** Series colours for charts when the data has none of its own (readable on light and dark). */
export const SERIES_COLORS = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899', '#84cc16'];
export const OTHER_COLOR = '#64748b';
export const UNCATEGORISED_COLOR = '#a3a3a3';
export const INCOME_COLOR = '#16a34a';
export const EXPENSE_COLOR = '#dc2626';
