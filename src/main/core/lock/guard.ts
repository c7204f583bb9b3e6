/** While the app is locked, every call but the lock's own (and the app info the window starts with) is refused. */
import { apiMethods, type ApiMethod, type AppEvent, type MyBucksService } from '../../../shared/contract';
import { LockError, type AppLock } from './app-lock';

const OPEN_WHILE_LOCKED: ReadonlySet<ApiMethod> = new Set(['getAppInfo', 'getLockStatus', 'unlock', 'unlockWithTouchId', 'lockNow']);

export function guardedByLock(service: MyBucksService, lock: AppLock): MyBucksService {
  const guarded: Record<string, unknown> = { ...service };
  for (const method of apiMethods) {
    if (OPEN_WHILE_LOCKED.has(method)) continue;
    const call = service[method] as (input: unknown) => Promise<unknown>;
    guarded[method] = (input: unknown) =>
      lock.isLocked() ? Promise.reject(new LockError('MyBucks is locked. Enter your passcode to see your figures.')) : call.call(service, input);
  }
  return guarded as MyBucksService;
}

/** Whether a window may see `event` now: while locked only the lock's own (sync progress names accounts, notifications name banks). */
export function windowMaySee(event: AppEvent, lock: AppLock): boolean {
  return event.type === 'lock-changed' || !lock.isLocked();
}
