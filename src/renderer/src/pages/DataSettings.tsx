/**
 * Settings → Your data: back up (now, to a file, automatically every day), the list of backups, restore
 * (after showing what the backup holds and what it replaces), and export everything as CSV or JSON. In
 * the desktop app files are picked with the system's dialogs; in browser mode there are none, so the
 * user types a path.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { BackupDTO, BackupInspectionDTO, BackupSettingsDTO, ExportResultDTO, RestoreResultDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { errorMessage } from '../api/errors';
import { Dialog } from '../components/Dialog';
import { EmptyState, ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { formatDateTime, formatDay } from '../lib/dates';
import { useAction } from '../lib/use-action';

const KIND_WORDS: Record<BackupDTO['kind'], string> = {
  automatic: 'Daily (automatic)',
  manual: 'Made by you',
  'before-restore': 'Before a restore',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(undefined, { maximumFractionDigits: value < 10 ? 1 : 0 })} ${units[unit]}`;
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

type Ask = { purpose: 'save-backup' | 'open-backup' | 'export' } | null;

const PATH_WORDS: Record<NonNullable<Ask>['purpose'], { label: string; placeholder: string; submit: string }> = {
  'save-backup': { label: 'Save the backup as', placeholder: '/home/you/Documents/mybucks-backup.sqlite', submit: 'Back up' },
  'open-backup': { label: 'Backup file to restore', placeholder: '/home/you/Documents/mybucks-backup.sqlite', submit: 'Check this backup' },
  export: { label: 'Folder for the export', placeholder: '/home/you/Documents', submit: 'Use this folder' },
};

/** Where there is no file dialog (browser mode): the full path, typed. */
function PathForm({ purpose, busy, onSubmit, onCancel }: { purpose: NonNullable<Ask>['purpose']; busy: boolean; onSubmit: (path: string) => void; onCancel: () => void }) {
  const words = PATH_WORDS[purpose];
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  useEffect(() => input.current?.focus(), []);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (value.trim()) onSubmit(value.trim());
  }
  return (
    <form className="form-grid path-form" onSubmit={submit} aria-label={words.label}>
      <label>
        {words.label}
        <input ref={input} required spellCheck={false} value={value} placeholder={words.placeholder} aria-describedby={hintId} onChange={(e) => setValue(e.target.value)} />
      </label>
      <p className="hint" id={hintId}>
        In browser mode MyBucks cannot open a file dialog: type the full path on this computer (it starts with / or a drive letter; ~ is your home folder).
      </p>
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy || !value.trim()}>
          {words.submit}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Inspection({ inspection }: { inspection: BackupInspectionDTO }) {
  const { contains, replaces } = inspection;
  return (
    <div className="inspection">
      <h3 className="small-heading">The backup holds</h3>
      <ul>
        <li>
          {plural(contains.connections.length, 'bank connection')}
          {contains.connections.length > 0 && `: ${contains.connections.map((c) => (c.name ? `${c.providerName} (${c.name})` : c.providerName)).join(', ')}`}
        </li>
        <li>{plural(contains.accounts, 'account')}</li>
        <li>
          {plural(contains.transactions, 'transaction')}
          {contains.newestTransaction && `, the newest on ${formatDay(contains.newestTransaction)}`}
        </li>
      </ul>
      <h3 className="small-heading">Restoring it replaces everything in MyBucks now</h3>
      <ul>
        <li>{plural(replaces.connections, 'bank connection')}</li>
        <li>{plural(replaces.accounts, 'account')}</li>
        <li>{plural(replaces.transactions, 'transaction')}</li>
      </ul>
    </div>
  );
}

