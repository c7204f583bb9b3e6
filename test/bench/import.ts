/**
 * Import benchmark: a CSV and an OFX statement of 100,000 and of 400,000 rows, each imported end to end into a
 * manual account (read, detect, decode, parse — the CSV after sniffing its columns —, preview with duplicate
 * detection, commit with categories, daily totals and transfer pairing) in a fresh process, against the floor
 * measured in the same process: one prepared INSERT of the same rows and columns into the same schema, in one
 * transaction, without parsing, categories, deduplication or totals. Peak RSS is the process's maximum
 * resident set (getrusage); heap is sampled after each step. The import's memory must not grow with the rows:
 * the 400,000-row files' peak RSS is about the 100,000-row ones'.
 *
 * Run alone with `tsx test/bench/import.ts [csv] [ofx] [--rows=N,...]` (writes bench-results/import.json);
 * `npm run bench` runs it too.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../../src/main/core/db/database';
import { SearchTexts } from '../../src/main/core/db/derived';
import { ImportPipeline } from '../../src/main/core/import/pipeline';
import { createManualAccount } from '../../src/main/core/reports/manage-accounts';
import { apiSchemas } from '../../src/shared/contract';
import { minorToDecimal } from '../../src/shared/money';

const SIZES = [100_000, 400_000];
const TARGET_ROWS_PER_SECOND = 50_000;

export interface ImportRun {
  format: 'csv' | 'ofx';
  rows: number;
  fileMB: number;
  ms: { preview: number; commit: number; total: number; bareInsert: number };
  /** CPU time (user + system) of the same steps: on a shared machine wall time varies with the load, CPU time much less. */
  cpuMs: { total: number; bareInsert: number };
  rowsPerSecond: number;
  rowsPerCpuSecond: number;
  ratioToBare: number;
  added: number;
  peakRssMB: number;
  /** Peak RSS when the import finished, before the floor's run (which reads every row back and may set the process's peak). */
  importPeakRssMB: number;
  /** Peak RSS once the preview was made (read, parse, duplicate check), before the commit. */
  previewPeakRssMB: number;
  rssBeforeMB: number;
  maxHeapMB: number;
  /** The machine's 1-minute load average when the run started (2 cores: above 1 means other work shared them). */
  loadAverage: number;
}

export interface ImportFigures {
  runs: ImportRun[];
  targetRowsPerSecond: number;
}

const MERCHANTS = ['TESCO STORES', 'SAINSBURYS', 'PRET A MANGER', 'TFL TRAVEL', 'AMAZON MKTPLACE', 'BOOTS', 'SHELL', 'NETFLIX', 'COSTA COFFEE', 'WAITROSE'];

/** Deterministic rows over about three years, newest last. */
function* statementRows(n: number): Generator<{ day: string; amountMinor: number; payee: string; ref: string; id: string }> {
  let seed = 2026;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const start = Date.parse('2023-11-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const day = new Date(start + Math.floor((i / n) * 1_095) * 86_400_000).toISOString().slice(0, 10);
    const income = i % 97 === 0;
    const amountMinor = income ? 250_000 + (next() % 50_000) : -(100 + (next() % 20_000));
    const payee = income ? 'SALARY ACME LTD' : MERCHANTS[next() % MERCHANTS.length];
    yield { day, amountMinor, payee, ref: `REF ${100_000 + i}`, id: `T${i}` };
  }
}

