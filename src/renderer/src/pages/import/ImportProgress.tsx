/**
 * How far the import is: the upload (bytes sent), then the main process's long steps as its import-progress
 * events report them (reading the file, checking its rows for duplicates, writing them). Without a report yet,
 * an indeterminate bar.
 */
import type { ImportProgressDTO } from '../../../../shared/dto';
import { formatBytes } from '../DataSettings';

const count = (n: number) => n.toLocaleString('en-GB');

export function progressText(fileName: string, p: ImportProgressDTO): string {
  if (p.phase === 'read') return `Reading ${fileName}: ${formatBytes(p.done)} of ${formatBytes(p.total)}…`;
  if (p.phase === 'check') return `Checking ${count(p.done)} of ${count(p.total)} rows for duplicates…`;
  return `Writing ${count(p.done)} of ${count(p.total)} rows…`;
}

export function ImportProgress({ fileName, sent, size, step }: { fileName: string; sent: number | null; size: number | null; step: ImportProgressDTO | null }) {
  let text = 'Reading the file and looking for duplicates…';
  let value: number | undefined;
  let max: number | undefined;
  if (sent !== null && size !== null && sent < size) {
    text = `Sending ${fileName} to MyBucks: ${formatBytes(sent)} of ${formatBytes(size)}`;
    [value, max] = [sent, size];
  } else if (step) {
    text = progressText(fileName, step);
    [value, max] = [step.done, Math.max(step.total, 1)];
  }
  return (
    <div className="import-progress" aria-live="polite">
      <label>
        {text}
        <progress max={max} value={value} />
      </label>
    </div>
  );
}
