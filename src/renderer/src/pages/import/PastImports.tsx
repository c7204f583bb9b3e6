/** The imports made so far, newest first, each with "Remove this import". */
import { useState } from 'react';
import type { ImportBatchDTO } from '../../../../shared/dto';
import { useApi, useQuery } from '../../api/context';
import { ErrorMessage, FormError, Skeleton } from '../../components/feedback';
import { Dialog } from '../../components/Dialog';
import { formatDateTime, formatDay } from '../../lib/dates';
import { useAction } from '../../lib/use-action';

export function PastImports({ accountId }: { accountId?: string }) {
  const api = useApi();
  const q = useQuery((a) => a.listImports({ accountId }), `imports:${accountId ?? ''}`, { reloadOn: ['data-changed'] });
  const [removing, setRemoving] = useState<ImportBatchDTO | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const remove = useAction();

  async function confirm(batch: ImportBatchDTO) {
    await remove.run(
      async () => {
        await api.undoImport({ importId: batch.id });
        setDone(`Removed the import of ${batch.fileName}: its ${batch.added.toLocaleString()} transactions are gone from ${batch.accountName}.`);
        setRemoving(null);
        q.reload();
      },
      (m) => m,
    );
  }

  return (
    <section className="card" aria-labelledby="past-imports">
      <h2 id="past-imports">Past imports</h2>
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
      {q.error && !q.data && <ErrorMessage title="Could not load the past imports" message={q.error} onRetry={q.reload} />}
      {!q.data && !q.error && <Skeleton height={80} label="Loading past imports" />}
      {q.data && q.data.length === 0 && <p className="muted">No files imported yet.</p>}
      {q.data && q.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">File</th>
              <th scope="col">Into</th>
              <th scope="col" className="num">
                Added
              </th>
              <th scope="col" className="num">
                Left out
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((b) => (
              <tr key={b.id}>
                <td>{formatDateTime(b.createdAt)}</td>
                <td>
                  {b.fileName} <span className="muted small">({b.format.toUpperCase()})</span>
                </td>
                <td>{b.accountName}</td>
                <td className="num">{b.added.toLocaleString()}</td>
                <td className="num">{(b.duplicates + b.skipped).toLocaleString()}</td>
                <td>
                  {b.undoneAt ? (
                    <span className="muted">Removed {formatDay(b.undoneAt.slice(0, 10))}</span>
                  ) : (
                    <button type="button" className="btn danger-outline" onClick={() => setRemoving(b)} aria-label={`Remove the import of ${b.fileName}`}>
                      Remove this import
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <Dialog title={`Remove the import of ${removing.fileName}?`} onClose={() => setRemoving(null)}>
          <p>
            The {removing.added.toLocaleString()} transactions it added to {removing.accountName} are deleted, and the totals go back to what they were before it.
            Transactions from your bank and from other imports stay.
          </p>
          <FormError message={remove.error} />
          <div className="row">
            <button type="button" className="btn danger" disabled={remove.busy} onClick={() => void confirm(removing)}>
              {remove.busy ? 'Removing…' : 'Remove this import'}
            </button>
            <button type="button" className="btn" onClick={() => setRemoving(null)}>
              Keep it
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
