import type { MyBucksApi } from '../../../shared/contract';
import { createHttpClient, takeBridgeSecret } from './http-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    mybucks?: MyBucksApi;
  }
}

let cached: MyBucksApi | null = null;

/** The contract: the Electron preload's `window.mybucks`, or the HTTP bridge in browser mode. */
export function getApi(): MyBucksApi {
  if (!cached) cached = window.mybucks ?? createHttpClient({ secret: takeBridgeSecret() });
  return cached;
}
