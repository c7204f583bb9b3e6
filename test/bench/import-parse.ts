/**
 * Import parsing benchmark: a 100,000-row CSV (UK bank style) and a 100,000-transaction OFX 1.x SGML file,
 * generated in memory, then decoded from bytes and parsed (CSV: sniff + parse). Each format runs in a fresh
 * process (`--expose-gc`) so its peak RSS is its own: the median of 3 timed runs after one warm-up, the
 * heap held by the result, and the process's peak RSS.
 *
 * Run alone with `tsx test/bench/import-parse.ts`; `npm run bench` runs it too.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeStatement, parseCsv, parseOfx, sniffCsv, type ParsedStatement } from '../../src/main/core/import/statement';

const ROWS = 100_000;
const RUNS = 3;
const TARGET = 50_000; // rows/s for the whole import; parsing alone must be well above it

type Case = 'csv' | 'ofx';

/** Wall time varies with what else runs on the machine; CPU time (user + system of this process) much less. */
export interface ParseFigures {
  rows: number; megabytes: number; runsMs: number[]; medianMs: number; rowsPerSecond: number;
  cpuMs: number[]; medianCpuMs: number; rowsPerCpuSecond: number; heapHeldMB: number; peakRssMB: number;
}
export interface ImportParseFigures { csv: ParseFigures; ofx: ParseFigures; loadAverage: number; cpus: number; targetRowsPerSecond: number }

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86_400_000);
const amount = (i: number) => `${i % 7 === 0 ? '' : '-'}${(i * 37) % 900}.${pad((i * 13) % 100)}`;
const merchants = ['TESCO STORES 2041', 'SAINSBURYS S/MKT', 'TFL TRAVEL CH', 'AMAZON MKTPLACE', 'PRET A MANGER', 'SHELL 0421'];

function csvText(rows: number): string {
  const out = ['Date,Description,Amount,Balance,Reference'];
  for (let i = 0; i < rows; i++) {
    const d = day(i);
    out.push(`${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()},"${merchants[i % merchants.length]}, LONDON",${amount(i)},${1000 + (i % 5000)}.00,REF${pad(i, 7)}`);
  }
  return `${out.join('\r\n')}\r\n`;
}

function ofxText(rows: number): string {
  const out = ['OFXHEADER:100', 'DATA:OFXSGML', 'VERSION:102', 'SECURITY:NONE', 'ENCODING:USASCII', 'CHARSET:1252', 'COMPRESSION:NONE', 'OLDFILEUID:NONE', 'NEWFILEUID:NONE', ''];
  out.push('<OFX>', '<BANKMSGSRSV1>', '<STMTTRNRS>', '<TRNUID>1', '<STMTRS>', '<CURDEF>GBP', '<BANKACCTFROM>', '<BANKID>400515', '<ACCTID>41123456', '<ACCTTYPE>CHECKING', '</BANKACCTFROM>', '<BANKTRANLIST>');
  for (let i = 0; i < rows; i++) {
    const d = day(i);
    out.push('<STMTTRN>', `<TRNTYPE>${i % 7 === 0 ? 'CREDIT' : 'DEBIT'}`, `<DTPOSTED>${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}120000.000[0:GMT]`,
      `<TRNAMT>${amount(i)}`, `<FITID>${pad(i, 9)}`, `<NAME>${merchants[i % merchants.length]} &amp; CO`, `<MEMO>CARD PURCHASE ${i}`, '</STMTTRN>');
  }
  out.push('</BANKTRANLIST>', '<LEDGERBAL>', '<BALAMT>1234.56', '<DTASOF>20261231', '</LEDGERBAL>', '</STMTRS>', '</STMTTRNRS>', '</BANKMSGSRSV1>', '</OFX>');
  return `${out.join('\r\n')}\r\n`;
}

function parse(kind: Case, bytes: Uint8Array): ParsedStatement {
  const text = decodeStatement(bytes);
  if (kind === 'ofx') return parseOfx(text);
  return parseCsv(text, sniffCsv(text).suggestedMapping);
}

/** In the child: one format, timed. */
function runCase(kind: Case): ParseFigures {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const mb = (bytes: number) => bytes / 2 ** 20;
  const bytes = new TextEncoder().encode(kind === 'csv' ? csvText(ROWS) : ofxText(ROWS));
  parse(kind, new TextEncoder().encode(kind === 'csv' ? csvText(10_000) : ofxText(10_000))); // warm-up
  const runsMs: number[] = [];
  const cpuMs: number[] = [];
  let heapHeldMB = 0;
  const held: { result?: ParsedStatement } = {}; // the previous run's result is let go before the next
  for (let r = 0; r < RUNS; r++) {
    delete held.result;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    held.result = parse(kind, bytes);
    const cpu = process.cpuUsage(cpu0);
    runsMs.push(performance.now() - t0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    gc();
    heapHeldMB = mb(process.memoryUsage().heapUsed - heapBefore);
    if (held.result.transactions.length !== ROWS) throw new Error(`parsed ${held.result.transactions.length} rows, expected ${ROWS}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  const medianMs = median(runsMs);
  const medianCpuMs = median(cpuMs);
  return {
    rows: ROWS, megabytes: mb(bytes.length), runsMs, medianMs, rowsPerSecond: (ROWS / medianMs) * 1000,
    cpuMs, medianCpuMs, rowsPerCpuSecond: (ROWS / medianCpuMs) * 1000, heapHeldMB, peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

async function inChild(kind: Case): Promise<ParseFigures> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--case', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`import-parse ${kind} exited (${code})`)));
  });
  return JSON.parse(line) as ParseFigures;
}

export async function benchImportParse(): Promise<ImportParseFigures> {
  const csv = await inChild('csv');
  const ofx = await inChild('ofx');
  return { csv, ofx, loadAverage: loadavg()[0], cpus: cpus().length, targetRowsPerSecond: TARGET };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function importParseRows(f: ImportParseFigures): [string, string, string][] {
  const row = (label: string, p: ParseFigures): [string, string, string] => [
    `import parse: ${fmt(p.rows)}-row ${label} (${fmt(p.megabytes, 1)} MB)`,
    `${fmt(p.medianMs)} ms = ${fmt(p.rowsPerSecond)} rows/s (CPU ${fmt(p.medianCpuMs)} ms = ${fmt(p.rowsPerCpuSecond)} rows/CPU-s, load ${fmt(f.loadAverage, 1)} on ${f.cpus} cores); result holds ${fmt(p.heapHeldMB)} MB heap, peak RSS ${fmt(p.peakRssMB)} MB`,
    `well above ${fmt(f.targetRowsPerSecond)} rows/s`,
  ];
  return [row('CSV, sniffed', f.csv), row('OFX 1.x SGML', f.ofx)];
}

const caseArg = process.argv.indexOf('--case');
if (caseArg !== -1) {
  process.stdout.write(`${JSON.stringify(runCase(process.argv[caseArg + 1] as Case))}\n`);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = importParseRows(await benchImportParse());
  const w = Math.max(...rows.map((x) => x[0].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b}  ${c}`).join('\n'));
}
