/**
 * Makes `electron` resolve to a built fake in plain Node: ESM imports through a module hook
 * (module.register), CommonJS requires (dependencies such as electron-updater) through the CJS resolver.
 * Both reach the same module instance. Returns the fake.
 */
import Module, { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

export function registerFakeElectron(fakePath) {
  register('./electron-loader-hooks.mjs', import.meta.url, { data: { fakeUrl: pathToFileURL(fakePath).href } });
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'electron' ? fakePath : resolveFilename.call(this, request, ...rest);
  };
  return createRequire(import.meta.url)(fakePath);
}
