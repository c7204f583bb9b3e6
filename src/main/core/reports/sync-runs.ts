import type { SyncRunDTO } from '../../../shared/dto';
import type { Db } from '../db/database';

export function listSyncRuns(db: Db, { connectionId, limit }: { connectionId?: string; limit: number }): SyncRunDTO[] {
  return db
    .prepare(
      `SELECT id, connection_id AS connectionId, started_at AS startedAt, finished_at AS finishedAt, outcome, accounts,
              transactions_seen AS transactionsSeen, transactions_added AS transactionsAdded,
              transactions_updated AS transactionsUpdated, transactions_removed AS transactionsRemoved,
              transfers_paired AS transfersPaired, error
       FROM sync_runs WHERE @connectionId IS NULL OR connection_id = @connectionId ORDER BY id DESC LIMIT @limit`,
    )
    .all({ connectionId: connectionId ?? null, limit }) as SyncRunDTO[];
}
