/** Transfers between the user's own accounts, as the contract's calls (the pairing itself: sync/transfers.ts). */
import type { TransactionDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import { candidateIds, inOrder, pairManually, settleTransferOrphans, unpair } from '../sync/transfers';
import { transactionsByIds } from './transactions';

export function pairTransfer(db: Db, input: { outTransactionId: string; inTransactionId: string }, now = new Date()): void {
  pairManually(db, input.outTransactionId, input.inTransactionId, now);
}

export function unpairTransfer(db: Db, transactionId: string): void {
  unpair(db, transactionId);
}

/** The rows that could be the other side of this one, best first. */
export function transferCandidates(db: Db, transactionId: string): TransactionDTO[] {
  const ids = candidateIds(db, transactionId);
  return inOrder(ids, transactionsByIds(db, ids));
}

/** After a bank's data is deleted: its transfers' other sides, in the banks that stay, are no longer transfers. */
export function settleDeletedTransfers(db: Db): void {
  settleTransferOrphans(db);
}
