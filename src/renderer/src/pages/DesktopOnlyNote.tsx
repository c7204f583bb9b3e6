import type { ProviderDTO } from '../../../shared/dto';

export const desktopOnlyNoteId = (provider: ProviderDTO) => `desktop-only-${provider.id}`;

/** Why a bank cannot be linked in browser mode: it sends the browser back to com.mybucks.app:, which only the desktop app receives. */
export function DesktopOnlyNote({ provider }: { provider: ProviderDTO }) {
  return (
    <p className="bank-note" id={desktopOnlyNoteId(provider)}>
      Only the MyBucks desktop app can link {provider.name}: after you sign in, {provider.name} sends your browser back to the
      app's own address (com.mybucks.app:), which a browser page cannot receive. Open MyBucks as a desktop app to link it.
    </p>
  );
}
