/**
 * A separate process that syncs connections into a database file, printing one line per stored page,
 * so the crash test can SIGKILL it mid-sync. Config (tokens, connection ids) comes in SYNC_CHILD_CONFIG.
 */
import { openDatabase } from '../../../src/main/core/db/database';
import { SyncEngine } from '../../../src/main/core/sync/engine';

const [dbFile] = process.argv.slice(2);
const { tokens, connectionIds } = JSON.parse(process.env.SYNC_CHILD_CONFIG ?? '{}') as { tokens: Record<string, string>; connectionIds: string[] };
const db = openDatabase(dbFile);
const engine = new SyncEngine({
  db,
  retry: { baseDelayMs: 20, maxDelayMs: 200 },
  fetchResource: (id, url, init) => fetch(url, { headers: { authorization: `Bearer ${tokens[id]}` }, signal: init?.signal }),
  emit: (e) => {
    if (e.type === 'sync-progress' && e.phase === 'transactions' && e.pages > 0) process.stdout.write(`page ${e.connectionId} ${e.pages}\n`);
  },
});
for (const id of connectionIds) {
  const out = await engine.sync(id);
  process.stdout.write(`done ${id} ${out.outcome} ${out.error ?? ''}\n`);
}
db.close();
