import { StatementError } from './errors';

export const MAX_STATEMENT_BYTES = 100 * 1024 * 1024;

export function checkSize(bytes: number): void {
  if (bytes > MAX_STATEMENT_BYTES) {
    const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
    throw new StatementError(
      `This file is ${mb(bytes)}; MyBucks imports statement files up to ${mb(MAX_STATEMENT_BYTES)}. Export a shorter date range from your bank and import it in parts.`,
    );
  }
}
