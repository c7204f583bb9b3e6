/**
 * Import a statement file (OFX/QFX, CSV, CAMT.053/.052, QIF) into an account: choose the file (the system
 * dialog in the desktop app, a file input in browser mode, or a file dropped on the window) and the account,
 * confirm a CSV's columns, look at the preview, import. Past imports can be removed.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountGroup, ImportCsvMappingDTO, ImportPreviewDTO, ImportProgressDTO, ImportResultDTO } from '../../../../shared/dto';
import { useApi, useAppEvent, useQuery } from '../../api/context';
import { FormError } from '../../components/feedback';
import { currencyLabel, currencyOptions } from '../../lib/currencies';
import { routeQuery } from '../../lib/router';
import { useAction } from '../../lib/use-action';
import { accountName, GROUPS } from '../account-forms';
import { accountHref } from '../account-route';
import { formatBytes } from '../DataSettings';
import { CsvMappingStep } from './CsvMappingStep';
import { ImportProgress } from './ImportProgress';
import { PastImports } from './PastImports';
import { PreviewStep } from './PreviewStep';
import { useFocusOnMount } from './focus';
import { onFileDropped, takeDroppedFile, uploadFile } from './upload';
import '../../styles/import.css';

type Chosen = { kind: 'file'; file: File } | { kind: 'path'; path: string };
const NEW = 'new';

const nameOf = (c: Chosen) => (c.kind === 'file' ? c.file.name : (c.path.split(/[\\/]/).pop() ?? c.path));

export function ImportPage() {
  const api = useApi();
  const accounts = useQuery((a) => a.listAccounts(), 'accounts', { reloadOn: ['data-changed'] });
  const info = useQuery((a) => a.getAppInfo(), 'app-info');
  const desktop = info.data?.mode === 'electron';
  const [chosen, setChosen] = useState<Chosen | null>(() => {
    const file = takeDroppedFile();
    return file ? { kind: 'file', file } : null;
  });
  const [target, setTarget] = useState(() => routeQuery(window.location.hash).get('account') ?? '');
  const [newName, setNewName] = useState('');
  const [newGroup, setNewGroup] = useState<AccountGroup>('cash');
  const [newCurrency, setNewCurrency] = useState('');
  const [dateOrder, setDateOrder] = useState<'' | 'dmy' | 'mdy' | 'ymd'>('');
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  // the main process's reports for the step under way: under the upload id or path while reading, the preview id while writing
  const [step, setStep] = useState<ImportProgressDTO | null>(null);
  const [stepId, setStepId] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreviewDTO | null>(null);
  const [result, setResult] = useState<ImportResultDTO | null>(null);
  const action = useAction();
  const fileInputId = useId();

  function start(next: Chosen | null) {
    setChosen(next);
    setUploadId(null);
    setPreview(null);
    setResult(null);
    setProgress(null);
    setStepId(null);
    setStep(null);
  }

  function follow(id: string) {
    setStepId(id);
    setStep(null);
  }

  useAppEvent((event) => {
    if (event.type === 'import-progress' && event.id === stepId) setStep({ id: event.id, phase: event.phase, done: event.done, total: event.total });
  });

  useEffect(
    () =>
      onFileDropped(() => {
        const file = takeDroppedFile();
        if (file) start({ kind: 'file', file });
      }),
    [],
  );

  useEffect(() => {
    if (target === '' && accounts.data) setTarget(accounts.data.find((a) => a.manual)?.id ?? accounts.data[0]?.id ?? NEW);
  }, [accounts.data, target]);

  async function chooseWithDialog() {
    await action.run(
      async () => {
        const { path } = await api.chooseFile({ purpose: 'import' });
        if (path) start({ kind: 'path', path });
      },
      (m) => `The file dialog did not open: ${m}`,
    );
  }

  async function read({ csvMapping, statement }: { csvMapping?: ImportCsvMappingDTO; statement?: number } = {}) {
    if (!chosen) return;
    await action.run(
      async () => {
        let source: { path: string } | { uploadId: string };
        if (chosen.kind === 'path') source = { path: chosen.path };
        else {
          let id = uploadId;
          if (!id) {
            setProgress(0);
            id = await uploadFile(api, chosen.file, setProgress);
            setUploadId(id);
          }
          source = { uploadId: id };
        }
        follow('uploadId' in source ? source.uploadId : source.path);
        const p = await api.importPreview({
          source,
          target: target === NEW ? { newAccount: { name: newName.trim() || undefined, group: newGroup, currency: newCurrency || undefined } } : { accountId: target },
          csvMapping,
          dateOrder: dateOrder || undefined,
          statement,
        });
        setPreview(p);
      },
      (m) => {
        // an upload that expired or stopped is sent again on the next try
        setUploadId(null);
        return m;
      },
    );
  }

  async function commit(decisions: { index: number; action: 'import' | 'skip' }[]) {
    if (!preview) return;
    follow(preview.previewId);
    await action.run(
      async () => {
        setResult(await api.importCommit({ previewId: preview.previewId, decisions }));
        setPreview(null);
        setUploadId(null);
      },
      (m) => m,
    );
  }

  function submitChoice(e: FormEvent) {
    e.preventDefault();
    void read();
  }

  const total = chosen?.kind === 'file' ? chosen.file.size : null;
  const isQif = chosen ? /\.qif$/i.test(nameOf(chosen)) : false;

  return (
    <div className="page import-page">
      <div className="row spread">
        <h1>Import a statement</h1>
        <a className="btn" href="#/accounts">
          Back to accounts
        </a>
      </div>
      {result ? (
        <ImportDone result={result} onAnother={() => start(null)} />
      ) : preview?.needsMapping && preview.csv ? (
        <section className="card">
          <CsvMappingStep csv={preview.csv} fileName={preview.fileName} busy={action.busy} error={action.error} onSubmit={(m) => void read({ csvMapping: m })} onBack={() => setPreview(null)} />
        </section>
      ) : preview ? (
        <section className="card">
          <PreviewStep
            preview={preview}
            busy={action.busy}
            error={action.error}
            onCommit={(d) => void commit(d)}
            onBack={() => setPreview(null)}
            onChangeColumns={preview.csv ? () => setPreview({ ...preview, needsMapping: true }) : undefined}
            onChooseStatement={(statement) => void read({ statement })}
          />
        </section>
      ) : (
        <form className="card import-choose" onSubmit={submitChoice} aria-labelledby="import-choose-title">
          <h2 id="import-choose-title">Which file, into which account?</h2>
          <p className="muted">
            MyBucks reads OFX and QFX, CSV, CAMT.053/.052 (XML) and QIF files from your bank. You see what will be added, and what is already in MyBucks, before
            anything is written. You can also drop a file anywhere on this window.
          </p>
          <div className="form-grid">
            <div className="span-2 import-file">
              {desktop ? (
                <button type="button" className="btn" onClick={() => void chooseWithDialog()} disabled={action.busy}>
                  Choose a file…
                </button>
              ) : (
                <label htmlFor={fileInputId}>
                  Statement file
                  <input id={fileInputId} type="file" accept=".ofx,.qfx,.csv,.txt,.xml,.qif" onChange={(e) => start(e.target.files?.[0] ? { kind: 'file', file: e.target.files[0] } : null)} />
                </label>
              )}
              {chosen && (
                <p className="import-chosen">
                  <strong>{nameOf(chosen)}</strong>
                  {total !== null && <span className="muted"> · {formatBytes(total)}</span>}
                </p>
              )}
            </div>
            <label>
              Into
              <select value={target} onChange={(e) => setTarget(e.target.value)}>
                {(accounts.data ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {accountName(a)} · {a.manual ? 'manual' : a.providerName} · {a.currency}
                  </option>
                ))}
                <option value={NEW}>A new manual account…</option>
              </select>
            </label>
            {isQif && (
              <label>
                Dates in this QIF file are written
                <select value={dateOrder} onChange={(e) => setDateOrder(e.target.value as typeof dateOrder)}>
                  <option value="">Let MyBucks work it out</option>
                  <option value="dmy">Day first (31/01/2026)</option>
                  <option value="mdy">Month first (01/31/2026)</option>
                  <option value="ymd">Year first (2026-01-31)</option>
                </select>
              </label>
            )}
            {target === NEW && (
              <fieldset className="span-2 form-grid">
                <legend>The new manual account</legend>
                <label>
                  Name
                  <input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="From the file" maxLength={100} />
                </label>
                <label>
                  Group
                  <select value={newGroup} onChange={(e) => setNewGroup(e.target.value as AccountGroup)}>
                    {GROUPS.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Currency
                  <select value={newCurrency} onChange={(e) => setNewCurrency(e.target.value)}>
                    <option value="">As the file says</option>
                    {currencyOptions().map((c) => (
                      <option key={c} value={c}>
                        {currencyLabel(c)}
                      </option>
                    ))}
                  </select>
                </label>
              </fieldset>
            )}
          </div>
          <FormError message={action.error} />
          <div className="row">
            <button type="submit" className="btn primary" disabled={!chosen || action.busy || target === ''}>
              {action.busy ? 'Reading…' : 'Read the file'}
            </button>
          </div>
        </form>
      )}
      {action.busy && chosen && (progress !== null || stepId !== null) && <ImportProgress fileName={nameOf(chosen)} sent={progress} size={total} step={step} />}
      <PastImports />
    </div>
  );
}

function ImportDone({ result, onAnother }: { result: ImportResultDTO; onAnother: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card" aria-labelledby="import-done">
      <h2 id="import-done" ref={heading} tabIndex={-1}>
        {result.added > 0 ? 'Imported' : 'Nothing new'}
      </h2>
      <p role="status">{result.message}</p>
      <div className="row">
        <a className="btn primary" href={accountHref(result.accountId)}>
          Open {result.accountName}
        </a>
        <button type="button" className="btn" onClick={onAnother}>
          Import another file
        </button>
      </div>
    </section>
  );
}
