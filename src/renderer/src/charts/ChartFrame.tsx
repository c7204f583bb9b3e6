import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

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
