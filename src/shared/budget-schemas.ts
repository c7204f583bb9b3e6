/** Input schemas of the budget calls (issue 11), with messages that say what is wrong and what to do. */
import { z } from 'zod';

const id = z.string().min(1).max(200);

const monthSchema = z
  .string({ error: 'Give the month as YYYY-MM, e.g. 2026-11.' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give the month as YYYY-MM (a month from 01 to 12), e.g. 2026-11.');

/** Largest amount: ten thousand billion minor units, far above any budget and inside a safe integer. */
const MAX_BUDGET_MINOR = 10_000_000_000_000;

const budgetAmountSchema = z
  .number({ error: 'Give the budget as a number of minor units (pence or cents), e.g. 40000 for £400.' })
  .int('Give the budget in whole minor units (pence or cents), e.g. 40000 for £400.00, not a fraction of a penny.')
  .min(0, 'A budget cannot be negative. Enter 0 or more, or clear the amount to remove the budget.')
  .max(MAX_BUDGET_MINOR, 'That budget is too large. Enter a smaller amount.');

/**
 * The budget's book: amounts in `currency`, counting every currency's spending converted into it (allCurrencies)
 * or spending in that currency only. Without it: every currency in the home currency.
 */
const book = z
  .object({ currency: z.string().regex(/^[A-Z]{3}$/, 'Give the currency as an ISO 4217 code like GBP.'), allCurrencies: z.boolean() })
  .optional();

const groupName = z
  .string()
  .trim()
  .min(1, 'Give the group a name.')
  .max(60, 'Keep the group name to 60 characters or fewer.');

export const budgetSchemas = {
  listCategoryGroups: z.void(),
  createCategoryGroup: z.object({ name: groupName }),
  renameCategoryGroup: z.object({ groupId: id, name: groupName }),
  /** Its categories stay, in no group; its budgets are removed. */
  deleteCategoryGroup: z.object({ groupId: id }),
  /** groupId null: out of any group. */
  moveCategoryToGroup: z.object({ categoryId: id, groupId: id.nullable() }),
  getBudgetMonth: z.object({ month: monthSchema, book }),
  /** The month's amount for one category or one group; null removes it. */
  setBudget: z
    .object({ month: monthSchema, categoryId: id.optional(), groupId: id.optional(), amountMinor: budgetAmountSchema.nullable(), book })
    .refine((b) => (b.categoryId === undefined) !== (b.groupId === undefined), {
      message: 'Give either a categoryId or a groupId for the budget, not both or neither.',
      path: ['categoryId'],
    }),
  /** Carry the category's leftover (surplus or overspending) into the next month, from `month` on. */
  setBudgetCarryover: z.object({ categoryId: id, month: monthSchema, enabled: z.boolean(), book }),
  /** Each spending category's (or one category's) budget from its average over the 3 full months before. */
  setBudgetsFromAverage: z.object({ month: monthSchema, categoryId: id.optional(), book }),
  /** The month's budgets become a copy of the month before's. */
  copyLastMonthBudget: z.object({ month: monthSchema, book }),
  /** Category × month: budgeted and spent over a calendar year. */
  getBudgetYear: z.object({ year: z.number().int('Give the year as a whole number, e.g. 2026.').min(1970).max(9999), book }),
} as const;
