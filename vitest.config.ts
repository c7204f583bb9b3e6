import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const fakeElectron = fileURLToPath(new URL('./test/fakes/electron.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: { electron: fakeElectron } },
        test: {
          name: 'shell',
          include: ['test/shell/**/*.test.ts'],
          environment: 'node',
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        plugins: [react()],
        test: { name: 'renderer', include: ['test/renderer/**/*.test.tsx'], environment: 'happy-dom' },
      },
      {
        test: {
          name: 'e2e',
          // After the other projects: a browser, the app and the bank share two cores with nobody else.
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
