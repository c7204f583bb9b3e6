import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path'; import { tmpdir } from 'node:os';
import { openDatabase } from '../../src/main/core/db/database';
import { ImportPipeline } from '../../src/main/core/import/pipeline';
import { createManualAccount } from '../../src/main/core/reports/manage-accounts';
import { apiSchemas } from '../../src/shared/contract';
const fmt = process.argv[2]; const file = `/tmp/imp-prof/s.${fmt}`;
const dir = mkdtempSync(join(tmpdir(), 'imp-p-'));
const db = openDatabase(join(dir, 'a.sqlite'));
const account = createManualAccount(db, { name: 'I', group: 'cash', currency: 'GBP', balanceMinor: 0 });
const pipeline = new ImportPipeline(db, () => new Date());
const previewOf = (csvMapping?: unknown) => pipeline.preview(apiSchemas.importPreview.parse({ source: { path: file }, target: { accountId: account.id }, csvMapping }));
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  let p = await previewOf();
  const t1 = performance.now();
  if (p.needsMapping) p = await previewOf(p.csv!.mapping);
  const t2 = performance.now();
  console.log(fmt, 'mapping', (t1 - t0).toFixed(0), 'preview', (t2 - t1).toFixed(0));
}
db.close(); rmSync(dir, { recursive: true });
