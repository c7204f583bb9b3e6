/**
 * Run from inside an extracted app.asar (with --experimental-import-meta-resolve): loads each module the
 * main bundle beside it imports or requires, resolved from the bundle's own folder the way it would be
 * (`electron` resolved to the fake), and prints where each resolved, as JSON.
 * argv: <fake electron .cjs> <main bundle path> <import:spec | require:spec>...
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { registerFakeElectron } from './register-fake-electron.mjs';

const [fakePath, bundlePath, ...requests] = process.argv.slice(2);
registerFakeElectron(fakePath);
const requireFromBundle = createRequire(bundlePath);
const results = [];
for (const request of requests) {
  const [kind, specifier] = request.split(/:(.*)/s);
  try {
    if (kind === 'import') {
      const resolved = import.meta.resolve(specifier, pathToFileURL(bundlePath).href);
      await import(resolved);
      results.push({ request, resolved });
    } else {
      const resolved = requireFromBundle.resolve(specifier);
      requireFromBundle(specifier);
      results.push({ request, resolved: pathToFileURL(resolved).href });
    }
  } catch (error) {
    results.push({ request, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
