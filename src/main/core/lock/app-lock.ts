/**
 * The app lock (off by default): a passcode kept only as a slow hash — scrypt with a random salt, compared
 * in constant time — asked before figures are shown when MyBucks starts and after the window was idle for
 * the chosen minutes (the window reports that), or Touch ID on macOS where the shell offers it. While
 * locked every call but the lock's own is refused in the main process, whatever the window does.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { LockStatusDTO } from '../../../shared/dto';
import type { SettingsStore } from '../ports';

const KEY = 'lock';
const KEY_LENGTH = 64;
/** scrypt cost: about 0.1 s and 32 MiB per try on a laptop, which is what makes guessing slow. */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const MAX_FAILURES = 5;
const PAUSE_MS = 30_000;
export const MIN_PASSCODE_LENGTH = 4;

interface StoredLock {
  idleMinutes: number;
  salt: string;
  hash: string;
  cost: { N: number; r: number; p: number };
}

/** Asks the OS for the user's fingerprint (macOS Touch ID); resolves false when refused or unavailable. */
export interface BiometricPrompt {
  available(): boolean;
  prompt(reason: string): Promise<boolean>;
}

export class LockError extends Error {
  readonly code = 'locked';
}

function derive(passcode: string, salt: Buffer, cost: StoredLock['cost']): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: COST.maxmem };
  return new Promise((resolve, reject) => scrypt(passcode.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export function createAppLock(deps: { settings: SettingsStore; biometric?: BiometricPrompt | null; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const stored = () => deps.settings.get<StoredLock>(KEY) ?? null;
  let locked = stored() !== null;
  let failures = 0;
  let pausedUntil = 0;

  function status(): LockStatusDTO {
    const lock = stored();
    return { enabled: lock !== null, locked: lock !== null && locked, idleMinutes: lock?.idleMinutes ?? null, touchId: deps.biometric?.available() ?? false };
  }

  async function matches(passcode: string): Promise<boolean> {
    const lock = stored();
    if (!lock) return true;
    if (now() < pausedUntil) {
      throw new LockError(`Too many wrong passcodes. Wait ${Math.ceil((pausedUntil - now()) / 1000)} seconds, then try again.`);
    }
    const expected = Buffer.from(lock.hash, 'base64');
    const actual = await derive(passcode, Buffer.from(lock.salt, 'base64'), lock.cost);
    const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
    failures = ok ? 0 : failures + 1;
    if (failures >= MAX_FAILURES) {
      failures = 0;
      pausedUntil = now() + PAUSE_MS;
    }
    return ok;
  }

  return {
    status,
    isLocked: () => status().locked,

    /** Turns the lock on, or changes its passcode or idle time (then the current passcode is needed). */
    async configure(input: { passcode: string; idleMinutes: number; currentPasscode?: string }): Promise<LockStatusDTO> {
      if (stored() && !(await matches(input.currentPasscode ?? ''))) throw new LockError('The current passcode is not right, so the lock was not changed.');
      if (input.passcode.length < MIN_PASSCODE_LENGTH) throw new LockError(`Choose a passcode of at least ${MIN_PASSCODE_LENGTH} characters.`);
      const salt = randomBytes(16);
      const cost = { N: COST.N, r: COST.r, p: COST.p };
      const hash = await derive(input.passcode, salt, cost);
      deps.settings.set(KEY, { idleMinutes: input.idleMinutes, salt: salt.toString('base64'), hash: hash.toString('base64'), cost } satisfies StoredLock);
      locked = false;
      return status();
    },

    async disable(passcode: string): Promise<LockStatusDTO> {
      if (!(await matches(passcode))) throw new LockError('That passcode is not right, so the lock stays on.');
      deps.settings.delete(KEY);
      locked = false;
      return status();
    },

    lockNow(): LockStatusDTO {
      if (stored()) locked = true;
      return status();
    },

    async unlock(passcode: string): Promise<LockStatusDTO> {
      if (!(await matches(passcode))) throw new LockError('That passcode is not right. Try again.');
      locked = false;
      return status();
    },

    async unlockWithTouchId(): Promise<LockStatusDTO> {
      if (!deps.biometric?.available()) throw new LockError('Touch ID is not available on this computer. Enter your passcode instead.');
      if (!(await deps.biometric.prompt('unlock MyBucks'))) throw new LockError('Touch ID did not confirm it is you. Try again, or enter your passcode.');
      locked = false;
      return status();
    },
  };
}
export type AppLock = ReturnType<typeof createAppLock>;
