import { useMemo } from 'react';
import { Bar } from 'recharts';
import type { IncomeExpensePointDTO } from '../../../shared/dto';
import { minorToMajor } from '../lib/money';
import { MonthlyBars } from './MonthlyBars';
import { EXPENSE_COLOR, INCOME_COLOR } from './palette';

/** Income and expenses per month; a bar opens that month's money in (or out). */
export function IncomeExpenseChart({
  points,
  currency,
  onOpen,
}: {
  points: IncomeExpensePointDTO[];
  currency: string;
  onOpen?: (direction: 'in' | 'out', month: string) => void;
}) {
  const data = useMemo(
    () =>
      points
        .filter((p) => p.currency === currency)
        .map((p) => ({ month: p.month, income: minorToMajor(Math.abs(p.incomeMinor), currency), expenses: minorToMajor(Math.abs(p.expensesMinor), currency) })),
    [points, currency],
  );
  const open = (direction: 'in' | 'out') => (d: { payload?: { month?: string } }) => d.payload?.month && onOpen?.(direction, d.payload.month);
  return (
    <MonthlyBars rows={data} currency={currency} height={220} label={`Income and expenses by month in ${currency}`}>
      <Bar dataKey="income" name="Income" fill={INCOME_COLOR} maxBarSize={40} isAnimationActive={false} cursor={onOpen ? 'pointer' : undefined} onClick={open('in')} />
      <Bar dataKey="expenses" name="Expenses" fill={EXPENSE_COLOR} maxBarSize={40} isAnimationActive={false} cursor={onOpen ? 'pointer' : undefined} onClick={open('out')} />
    </MonthlyBars>
  );
}
