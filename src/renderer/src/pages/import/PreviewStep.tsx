/** The preview: counts, warnings, and tabs of new rows, rows already in MyBucks, and rows the user decides on. */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ImportMatchDTO, ImportPreviewDTO, ImportRowDTO } from '../../../../shared/dto';
import { FormError } from '../../components/feedback';
import { Money } from '../../components/Money';
import { formatDateTime, formatDay } from '../../lib/dates';
import { useFocusOnMount } from './focus';

type Tab = 'new' | 'duplicate' | 'ambiguous';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function RowCells({ row }: { row: ImportRowDTO }) {
  return (
    <>
      <td>{formatDay(row.bookingDate)}</td>
      <td>
        {row.payee && <strong>{row.payee} </strong>}
        {row.description}
        {row.status === 'pending' && <span className="badge">Pending</span>}
      </td>
      <td className="num">
        <Money minor={row.amountMinor} currency={row.currency} />
      </td>
      <td className="muted small">{row.where}</td>
    </>
  );
}

function MatchText({ match }: { match: ImportMatchDTO }) {
  return (
    <>
      {formatDay(match.bookingDate)} · {match.merchant ? `${match.merchant} — ` : ''}
      {match.description} · <Money minor={match.amountMinor} currency={match.currency} /> ·{' '}
      {match.source === 'bank' ? 'from the bank' : 'imported before'}
    </>
  );
}

const HEAD = (
  <tr>
    <th scope="col">Date</th>
    <th scope="col">Description</th>
    <th scope="col" className="num">
      Amount
    </th>
    <th scope="col">In the file</th>
  </tr>
);

