import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { ApiError } from '../../src/renderer/src/api/errors';
import { CurrencySettings } from '../../src/renderer/src/pages/CurrencySettings';
import { Settings } from '../../src/renderer/src/pages/Settings';
import { Welcome } from '../../src/renderer/src/pages/Welcome';
import { createFakeApi, currencySettings } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function renderCurrency(api: ReturnType<typeof createFakeApi>) {
  return render(
    <ApiProvider api={api}>
      <CurrencySettings />
    </ApiProvider>,
  );
}

describe('Settings → Currency', () => {
  it('is part of the Settings page', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <Settings theme="system" onTheme={() => {}} />
      </ApiProvider>,
    );
    const section = await screen.findByRole('region', { name: 'Currency' });
    expect(within(section).getByRole('combobox', { name: 'Home currency' })).toBeTruthy();
  });

  it('shows the home currency and where the rates come from, and changes the home currency', async () => {
    const api = createFakeApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'GBP', currenciesInUse: ['GBP', 'USD'] }));
    renderCurrency(api);
    const select = (await screen.findByRole('combobox', { name: 'Home currency' })) as HTMLSelectElement;
    expect(select.value).toBe('GBP');
    expect(screen.getByText('ECB euro reference rates')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(select, { target: { value: 'EUR' } });
    await waitFor(() => expect(api.setHomeCurrency).toHaveBeenCalledWith({ currency: 'EUR' }));
    expect((await screen.findByRole('status')).textContent).toBe('Home currency saved: totals and net worth are now shown in EUR.');
    expect(select.value).toBe('EUR');
  });

  it('shows why rates could not be updated, and Update rates fetches them', async () => {
    const api = createFakeApi();
    const problem = 'Could not update exchange rates from www.ecb.europa.eu (fetch failed). Using the last rates, from 27 Nov 2026. MyBucks tries again tomorrow, or choose Update rates.';
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'GBP', rates: { asOf: '2026-11-27', source: 'ecb', fetchedAt: '2026-11-27T16:30:00.000Z', problem } }));
    renderCurrency(api);
    expect((await screen.findByRole('alert')).textContent).toBe(problem);
    fireEvent.click(screen.getByRole('button', { name: 'Update rates' }));
    await waitFor(() => expect(api.refreshRates).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByRole('status').textContent).toMatch(/^Exchange rates updated: rates from .*2026\.$/);
  });

  it('explains a failed update in an alert', async () => {
    const api = createFakeApi();
    api.refreshRates.mockRejectedValue(new ApiError({ code: 'internal', message: 'Something went wrong inside MyBucks.' }));
    renderCurrency(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Update rates' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not update the exchange rates: Something went wrong inside MyBucks.');
  });

  it('adds a manual rate (1 USD in the home currency, from a day) and deletes it', async () => {
    const api = createFakeApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'GBP', currenciesInUse: ['GBP', 'USD'] }));
    renderCurrency(api);
    const form = await screen.findByRole('form', { name: 'Add a manual rate' });
    expect((within(form).getByRole('combobox', { name: 'Currency' }) as HTMLSelectElement).value).toBe('USD');
    const rate = within(form).getByRole('textbox', { name: 'Value of 1 USD in GBP' });
    const add = within(form).getByRole('button', { name: 'Add rate' }) as HTMLButtonElement;
    fireEvent.change(rate, { target: { value: 'abc' } });
    expect(within(form).getByRole('alert').textContent).toBe('Enter the rate as a number above 0, like 0.79.');
    expect(add.disabled).toBe(true);
    fireEvent.change(rate, { target: { value: '0.79' } });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.click(add);
    await waitFor(() => expect(api.setManualRate).toHaveBeenCalledWith({ currency: 'USD', homePerUnit: 0.79, day: '2026-11-01' }));
    const table = await screen.findByRole('table', { name: 'Manual exchange rates' });
    expect(within(table).getAllByRole('row')[1].textContent).toContain('1 USD = 0.79 GBP');
    fireEvent.click(within(table).getByRole('button', { name: /^Delete the USD rate from / }));
    await waitFor(() => expect(api.deleteManualRate).toHaveBeenCalledWith({ currency: 'USD', day: '2026-11-01' }));
    await waitFor(() => expect(screen.queryByRole('table')).toBeNull());
  });

  it('says why a manual rate was refused', async () => {
    const api = createFakeApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ homeCurrency: 'GBP', currenciesInUse: ['GBP', 'USD'] }));
    api.setManualRate.mockRejectedValue(new ApiError({ code: 'invalid_input', message: '2027-01-05 is in the future. Choose today or an earlier day for the rate to start.' }));
    renderCurrency(api);
    const form = await screen.findByRole('form', { name: 'Add a manual rate' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Value of 1 USD in GBP' }), { target: { value: '0.8' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add rate' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'Could not save the USD rate: 2027-01-05 is in the future. Choose today or an earlier day for the rate to start.',
    );
  });
});

describe('Welcome: the first-run choice of home currency', () => {
  function renderWelcome(api: ReturnType<typeof createFakeApi>) {
    return render(
      <ApiProvider api={api}>
        <Welcome />
      </ApiProvider>,
    );
  }

  it('defaults to GBP with no accounts, and saves the default on going on to link a bank', async () => {
    const api = createFakeApi();
    renderWelcome(api);
    const select = (await screen.findByRole('combobox', { name: 'Your home currency' })) as HTMLSelectElement;
    await waitFor(() => expect(select.disabled).toBe(false));
    expect(select.value).toBe('GBP');
    fireEvent.click(screen.getByRole('button', { name: 'Link your first bank' }));
    await waitFor(() => expect(api.setHomeCurrency).toHaveBeenCalledWith({ currency: 'GBP' }));
    await waitFor(() => expect(window.location.hash).toBe('#/link'));
  });

  it('defaults to the currency most accounts use, and saves a different choice at once', async () => {
    const api = createFakeApi();
    api.getCurrencySettings.mockResolvedValue(currencySettings({ currenciesInUse: ['USD', 'GBP'] }));
    renderWelcome(api);
    const select = (await screen.findByRole('combobox', { name: 'Your home currency' })) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('USD'));
    fireEvent.change(select, { target: { value: 'EUR' } });
    await waitFor(() => expect(api.setHomeCurrency).toHaveBeenCalledWith({ currency: 'EUR' }));
    expect((await screen.findByRole('status')).textContent).toBe('Home currency: EUR.');
    fireEvent.click(screen.getByRole('button', { name: 'Link your first bank' }));
    await waitFor(() => expect(window.location.hash).toBe('#/link'));
    expect(api.setHomeCurrency).toHaveBeenCalledTimes(1);
  });

  it('stays and explains when the choice cannot be saved', async () => {
    const api = createFakeApi();
    api.setHomeCurrency.mockRejectedValue(new ApiError({ code: 'internal', message: 'Something went wrong inside MyBucks.' }));
    renderWelcome(api);
    const select = (await screen.findByRole('combobox', { name: 'Your home currency' })) as HTMLSelectElement;
    await waitFor(() => expect(select.disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Link your first bank' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not save GBP as your home currency: Something went wrong inside MyBucks. Try again, or choose it later in Settings → Currency.',
    );
    expect(window.location.hash).not.toBe('#/link');
  });
});
