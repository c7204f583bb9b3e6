import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { formatDay } from '../lib/dates';
import { formatMoney } from '../lib/money';

/** A fixed-height box the chart fills; the height is reserved before data arrives so nothing jumps. */
export function ChartFrame({ height, label, children }: { height: number; label: string; children: ReactElement }) {
  return (
    <div className="chart-frame" style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** Under a balance chart with one point: the figure in words, and when a line will appear. */
export function SingleBalanceNote({ point, currency }: { point: { date: string; minor: number }; currency: string }) {
  return (
    <p className="muted">
      One balance so far: {formatMoney(point.minor, currency)} on {formatDay(point.date)}. The chart draws a line once there is a second.
    </p>
  );
}
