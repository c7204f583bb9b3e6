import { formatMoney } from '../lib/money';

export function Money({ minor, currency, className, testId }: { minor: number; currency: string; className?: string; testId?: string }) {
  const cls = `money ${minor < 0 ? 'negative' : ''} ${className ?? ''}`.trim();
  return (
    <span className={cls} data-testid={testId}>
      {formatMoney(minor, currency)}
    </span>
  );
}
