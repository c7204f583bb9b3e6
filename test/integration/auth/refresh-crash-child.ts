/**
 * The app core in a child process, for refresh-crash.test.ts: it makes one resource call that needs a
 * refresh, tells the parent as soon as the bank's token endpoint has answered — before the rotated
 * refresh token is written to the vault — and then waits to be killed.
 */
import { createCore, movableClock, type CoreDirs } from './harness';

const { origin, dirs, connectionId, url } = JSON.parse(process.argv[2]) as { origin: string; dirs: CoreDirs; connectionId: string; url: string };
const clock = movableClock();
clock.advance(10 * 60_000); // nothing is in memory anyway; this makes any access token look stale
const core = createCore(origin, dirs, {
  clock,
  hooks: {
    afterRefreshResponse: async () => {
      process.send?.('token-endpoint-answered');
      await new Promise(() => {}); // the parent kills us here with SIGKILL
    },
  },
});
await core.tokens.fetchResource(connectionId, url);
process.send?.('finished-without-crash');
