/** Touch ID for the app lock (macOS with a sensor); elsewhere it is not offered. */
import { systemPreferences } from 'electron';
import type { BiometricPrompt } from '../../core/lock/app-lock';

export class TouchIdPrompt implements BiometricPrompt {
  available(): boolean {
    return process.platform === 'darwin' && systemPreferences.canPromptTouchID();
  }

  async prompt(reason: string): Promise<boolean> {
    try {
      await systemPreferences.promptTouchID(reason);
      return true;
    } catch {
      return false;
    }
  }
}
