/**
 * Binds the contract to Electron IPC: one `ipcMain.handle('mybucks:<method>')` per contract method, the
 * sender checked (main frame of our own origin, VS Code's `validatedIpcMain` rule), the argument parsed
 * with the contract's schema, and the outcome returned as an envelope so the error code survives the
 * trip (Electron keeps only the message of a thrown error). Written against structural types so it is
 * tested without Electron.
 */
import { EVENT_CHANNEL, IPC_PREFIX, apiMethods, apiSchemas } from '../shared/contract';
import type { ApiErrorBody, AppEvent, MyBucksService } from '../shared/contract';
import { invalidInput, toApiErrorBody } from './api-errors';
import { originOf } from './app-origin';

export interface IpcSenderFrame {
  readonly url: string;
  readonly parent: unknown;
}
export interface IpcInvokeEvent {
  readonly senderFrame: IpcSenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<IpcEnvelope>): void;
  removeHandler(channel: string): void;
}

/** What every `mybucks:<method>` handler resolves with; the preload unwraps it. */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

export type TrustedSenderCheck = (frame: IpcSenderFrame | null) => boolean;

/** Trusts only a main frame (no parent) whose URL's origin is one of `origins`. */
export function trustedSenderCheck(origins: readonly string[]): TrustedSenderCheck {
  const allowed = new Set(origins);
  return (frame) => {
    if (!frame || frame.parent !== null) return false;
    const origin = originOf(frame.url);
    return origin !== null && allowed.has(origin);
  };
}

export interface IpcLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Registers every contract method; returns a function that removes the handlers again. */
export function registerIpc(
  ipcMain: IpcMainLike,
  service: MyBucksService,
  isTrustedSender: TrustedSenderCheck,
  log?: IpcLogger,
): () => void {
  for (const method of apiMethods) {
    const schema = apiSchemas[method];
    const call = service[method] as (input: unknown) => Promise<unknown>;
    ipcMain.handle(IPC_PREFIX + method, async (event, ...args) => {
      if (!isTrustedSender(event.senderFrame)) {
        log?.warn('ipc call from an untrusted frame refused', { method, url: event.senderFrame?.url ?? null });
        // A foreign frame gets a bare refusal, not an API answer.
        throw new Error('Refused: calls are only accepted from the MyBucks window.');
      }
      if (args.length > 1) return { ok: false, error: { code: 'invalid_input', message: 'Expected at most one argument.' } };
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
      try {
        return { ok: true, result: await call.call(service, parsed.data) };
      } catch (error) {
        const body = toApiErrorBody(error);
        if (body.code === 'internal') log?.error('ipc call failed', { method, error: String(error) });
        return { ok: false, error: body };
      }
    });
  }
  return () => {
    for (const method of apiMethods) ipcMain.removeHandler(IPC_PREFIX + method);
  };
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: AppEvent): void;
}

/** Sends every app event to every live window on `EVENT_CHANNEL`. */
export function fanOutEvents(
  subscribe: (listener: (event: AppEvent) => void) => () => void,
  targets: () => Iterable<EventTarget>,
): () => void {
  return subscribe((event) => {
    for (const target of targets()) if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}
