/**
 * One large sync in a fresh process, as the app's main process runs it: reads the bank handle (JSON) on
 * stdin, syncs every connection of the database file given as argument, samples RSS every 25 ms and
 * prints one JSON line of figures.
 */
import { text } from 'node:stream/consumers';
import { openDatabase } from '../../src/main/core/db/database';
import { syncAll, type BankInfo, type ChildSyncFigures } from './common';

const info = JSON.parse(await text(process.stdin)) as BankInfo;
const db = openDatabase(process.argv[2]);
const mb = (bytes: number) => bytes / 2 ** 20;
const rssBefore = process.memoryUsage.rss();
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
const result = await syncAll(db, info);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
db.close();
const figures: ChildSyncFigures = { ...result, rssBeforeMB: mb(rssBefore), peakRssMB: mb(peak) };
process.stdout.write(`${JSON.stringify(figures)}\n`);
