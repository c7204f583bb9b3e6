/**
 * Entry of the Electron utility process that runs the bundled mock bank in packaged builds (bundled to
 * out/mock-bank/mock-bank.cjs, shipped as an extra resource). Arguments: port, persist file. It tells
 * the main process where it listens with `{ origin }`, or why it could not start with `{ error }`.
 */
import { startMockBank } from '../../mock-bank/src/server';

interface ParentPort {
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const [port, persistFile] = process.argv.slice(2);

startMockBank({ host: '127.0.0.1', port: Number(port ?? 0), persistFile: persistFile || undefined, quiet: true }).then(
  (bank) => parentPort?.postMessage({ origin: bank.origin }),
  (error: unknown) => {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