/** Checks a backup, shows what restoring it means, and restores it when confirmed. */
function RestoreDialog({ path, onClose, onRestored }: { path: string; onClose: () => void; onRestored: (result: RestoreResultDTO) => void }) {
  const api = useApi();
  const [inspection, setInspection] = useState<BackupInspectionDTO | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    let current = true;
    api.inspectBackup({ path }).then(
      (result) => current && setInspection(result),
      (err: unknown) => current && setCheckError(errorMessage(err)),
    );
    return () => {
      current = false;
    };
  }, [api, path]);

  function restore() {
    return run(
      async () => {
        onRestored(await api.restoreBackup({ path }));
      },
      (message) => `The backup was not restored: ${message}`,
    );
  }

  const blocked = inspection !== null && !inspection.restorable;
  return (
    <Dialog title={blocked ? 'This backup cannot be restored' : 'Restore this backup?'} onClose={busy ? () => {} : onClose}>
      <p className="muted path">
        <code>{path}</code>
      </p>
      {!inspection && !checkError && (
        <p role="status" aria-busy="true">
          Checking the backup…
        </p>
      )}
      {checkError && <ErrorMessage title="MyBucks could not check this backup" message={checkError} />}
      {inspection && (
        <>
          {blocked ? (
            <ul className="problems" role="alert">
              {inspection.problems.map((p) => (
                <li key={p} className="warning">
                  {p}
                </li>
              ))}
            </ul>
          ) : (
            <>
              <Inspection inspection={inspection} />
              {inspection.problems.length > 0 && (
                <ul className="problems" aria-label="Good to know">
                  {inspection.problems.map((p) => (
                    <li key={p} className="warning">
                      {p}
                    </li>
                  ))}
                </ul>
              )}
              <p>MyBucks first saves a backup of your data as it is now, so you can undo the restore.</p>
            </>
          )}
        </>
      )}
      <FormError message={error} />
      <div className="row">
        {inspection?.restorable && (
          <button type="button" className="btn danger" onClick={() => void restore()} disabled={busy} aria-busy={busy || undefined}>
            {busy ? 'Restoring…' : 'Restore'}
          </button>
        )}
        <button type="button" className="btn" onClick={onClose} disabled={busy}>
          {inspection?.restorable ? 'Cancel' : 'Close'}
        </button>
      </div>
    </Dialog>
  );
}