export function PreviewStep({
  preview,
  busy,
  error,
  onCommit,
  onBack,
  onChangeColumns,
  onChooseStatement,
}: {
  preview: ImportPreviewDTO;
  busy: boolean;
  error: string | null;
  onCommit: (decisions: { index: number; action: 'import' | 'skip' }[]) => void;
  onBack: () => void;
  /** A CSV: back to its columns. */
  onChangeColumns?: () => void;
  /** A file holding several statements: read another one. */
  onChooseStatement: (index: number) => void;
}) {
  const { counts } = preview;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [tab, setTab] = useState<Tab>(counts.ambiguous > 0 ? 'ambiguous' : counts.new > 0 ? 'new' : 'duplicate');
  const [choices, setChoices] = useState<Map<number, 'import' | 'skip'>>(() => new Map());
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ new: null, duplicate: null, ambiguous: null });
  const chosen = [...choices.values()].filter((c) => c === 'import').length;
  const toWrite = counts.new + chosen;
  const tabs: { id: Tab; label: string; count: number }[] = [
    { id: 'new', label: 'New', count: counts.new },
    { id: 'duplicate', label: 'Already in MyBucks', count: counts.duplicate },
    { id: 'ambiguous', label: 'To decide', count: counts.ambiguous },
  ];

  function onTabKey(e: KeyboardEvent) {
    const i = tabs.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(tabs[next].id);
    tabRefs.current[tabs[next].id]?.focus();
  }

  function setAll(action: 'import' | 'skip') {
    setChoices(new Map(preview.ambiguous.map((r) => [r.index, action])));
  }

  const shown = (n: number, listed: number) => (n > listed ? <p className="muted small">The first {listed.toLocaleString()} of {n.toLocaleString()} are listed.</p> : null);

  return (
    <section className="import-preview" aria-labelledby="preview-title">
      <h2 id="preview-title" ref={heading} tabIndex={-1}>
        {preview.fileName} → {preview.target.name}
        {preview.target.accountId === null && <span className="muted"> (a new manual account in {preview.target.currency})</span>}
      </h2>
      <p className="import-counts" role="status">
        {plural(counts.total, 'row')} in the file: <strong>{plural(counts.new, 'new transaction')}</strong>, {counts.duplicate.toLocaleString()} already in MyBucks
        {counts.ambiguous > 0 && <>, {plural(counts.ambiguous, 'row')} to decide on</>}.
      </p>
      {preview.statements && (
        <label className="import-statement">
          This file holds {preview.statements.accounts.length} statements; importing
          <select value={preview.statements.chosen} disabled={busy} onChange={(e) => onChooseStatement(Number(e.target.value))}>
            {preview.statements.accounts.map((a, i) => (
              <option key={i} value={i}>
                {[a.name, a.accountId && `account ${a.accountId}`, a.currency].filter(Boolean).join(' · ') || `Statement ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
      )}
      {preview.importedBefore && (
        <p className="notice">
          You imported this same file on {formatDateTime(preview.importedBefore.at)}. Its rows are already in {preview.target.name}, so they are counted as already in
          MyBucks.
        </p>
      )}
      {preview.warnings.length > 0 && (
        <ul className="notice import-warnings" aria-label="Warnings about the file">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div role="tablist" aria-label="Rows of the file" className="import-tabs" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`import-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`import-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="chip"
            onClick={() => setTab(t.id)}
          >
            {t.label} ({t.count.toLocaleString()})
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`import-panel-${tab}`} aria-labelledby={`import-tab-${tab}`} className="import-panel" tabIndex={0}>
        {tab === 'new' &&
          (counts.new === 0 ? (
            <p className="muted">Nothing new: every row of this file is already in MyBucks or waits for your decision.</p>
          ) : (
            <>
              <table className="data-table">
                <thead>{HEAD}</thead>
                <tbody>
                  {preview.newRows.map((r) => (
                    <tr key={r.index}>
                      <RowCells row={r} />
                    </tr>
                  ))}
                </tbody>
              </table>
              {shown(counts.new, preview.newRows.length)}
            </>
          ))}
        {tab === 'duplicate' &&
          (counts.duplicate === 0 ? (
            <p className="muted">None of these rows is in MyBucks yet.</p>
          ) : (
            <>
              <p className="muted small">These rows are left out: the same transaction is already in the account (by the file's own id, or the same amount and date with a matching description).</p>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Description</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col">In the file</th>
                    <th scope="col">Already in MyBucks as</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.duplicates.map((r) => (
                    <tr key={r.index}>
                      <RowCells row={r} />
                      <td className="small">{r.reason === 'same_key' || !r.match ? 'The same row, imported before' : <MatchText match={r.match} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {shown(counts.duplicate, preview.duplicates.length)}
            </>
          ))}
        {tab === 'ambiguous' &&
          (counts.ambiguous === 0 ? (
            <p className="muted">No row needs your decision.</p>
          ) : (
            <>
              <div className="row spread">
                <p className="muted small">
                  Each of these rows may already be in MyBucks. Import it if it is a different transaction; skip it if it is the same one. Rows you leave are skipped.
                </p>
                <div className="row">
                  <button type="button" className="btn" onClick={() => setAll('import')}>
                    Import all
                  </button>
                  <button type="button" className="btn" onClick={() => setAll('skip')}>
                    Skip all
                  </button>
                </div>
              </div>
              <ul className="import-ambiguous plain-list">
                {preview.ambiguous.map((r) => (
                  <li key={r.index}>
                    <fieldset>
                      <legend>
                        {formatDay(r.bookingDate)} · {r.payee ? `${r.payee} — ` : ''}
                        {r.description} · <Money minor={r.amountMinor} currency={r.currency} /> <span className="muted small">({r.where})</span>
                      </legend>
                      <p className="small">
                        May be the same as:{' '}
                        {r.candidates.map((c, i) => (
                          <span key={c.transactionId}>
                            {i > 0 && '; or '}
                            <MatchText match={c} />
                          </span>
                        ))}
                      </p>
                      <label className="inline-label">
                        <input type="radio" name={`row-${r.index}`} checked={choices.get(r.index) === 'import'} onChange={() => setChoices(new Map(choices).set(r.index, 'import'))} />{' '}
                        Import it
                      </label>
                      <label className="inline-label">
                        <input type="radio" name={`row-${r.index}`} checked={choices.get(r.index) !== 'import'} onChange={() => setChoices(new Map(choices).set(r.index, 'skip'))} /> Skip
                        it
                      </label>
                    </fieldset>
                  </li>
                ))}
              </ul>
            </>
          ))}
      </div>
      <FormError message={error} />
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={busy || toWrite === 0}
          onClick={() => onCommit(preview.ambiguous.map((r) => ({ index: r.index, action: choices.get(r.index) ?? 'skip' })))}
        >
          {busy ? `Importing ${plural(toWrite, 'transaction')}…` : toWrite === 0 ? 'Nothing to import' : `Import ${plural(toWrite, 'transaction')}`}
        </button>
        {onChangeColumns && (
          <button type="button" className="btn" onClick={onChangeColumns} disabled={busy}>
            Change the columns
          </button>
        )}
        <button type="button" className="btn" onClick={onBack} disabled={busy}>
          Back
        </button>
      </div>
    </section>
  );
}
