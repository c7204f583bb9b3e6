// STUB: replaced by the data-generator work.
import type { Ledger } from '../context';
export function createLedger(_opts: { seed: number; transactionsPerAccount?: number; now: () => Date }): Ledger {
  return { accountsOf: () => [] };
}
