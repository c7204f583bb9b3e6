import { useMemo } from 'react';
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { formatMajor, minorToMajor } from '../lib/money';
import { ChartFrame } from './ChartFrame';

export interface Slice {
  key: string;
  /** The categories behind the slice (one, or several for "Other"; null = uncategorised): its drill-down. */
  keys: (string | null)[];
  name: string;
  color: string;
  minor: number;
  /** The same categories in the period before. */
  previousMinor: number;
}

/** Spending by category; a slice opens the transactions behind it (the list beside it does the same by keyboard). */
export function SpendingDonut({ slices, currency, onOpen }: { slices: Slice[]; currency: string; onOpen?: (slice: Slice) => void }) {
  const data = useMemo(() => slices.map((s) => ({ ...s, value: minorToMajor(s.minor, currency) })), [slices, currency]);
  return (
    <ChartFrame height={200} label={`Spending by category in ${currency}`}>
      <PieChart>
        <Pie
          data={data}
          dataKey="value"
          nameKey="name"
          innerRadius="58%"
          outerRadius="92%"
          paddingAngle={1}
          isAnimationActive={false}
          stroke="var(--surface)"
          cursor={onOpen ? 'pointer' : undefined}
          onClick={(_d, index) => onOpen?.(slices[index])}
        >
          {data.map((d) => (
            <Cell key={d.key} fill={d.color} />
          ))}
        </Pie>
        <Tooltip formatter={(v) => formatMajor(Number(v), currency)} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
      </PieChart>
    </ChartFrame>
  );
}
