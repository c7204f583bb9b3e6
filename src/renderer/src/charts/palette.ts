/** Series colours for charts when the data has none of its own: each ≥ 3:1 against both themes' cards (tested). */
export const SERIES_COLORS = ['#3b82f6', '#0ea372', '#c98209', '#ef4444', '#8b5cf6', '#12a292', '#ec4899', '#679f11'];
export const OTHER_COLOR = '#64748b';
export const UNCATEGORISED_COLOR = '#8a8a8a';
export const INCOME_COLOR = '#16a34a';
export const EXPENSE_COLOR = '#dc2626';