function AutomaticBackups({ settings, onSaved }: { settings: BackupSettingsDTO; onSaved: (s: BackupSettingsDTO) => void }) {
  const api = useApi();
  const [automatic, setAutomatic] = useState(settings.automatic);
  const [keep, setKeep] = useState(String(settings.keep));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const keepNumber = Number(keep);
  const keepValid = Number.isInteger(keepNumber) && keepNumber >= 1 && keepNumber <= 90;
  const changed = automatic !== settings.automatic || keepNumber !== settings.keep;

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    void run(
      async () => {
        onSaved(await api.setBackupSettings({ automatic, keep: keepNumber }));
        setSaved(true);
      },
      (message) => `The backup settings were not saved: ${message}`,
    );
  }

  return (
    <form className="form-grid" onSubmit={submit} aria-label="Automatic backups">
      <label className="checkbox">
        <input type="checkbox" checked={automatic} onChange={(e) => setAutomatic(e.target.checked)} />
        Back up automatically every day
      </label>
      <label>
        Daily backups to keep
        <input type="number" min={1} max={90} step={1} required inputMode="numeric" value={keep} onChange={(e) => setKeep(e.target.value)} />
      </label>
      <p className="hint">
        {settings.lastAutomaticAt ? `Last daily backup: ${formatDateTime(settings.lastAutomaticAt)}.` : 'No daily backup yet.'} Older daily backups are deleted;
        those you make yourself are kept.
      </p>
      <FormError message={error} />
      <div className="row">
        <button type="submit" className="btn" disabled={busy || !keepValid || !changed}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {saved && !changed && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}

type Notice = { kind: 'backup'; backup: BackupDTO } | { kind: 'restore'; result: RestoreResultDTO } | { kind: 'export'; result: ExportResultDTO };

function NoticeView({ notice }: { notice: Notice }) {
  switch (notice.kind) {
    case 'backup':
      return (
        <p>
          Backup saved ({formatBytes(notice.backup.bytes)}): <code>{notice.backup.path}</code>
        </p>
      );
    case 'restore': {
      const { result } = notice;
      return (
        <>
          <p>
            Restored from <code>{result.restoredFrom}</code>. Your data from before the restore is saved as <code>{result.safetyBackup.path}</code>; restore it to
            undo.
          </p>
          {result.needsReauthorization > 0 && (
            <p>
              {result.needsReauthorization === 1 ? 'One bank connection needs' : `${result.needsReauthorization} bank connections need`} linking again on this
              computer (its data is kept): see <a href="#/connections">Connections</a>.
            </p>
          )}
        </>
      );
    }
    case 'export':
      return (
        <>
          <p>
            Exported to <code>{notice.result.path}</code>
          </p>
          <ul>
            {notice.result.files.map((f) => (
              <li key={f.name}>
                {f.name}: {plural(f.rows, 'row')}, {formatBytes(f.bytes)}
              </li>
            ))}
          </ul>
        </>
      );
  }
}

export function DataSettings({ mode }: { mode: 'electron' | 'browser' | undefined }) {
  const api = useApi();
  const backups = useQuery((a) => a.listBackups(), 'backups');
  const settings = useQuery((a) => a.getBackupSettings(), 'backup-settings');
  const [ask, setAsk] = useState<Ask>(null);
  const [restorePath, setRestorePath] = useState<string | null>(null);
  const [exportFolder, setExportFolder] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const headingId = useId();

  function act(what: string, action: () => Promise<void>, explain: (message: string) => string) {
    setWorking(what);
    return run(action, explain).finally(() => setWorking(null));
  }

  /** A path from the system's dialog; in browser mode (no dialog) the path form opens instead. */
  async function choose(purpose: NonNullable<Ask>['purpose']): Promise<string | null> {
    const { path } = await api.chooseFile({ purpose });
    if (path === null && mode !== 'electron') setAsk({ purpose });
    return path;
  }

  const backupNow = () =>
    act(
      'Backing up…',
      async () => {
        setNotice(null);
        const backup = await api.createBackup({});
        setNotice({ kind: 'backup', backup });
        backups.reload();
      },
      (message) => `No backup was made: ${message}`,
    );

  const backupTo = (path: string) =>
    act(
      'Backing up…',
      async () => {
        setNotice(null);
        const backup = await api.createBackup({ path });
        setAsk(null);
        setNotice({ kind: 'backup', backup });
        backups.reload();
      },
      (message) => `No backup was made: ${message}`,
    );

  const backupToFile = () =>
    run(
      async () => {
        const path = await choose('save-backup');
        if (path) await backupTo(path);
      },
      (message) => `No backup was made: ${message}`,
    );

  const restoreFromFile = () =>
    run(
      async () => {
        const path = await choose('open-backup');
        if (path) setRestorePath(path);
      },
      (message) => `MyBucks could not open the file dialog: ${message}`,
    );

  const chooseExportFolder = () =>
    run(
      async () => {
        const path = await choose('export');
        if (path) setExportFolder(path);
      },
      (message) => `MyBucks could not open the folder dialog: ${message}`,
    );

  const exportAs = (format: 'csv' | 'json') =>
    act(
      `Exporting ${format.toUpperCase()}…`,
      async () => {
        setNotice(null);
        const result = await api.exportData({ format, ...(exportFolder && { path: exportFolder }) });
        setNotice({ kind: 'export', result });
      },
      (message) => `Nothing was exported: ${message}`,
    );

  function submitPath(path: string) {
    if (!ask) return;
    if (ask.purpose === 'save-backup') void backupTo(path);
    else if (ask.purpose === 'open-backup') {
      setAsk(null);
      setRestorePath(path);
    } else {
      setAsk(null);
      setExportFolder(path);
    }
  }

  return (
    <section className="card data-settings" aria-labelledby={headingId}>
      <h2 id={headingId}>Your data</h2>
      <p>
        Everything MyBucks knows is in one database on this computer. A backup is a complete copy of it that MyBucks can restore.{' '}
        <strong>Backups never contain bank sign-ins</strong>: a backup restored on another computer keeps all its data, and you link each bank again there to resume
        syncing.
      </p>

      <h3>Back up</h3>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => void backupNow()} disabled={busy}>
          Back up now
        </button>
        <button type="button" className="btn" onClick={() => void backupToFile()} disabled={busy}>
          Back up to a file…
        </button>
        <button type="button" className="btn" onClick={() => void restoreFromFile()} disabled={busy}>
          Restore from a file…
        </button>
      </div>
      {ask && <PathForm purpose={ask.purpose} busy={busy} onSubmit={submitPath} onCancel={() => setAsk(null)} />}
      <div role="status" aria-live="polite" className="data-status">
        {working && <p aria-busy="true">{working}</p>}
        {notice && !working && (
          <div className="notice">
            <NoticeView notice={notice} />
          </div>
        )}
      </div>
      <FormError message={error} />

      <h3>Automatic backups</h3>
      {settings.error && !settings.data && <ErrorMessage title="Could not read the backup settings" message={settings.error} onRetry={settings.reload} />}
      {!settings.data && !settings.error && <Skeleton height={96} label="Loading the backup settings" />}
      {settings.data && (
        <>
          <AutomaticBackups key={`${settings.data.automatic}-${settings.data.keep}`} settings={settings.data} onSaved={() => {
            settings.reload();
            backups.reload();
          }} />
          <p className="hint">
            Backups are kept in <code>{settings.data.folder}</code>.
          </p>
        </>
      )}

      <h3>Backups</h3>
      {backups.error && !backups.data && <ErrorMessage title="Could not list the backups" message={backups.error} onRetry={backups.reload} />}
      {!backups.data && !backups.error && <Skeleton height={80} label="Loading the backups" />}
      {backups.data && backups.data.length === 0 && <EmptyState title="No backups yet">Use “Back up now”, or wait for the first daily backup.</EmptyState>}
      {backups.data && backups.data.length > 0 && (
        <table className="data-table backups-table">
          <caption className="visually-hidden">Backups in the backups folder, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.data.map((b) => (
              <tr key={b.path}>
                <td title={b.path}>{formatDateTime(b.createdAt)}</td>
                <td>{KIND_WORDS[b.kind]}</td>
                <td className="num">{formatBytes(b.bytes)}</td>
                <td>
                  <button type="button" className="btn" disabled={busy} onClick={() => setRestorePath(b.path)} aria-label={`Restore the backup made ${formatDateTime(b.createdAt)}`}>
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Export</h3>
      <p>
        Everything you have in MyBucks — bank connections (without sign-ins), accounts, balance history, transactions, categories and rules — as CSV files (one per
        table, for spreadsheets) or one JSON file.
      </p>
      <p className="hint">
        {exportFolder ? (
          <>
            Exports go to <code>{exportFolder}</code>.
          </>
        ) : (
          'Exports go to the exports folder inside the MyBucks data folder.'
        )}{' '}
        <button type="button" className="link-button" onClick={() => void chooseExportFolder()} disabled={busy}>
          Choose another folder…
        </button>
      </p>
      <div className="row">
        <button type="button" className="btn" onClick={() => void exportAs('csv')} disabled={busy}>
          Export CSV
        </button>
        <button type="button" className="btn" onClick={() => void exportAs('json')} disabled={busy}>
          Export JSON
        </button>
      </div>

      {restorePath && (
        <RestoreDialog
          path={restorePath}
          onClose={() => setRestorePath(null)}
          onRestored={(result) => {
            setRestorePath(null);
            setNotice({ kind: 'restore', result });
            backups.reload();
            settings.reload();
          }}
        />
      )}
    </section>
  );
}
