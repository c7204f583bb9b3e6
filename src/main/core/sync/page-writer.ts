/**
 * Writes the pages the accounts' chains read, several at a time: pages waiting together go into one
 * SQLite transaction. A commit writes every table and index page the transaction touched to the WAL,
 * so small transactions cost more per row (100k rows inserted into the schema took 1.53 s with a commit
 * every 1,000 rows, 1.17 s every 3,000 and 1.02 s every 10,000). Each page still lies whole inside one transaction and an account's pages are
 * written in the order they were read, so a crash loses whole pages only, which the next run re-reads
 * (see engine.ts).
 *
 * A batch is written when its rows reach `maxRows`, or as soon as the event loop is free once someone
 * waits for a page of it (`flushSoon`). If a batch fails, its pages are written one by one, so only
 * the page that cannot be written fails, together with the pages of the same window queued after it.
 */
import type { PageToWrite, PageWritten, SyncStore, WindowRead } from './sync-store';

interface Queued extends PageToWrite {
  resolve: (written: PageWritten) => void;
  reject: (err: unknown) => void;
}

export class PageWriter {
  private queue: Queued[] = [];
  private queuedRows = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly store: SyncStore,
    private readonly maxRows = 4_000,
  ) {}

  write(page: PageToWrite): Promise<PageWritten> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...page, resolve, reject });
      this.queuedRows += page.rows.length;
      if (this.queuedRows >= this.maxRows) this.flush();
    });
  }

  /** Someone waits for what is queued: write it once the event loop is free. */
  flushSoon(): void {
    this.scheduled ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    this.queue = [];
    this.queuedRows = 0;
    if (batch.length === 0) return;
    try {
      this.store.writePages(batch).forEach((written, i) => batch[i].resolve(written));
      return;
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
    }
    const failed = new Map<WindowRead, unknown>();
    for (const page of batch) {
      if (failed.has(page.read)) {
        page.reject(failed.get(page.read));
        continue;
      }
      try {
        page.resolve(this.store.writePage(page.read, page.rows, page.categoriser));
      } catch (err) {
        failed.set(page.read, err);
        page.reject(err);
      }
    }
  }
}
