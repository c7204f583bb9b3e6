import { useMemo } from 'react';
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { formatMajor, minorToMajor } from '../lib/money';
import { ChartFrame } from './ChartFrame';

export interface Slice {
  key: string;
  name: string;
  color: string;
  minor: number;
}

export function SpendingDonut({ slices, currency }: { slices: Slice[]; currency: string }) {
  const data = useMemo(() => slices.map((s) => ({ ...s, value: minorToMajor(s.minor, currency) })), [slices, currency]);
  return (
    <ChartFrame height={200} label={`Spending by category in ${currency}`}>
      <PieChart>
        <Pie data={data} dataKey="value" nameKey="name" innerRadius="58%" outerRadius="92%" paddingAngle={1} isAnimationActive={false} stroke="var(--surface)">
          {data.map((d) => (
            <Cell key={d.key} fill={d.color} />
          ))}
        </Pie>
        <Tooltip formatter={(v) => formatMajor(Number(v), currency)} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
      </PieChart>
    </ChartFrame>
  );
}
