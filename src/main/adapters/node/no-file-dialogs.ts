/** FileDialogs for browser mode and tests: there is no native dialog, so every choice is null (the renderer asks for a typed path). */
import type { FileDialogs } from '../../core/ports';

export class NoFileDialogs implements FileDialogs {
  async chooseSaveFile(): Promise<string | null> {
    return null;
  }

  async chooseOpenFile(): Promise<string | null> {
    return null;
  }

  async chooseFolder(): Promise<string | null> {
    return null;
  }
}
