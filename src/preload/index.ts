/**
 * The preload script (sandboxed, so it is bundled to CommonJS): exposes exactly the contract as
 * `window.mybucks` — one function per method plus `onEvent` — and nothing else (no ipcRenderer, no
 * generic invoke). A failed call rejects with a plain `ApiErrorBody` object, because contextBridge would
 * keep only the message of an Error.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, IPC_PREFIX, apiMethods } from '../shared/contract';
import type { ApiErrorBody, AppEvent, MyBucksApi } from '../shared/contract';

type Envelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

export function createPreloadApi(): MyBucksApi {
  const api: Record<string, unknown> = {};
  for (const method of apiMethods) {
    api[method] = async (input?: unknown) => {
      const envelope = (await ipcRenderer.invoke(IPC_PREFIX + method, input)) as Envelope;
      if (envelope.ok) return envelope.result;
      throw { code: envelope.error.code, message: envelope.error.message } satisfies ApiErrorBody;
    };
  }
  api.onEvent = (listener: (event: AppEvent) => void) => {
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  };
  return Object.freeze(api) as MyBucksApi;
}

contextBridge.exposeInMainWorld('mybucks', createPreloadApi());
