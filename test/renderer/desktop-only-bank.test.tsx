import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { LinkPage } from '../../src/renderer/src/pages/LinkPage';
import { createFakeApi, provider, providers } from './fake-api';

afterEach(cleanup);

const northwind = provider({ id: 'northwind-app', name: 'Northwind Bank', logoText: 'NB', desktopOnly: true });

async function renderLinkPage(mode: 'browser' | 'electron') {
  const api = createFakeApi();
  api.listProviders.mockResolvedValue([...providers, northwind]);
  const info = await api.getAppInfo();
  api.getAppInfo.mockResolvedValue({ ...info, mode });
  render(
    <ApiProvider api={api}>
      <LinkPage onLinked={() => {}} />
    </ApiProvider>,
  );
  return { api, tile: await screen.findByRole('button', { name: 'Link Northwind Bank' }) };
}

describe('a bank that redirects to com.mybucks.app:', () => {
  it('in browser mode says only the desktop app can link it, and cannot be started', async () => {
    const { tile } = await renderLinkPage('browser');
    await screen.findByText(/Only the MyBucks desktop app can link Northwind Bank/);
    expect((tile as HTMLButtonElement).disabled).toBe(true);
    const described = document.getElementById(tile.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toMatch(/a browser page cannot receive\. Open MyBucks as a desktop app to link it\./);
    expect((screen.getByRole('button', { name: 'Link Memorial Bank' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('in the desktop app is linked like any other bank', async () => {
    const { tile } = await renderLinkPage('electron');
    await screen.findByRole('button', { name: 'Link Memorial Bank' });
    expect((tile as HTMLButtonElement).disabled).toBe(false);
    expect(tile.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByText(/Only the MyBucks desktop app/)).toBeNull();
  });
});
