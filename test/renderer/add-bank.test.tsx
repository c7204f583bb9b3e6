import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { LinkPage } from '../../src/renderer/src/pages/LinkPage';
import { createFakeApi, provider, providerCheck, providers } from './fake-api';

afterEach(cleanup);

const ISSUER = 'https://acme.example/';
const API_BASE = 'https://acme.example/open-banking/v4.0/aisp';
const acme = provider({ id: 'custom-1', name: 'Acme Bank', issuer: ISSUER, logoText: 'AB', custom: true });

async function renderLink(api: ReturnType<typeof createFakeApi>) {
  render(
    <ApiProvider api={api}>
      <LinkPage onLinked={() => {}} />
    </ApiProvider>,
  );
  await screen.findByRole('button', { name: 'Link Memorial Bank' });
}

function typeInto(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function checkIssuer(issuer = ISSUER) {
  typeInto('Issuer URL', issuer);
  fireEvent.click(screen.getByRole('button', { name: 'Check' }));
  return screen.findByRole('region', { name: 'Check result' });
}

/** The answer next to a term in the check result. */
function found(result: HTMLElement, term: string): string | null | undefined {
  return within(result).getByText(term).nextElementSibling?.textContent;
}

const advanced = () => screen.getByText('Advanced: details your bank gave you').parentElement as HTMLDetailsElement;

describe('adding a bank by its address', () => {
  it('checks the address and shows what the bank supports, its problems and the API address MyBucks will use', async () => {
    const api = createFakeApi();
    api.checkProvider.mockResolvedValue(
      providerCheck({
        supports: { pkceS256: true, par: 'required', dpop: false, iss: false, registration: true, revocation: false },
        problems: ['acme.example does not say which server answered a sign-in, so MyBucks cannot detect a mix-up with another bank.'],
      }),
    );
    await renderLink(api);
    const result = await checkIssuer();

    expect(api.checkProvider).toHaveBeenCalledWith({ issuer: ISSUER });
    expect(within(result).getByRole('heading').textContent).toBe(`What MyBucks found at ${ISSUER}`);
    expect(found(result, 'Sign-in protection (PKCE S256)')).toBe('Yes');
    expect(found(result, 'Pushed authorization requests')).toBe('Required');
    expect(found(result, 'DPoP-bound tokens')).toBe('No');
    expect(found(result, 'Issuer identification in responses')).toBe('No');
    expect(found(result, 'MyBucks can register itself')).toBe('Yes');
    expect(found(result, 'Revocation when you disconnect')).toBe('No');
    expect(found(result, 'API address MyBucks will use')).toBe(API_BASE);
    const warnings = within(result).getByRole('list', { name: 'Warnings' });
    expect(within(warnings).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'acme.example does not say which server answered a sign-in, so MyBucks cannot detect a mix-up with another bank.',
    ]);
    expect((screen.getByLabelText('API base URL') as HTMLInputElement).value).toBe(API_BASE);
    expect(advanced().open).toBe(false);
    expect(screen.queryByRole('button', { name: 'Check' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Add bank' })).toBeTruthy();
  });

  it('needs a client ID from the bank when the bank does not let MyBucks register itself', async () => {
    const api = createFakeApi();
    api.checkProvider.mockResolvedValue(providerCheck({ supports: { ...providerCheck().supports, registration: false } }));
    api.addProvider.mockResolvedValue(acme);
    await renderLink(api);
    await checkIssuer();

    expect(advanced().open).toBe(true);
    const clientId = screen.getByLabelText('Client ID') as HTMLInputElement;
    const note = document.getElementById(clientId.getAttribute('aria-describedby')!.split(' ').pop()!);
    expect(note?.textContent).toContain('acme.example does not let MyBucks register itself, so it needs a client ID');
    expect(note?.textContent).toContain('developer portal');
    expect((screen.getByLabelText('Client secret (optional)') as HTMLInputElement).disabled).toBe(true);

    advanced().open = false;
    fireEvent(advanced(), new Event('toggle'));
    expect(advanced().open).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Add bank' }));
    expect(api.addProvider).not.toHaveBeenCalled();
    expect(advanced().open).toBe(true);
    expect(document.activeElement).toBe(clientId);

    typeInto('Client ID', 'mybucks-desktop');
    typeInto('Client secret (optional)', 's3cret');
    expect(screen.queryByText(/needs a client ID/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add bank' }));
    await waitFor(() =>
      expect(api.addProvider).toHaveBeenCalledWith({ issuer: ISSUER, clientId: 'mybucks-desktop', clientSecret: 's3cret', apiBase: API_BASE }),
    );
  });

  it('adds the bank, starts linking it at once, and lists it afterwards', async () => {
    const api = createFakeApi();
    api.addProvider.mockResolvedValue(acme);
    await renderLink(api);
    await checkIssuer();
    typeInto('Display name (optional)', ' Acme Bank ');
    typeInto('Client secret (optional)', 'ignored without a client ID');
    api.listProviders.mockResolvedValue([...providers, acme]);
    fireEvent.click(screen.getByRole('button', { name: 'Add bank' }));

    expect(await screen.findByRole('heading', { name: 'Continue in your browser…' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Link Acme Bank' })).toBeTruthy();
    expect(api.addProvider.mock.calls[0][0]).toStrictEqual({ issuer: ISSUER, displayName: 'Acme Bank', apiBase: API_BASE });
    expect(api.startLink).toHaveBeenCalledWith({ providerId: 'custom-1', reauthorizeConnectionId: undefined });

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('button', { name: 'Link Acme Bank' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove Acme Bank' })).toBeTruthy();
  });

  it("shows why the check failed in the main process's own words", async () => {
    const api = createFakeApi();
    api.checkProvider.mockRejectedValue(
      new Error(
        "Error invoking remote method 'mybucks:checkProvider': Error: Nothing at https://nope.example/ answers as a bank's sign-in server. Check the address with your bank and try again.",
      ),
    );
    await renderLink(api);
    typeInto('Issuer URL', 'https://nope.example/');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      "Nothing at https://nope.example/ answers as a bank's sign-in server. Check the address with your bank and try again.",
    );
    expect((screen.getByRole('button', { name: 'Check' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole('button', { name: 'Add bank' })).toBeNull();
  });

  it('shows why adding failed', async () => {
    const api = createFakeApi();
    api.addProvider.mockRejectedValue(new Error('acme.example refused to register MyBucks (invalid_redirect_uri). Ask the bank for a client ID.'));
    await renderLink(api);
    await checkIssuer();
    fireEvent.click(screen.getByRole('button', { name: 'Add bank' }));
    expect((await screen.findByRole('alert')).textContent).toBe('acme.example refused to register MyBucks (invalid_redirect_uri). Ask the bank for a client ID.');
    expect(api.startLink).not.toHaveBeenCalled();
  });

  it('asks for a new check when the address changes', async () => {
    const api = createFakeApi();
    await renderLink(api);
    await checkIssuer();
    typeInto('Issuer URL', 'https://other.example/');

    expect(screen.queryByRole('region', { name: 'Check result' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add bank' })).toBeNull();
    expect((screen.getByLabelText('API base URL') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.checkProvider).toHaveBeenLastCalledWith({ issuer: 'https://other.example/' }));
  });

  it('offers to link a bank that is already added instead of adding it twice', async () => {
    const api = createFakeApi();
    api.checkProvider.mockResolvedValue(providerCheck({ issuer: 'https://memorial.example/', existingProviderId: 'memorial' }));
    await renderLink(api);
    await checkIssuer('https://memorial.example/');

    expect(screen.getByRole('status').textContent).toContain('Memorial Bank is already one of your banks.');
    expect(screen.queryByRole('button', { name: 'Add bank' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Link Memorial Bank now' }));
    await waitFor(() => expect(api.startLink).toHaveBeenCalledWith({ providerId: 'memorial', reauthorizeConnectionId: undefined }));
    expect(api.addProvider).not.toHaveBeenCalled();
  });
});

describe('removing a bank added by its address', () => {
  it('removes it after confirming, and says why when a connection still uses it', async () => {
    const api = createFakeApi();
    api.listProviders.mockResolvedValue([...providers, acme]);
    api.removeProvider.mockRejectedValueOnce(new Error('Acme Bank is still linked. Disconnect it on the Connections page first, then remove it.'));
    await renderLink(api);
    expect(screen.queryByRole('button', { name: 'Remove Memorial Bank' })).toBeNull();

    fireEvent.click(await screen.findByRole('button', { name: 'Remove Acme Bank' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove Acme Bank?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Acme Bank was not removed: Acme Bank is still linked. Disconnect it on the Connections page first, then remove it.',
    );

    api.listProviders.mockResolvedValue(providers);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.removeProvider).toHaveBeenLastCalledWith({ providerId: 'custom-1' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Link Acme Bank' })).toBeNull());
  });
});