export function csvFile(path: string, n: number): void {
  const lines = ['Date,Description,Amount,Reference'];
  for (const r of statementRows(n)) lines.push(`${r.day.slice(8, 10)}/${r.day.slice(5, 7)}/${r.day.slice(0, 4)},"${r.payee} ${r.ref}",${minorToDecimal(r.amountMinor, 'GBP')},${r.id}`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

export function ofxFile(path: string, n: number): void {
  const parts = [
    'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n',
    '<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261128<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n',
    '<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>GBP\n',
    '<BANKACCTFROM><BANKID>400000<ACCTID>12345678<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20231101<DTEND>20261128\n',
  ];
  for (const r of statementRows(n)) {
    parts.push(
      `<STMTTRN>\n<TRNTYPE>${r.amountMinor < 0 ? 'DEBIT' : 'CREDIT'}\n<DTPOSTED>${r.day.replaceAll('-', '')}120000[0:GMT]\n<TRNAMT>${minorToDecimal(r.amountMinor, 'GBP')}\n<FITID>${r.id}\n<NAME>${r.payee}\n<MEMO>${r.ref}\n</STMTTRN>\n`,
    );
  }
  parts.push('</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n');
  writeFileSync(path, parts.join(''));
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** In the child: one import end to end, then the floor, on fresh database files. */
async function runChild(format: 'csv' | 'ofx', file: string, dir: string): Promise<ImportRun> {
  const loadAverage = loadavg()[0];
  const rssBefore = process.memoryUsage.rss();
  let maxHeap = process.memoryUsage().heapUsed;
  const sample = () => (maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed));
  const db = openDatabase(join(dir, `${basename(file)}.sqlite`));
  const account = createManualAccount(db, { name: 'Imported', group: 'cash', currency: 'GBP', balanceMinor: 0 });
  const pipeline = new ImportPipeline(db, () => new Date());
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const previewOf = (csvMapping?: unknown) => pipeline.preview(apiSchemas.importPreview.parse({ source: { path: file }, target: { accountId: account.id }, csvMapping }));
  let preview = await previewOf();
  sample();
  if (preview.needsMapping) preview = await previewOf(preview.csv!.mapping); // the mapping MyBucks guessed, as the user confirms it
  sample();
  const t1 = performance.now();
  const previewPeakRss = process.resourceUsage().maxRSS / 1024;
  const result = pipeline.commit(apiSchemas.importCommit.parse({ previewId: preview.previewId }));
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const importPeakRss = process.resourceUsage().maxRSS / 1024;
  sample();
  const rows = db
    .prepare('SELECT bank_tx_id, booking_date, booking_at, value_date, amount_minor, currency, description, merchant, bank_tx_code, status FROM transactions')
    .raw()
    .all() as unknown[][];
  db.close();

  const floorDb = openDatabase(join(dir, `${basename(file)}-floor.sqlite`));
  const floorAccount = createManualAccount(floorDb, { name: 'Floor', group: 'cash', currency: 'GBP', balanceMinor: 0 });
  const insert = floorDb.prepare(
    `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, value_date, amount_minor, currency, description, merchant,
       bank_tx_code, status, category_id, search_text_id, first_seen_run, last_seen_run, changed_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, 1, 1)`,
  );
  const texts = new SearchTexts(floorDb);
  const fc0 = process.cpuUsage();
  const f0 = performance.now();
  floorDb.transaction(() => {
    for (const r of rows) insert.run(floorAccount.id, ...r, texts.idOf(r[6] as string, r[7] as string | null));
  })();
  const bareInsert = performance.now() - f0;
  const floorCpu = process.cpuUsage(fc0);
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  floorDb.close();
  const total = t2 - t0;
  return {
    format,
    rows: preview.counts.total,
    fileMB: 0,
    ms: { preview: t1 - t0, commit: t2 - t1, total, bareInsert },
    cpuMs: { total: cpuMs(cpu), bareInsert: cpuMs(floorCpu) },
    rowsPerSecond: (preview.counts.total / total) * 1000,
    rowsPerCpuSecond: (preview.counts.total / cpuMs(cpu)) * 1000,
    ratioToBare: total / bareInsert,
    added: result.added,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    importPeakRssMB: importPeakRss,
    previewPeakRssMB: previewPeakRss,
    rssBeforeMB: mb(rssBefore),
    maxHeapMB: mb(maxHeap),
    loadAverage,
  };
}

async function inChild(format: 'csv' | 'ofx', file: string, dir: string): Promise<ImportRun> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--child', format, file, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`import process exited (${code})`)));
  });
  return JSON.parse(line) as ImportRun;
}

export async function benchImport(formats: ('csv' | 'ofx')[] = ['csv', 'ofx'], sizes = SIZES): Promise<ImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'mybucks-import-bench-'));
  try {
    const runs: ImportRun[] = [];
    for (const format of formats) {
      for (const rows of sizes) {
        const file = join(dir, `statement-${rows}.${format}`);
        (format === 'csv' ? csvFile : ofxFile)(file, rows);
        const run = await inChild(format, file, dir);
        run.fileMB = mb(statSync(file).size);
        rmSync(file);
        runs.push(run);
      }
    }
    return { runs, targetRowsPerSecond: TARGET_ROWS_PER_SECOND };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function importRows(f: ImportFigures): [string, string, string][] {
  return f.runs.flatMap((r): [string, string, string][] => [
    [
      `import ${fmt(r.rows)}-row ${r.format.toUpperCase()} (${fmt(r.fileMB, 1)} MB), end to end`,
      `${fmt(r.ms.total)} ms = ${fmt(r.rowsPerSecond)} rows/s`,
      `>= ${fmt(f.targetRowsPerSecond)} rows/s`,
    ],
    ['  CPU time (user + system)', `${fmt(r.cpuMs.total)} ms = ${fmt(r.rowsPerCpuSecond)} rows per CPU second`, ''],
    ['  read + parse + preview / commit', `${fmt(r.ms.preview)} / ${fmt(r.ms.commit)} ms`, ''],
    ['  floor: bare insert of the same rows', `${fmt(r.ms.bareInsert)} ms, ${fmt(r.cpuMs.bareInsert)} ms CPU (import = ${fmt(r.ratioToBare, 2)}x)`, ''],
    ['  memory', `peak RSS ${fmt(r.previewPeakRssMB)} MB by the preview's end, ${fmt(r.importPeakRssMB)} MB by the import's end, ${fmt(r.peakRssMB)} MB with the floor (${fmt(r.rssBeforeMB)} MB at start), max heap ${fmt(r.maxHeapMB)} MB`, ''],
    ['  load average at start', fmt(r.loadAverage, 2), ''],
  ]);
}

if (process.argv[2] === '--child') {
  const run = await runChild(process.argv[3] as 'csv' | 'ofx', process.argv[4], process.argv[5]);
  process.stdout.write(`${JSON.stringify(run)}\n`);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv.slice(2).filter((a): a is 'csv' | 'ofx' => a === 'csv' || a === 'ofx');
  const sizes = process.argv.find((a) => a.startsWith('--rows='))?.slice('--rows='.length).split(',').map(Number);
  const f = await benchImport(only.length ? only : undefined, sizes);
  const rows = importRows(f);
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padEnd(60)}  ${c}`).join('\n'));
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/import.json', `${JSON.stringify({ date: new Date().toISOString(), ...f }, null, 2)}\n`);
  console.log('\nwritten bench-results/import.json');
}
