import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { ApiError } from '../../src/renderer/src/api/errors';
import { ImportPage } from '../../src/renderer/src/pages/import/ImportPage';
import { ImportDropZone } from '../../src/renderer/src/pages/import/ImportDropZone';
import { dropFile, takeDroppedFile } from '../../src/renderer/src/pages/import/upload';
import type { ImportPreviewDTO, ImportResultDTO } from '../../src/shared/dto';
import { account, createFakeApi, importBatch, importCsv, importPreview } from './fake-api';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '#/import';
});

const cash = account({ id: 'manual-1', connectionId: 'manual', providerId: 'manual', providerName: 'Manual accounts', name: 'Cash', manual: true, currency: 'GBP', mask: null });
const everyday = account({ id: 'acc-1', name: 'Everyday', currency: 'GBP' });

function renderPage(api: ReturnType<typeof createFakeApi>) {
  api.listAccounts.mockResolvedValue([everyday, cash]);
  return render(
    <ApiProvider api={api}>
      <ImportPage />
    </ApiProvider>,
  );
}

const csvFile = () => new File(['Date,Details,Amount\n03/11/2026,TESCO,-23.40\n'], 'march.csv', { type: 'text/csv' });

async function chooseAndRead(api: ReturnType<typeof createFakeApi>) {
  renderPage(api);
  const input = await screen.findByLabelText('Statement file');
  fireEvent.change(input, { target: { files: [csvFile()] } });
  await screen.findByText('march.csv');
  // the first manual account is offered first
  await waitFor(() => expect((screen.getByLabelText('Into') as HTMLSelectElement).value).toBe('manual-1'));
  fireEvent.click(screen.getByRole('button', { name: 'Read the file' }));
}

describe('Import page', () => {
  it('uploads the chosen file, asks for the CSV columns, previews, imports the ambiguous row chosen and says what happened', async () => {
    const api = createFakeApi();
    api.importPreview.mockResolvedValueOnce(importPreview({ needsMapping: true, csv: importCsv(), counts: { total: 0, new: 0, duplicate: 0, ambiguous: 0 }, newRows: [], duplicates: [], ambiguous: [] }));
    await chooseAndRead(api);

    await screen.findByRole('heading', { name: 'Which column is what in march.csv?' });
    const bytes = await csvFile().arrayBuffer();
    expect(api.importUpload).toHaveBeenCalledWith({ uploadId: undefined, fileName: 'march.csv', totalBytes: bytes.byteLength, offset: 0, chunkBase64: Buffer.from(bytes).toString('base64') });
    expect(api.importPreview).toHaveBeenLastCalledWith({ source: { uploadId: 'up-1' }, target: { accountId: 'manual-1' }, csvMapping: undefined, dateOrder: undefined });
    // the sample rows under their columns, with the guessed roles
    const sample = screen.getByRole('table');
    expect(within(sample).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['DateDate', 'DetailsDescription', 'AmountAmount', 'Balance']);
    fireEvent.change(screen.getByLabelText('Payee (optional)'), { target: { value: '3' } });
    fireEvent.click(screen.getByLabelText(/Comma/));
    fireEvent.click(screen.getByRole('button', { name: 'Preview the import' }));

    await screen.findByText(/4 rows in the file/);
    expect(api.importPreview).toHaveBeenLastCalledWith(
      expect.objectContaining({
        source: { uploadId: 'up-1' },
        csvMapping: { date: 0, description: 1, amount: 2, payee: 3, debit: undefined, credit: undefined, dateFormat: 'DD/MM/YYYY', decimalSeparator: ',', thousandsSeparator: undefined, defaultCurrency: 'GBP' },
      }),
    );
    expect(api.importUpload).toHaveBeenCalledTimes(1);

    // the ambiguous tab opens first; arrow keys move between tabs
    const toDecide = screen.getByRole('tab', { name: 'To decide (1)' });
    expect(toDecide.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText(/from the bank/)).toBeTruthy();
    fireEvent.keyDown(toDecide, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Already in MyBucks (1)' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Already in MyBucks (1)' }), { key: 'End' });
    expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Import it'));
    fireEvent.click(screen.getByRole('button', { name: 'Import 3 transactions' }));

    await screen.findByRole('heading', { name: 'Imported' });
    expect(api.importCommit).toHaveBeenCalledWith({ previewId: 'p-1', decisions: [{ index: 3, action: 'import' }] });
    expect(screen.getByRole('status').textContent).toBe('Added 2 transactions from march.csv (CSV) to “Cash”; 1 row already in MyBucks was left out.');
    expect(screen.getByRole('link', { name: 'Open Cash' }).getAttribute('href')).toBe('#/account/manual-1');
  });

  it('a CSV read with the columns confirmed last time can go back to its columns from the preview', async () => {
    const api = createFakeApi();
    await chooseAndRead(api);
    await screen.findByText(/4 rows in the file/);
    expect(api.importPreview).toHaveBeenLastCalledWith(expect.objectContaining({ csvMapping: undefined }));
    fireEvent.click(screen.getByRole('button', { name: 'Change the columns' }));
    await screen.findByRole('heading', { name: 'Which column is what in march.csv?' });
    expect(screen.getByText(/these are the ones you confirmed for this account last time/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Date format'), { target: { value: 'MM/DD/YYYY' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the import' }));
    await waitFor(() => expect(api.importPreview).toHaveBeenLastCalledWith(expect.objectContaining({ csvMapping: expect.objectContaining({ dateFormat: 'MM/DD/YYYY', amount: 2 }) })));
    expect(api.importUpload).toHaveBeenCalledTimes(1);
  });

  it('a file holding several statements: another one is read on request', async () => {
    const api = createFakeApi();
    const accounts = [
      { accountId: '41123456', name: null, currency: 'GBP' },
      { accountId: '7654321', name: null, currency: 'JPY' },
    ];
    api.importPreview.mockResolvedValue(importPreview({ csv: null, format: 'ofx', statements: { accounts, chosen: 0 } }));
    await chooseAndRead(api);
    const select = await screen.findByLabelText(/This file holds 2 statements/);
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['account 41123456 · GBP', 'account 7654321 · JPY']);
    fireEvent.change(select, { target: { value: '1' } });
    await waitFor(() => expect(api.importPreview).toHaveBeenLastCalledWith(expect.objectContaining({ statement: 1, source: { uploadId: 'up-1' } })));
  });

  it('shows how far reading, checking for duplicates and writing are, from the main process\'s reports', async () => {
    const api = createFakeApi();
    let answer: (p: ImportPreviewDTO) => void = () => {};
    api.importPreview.mockReturnValueOnce(new Promise<ImportPreviewDTO>((resolve) => (answer = resolve)));
    await chooseAndRead(api);
    await waitFor(() => expect(api.importPreview).toHaveBeenCalled());
    // every byte sent, nothing reported yet: an indeterminate bar
    expect(screen.getByRole('progressbar').getAttribute('value')).toBeNull();
    const report = (id: string, phase: 'read' | 'check' | 'write', done: number, total: number) => act(() => api.emit({ type: 'import-progress', id, phase, done, total }));
    report('up-1', 'read', 2_097_152, 4_194_304);
    expect(screen.getByText(/Reading march\.csv: 2(\.0)? MB of 4(\.0)? MB…/)).toBeTruthy();
    report('up-1', 'check', 40_000, 100_000);
    expect(screen.getByText('Checking 40,000 of 100,000 rows for duplicates…')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('40000');
    expect(screen.getByRole('progressbar').getAttribute('max')).toBe('100000');
    // another import's reports are not this one's
    report('up-2', 'check', 90_000, 100_000);
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('40000');
    answer(importPreview({ ambiguous: [], counts: { total: 4, new: 3, duplicate: 1, ambiguous: 0 } }));
    await screen.findByText(/4 rows in the file/);
    expect(screen.queryByRole('progressbar')).toBeNull();

    let written: (r: ImportResultDTO) => void = () => {};
    api.importCommit.mockReturnValueOnce(new Promise<ImportResultDTO>((resolve) => (written = resolve)));
    fireEvent.click(screen.getByRole('button', { name: 'Import 3 transactions' }));
    await waitFor(() => expect(api.importCommit).toHaveBeenCalled());
    report('p-1', 'write', 2_000, 3);
    report('p-1', 'write', 3, 3);
    expect(screen.getByText('Writing 3 of 3 rows…')).toBeTruthy();
    written({ importId: '1', accountId: 'manual-1', accountName: 'Cash', added: 3, duplicates: 1, skipped: 0, message: 'Added 3 transactions.' });
    await screen.findByRole('heading', { name: 'Imported' });
  });

  it('shows why a file could not be read and stays on the first step', async () => {
    const api = createFakeApi();
    api.importPreview.mockRejectedValueOnce(new ApiError({ code: 'invalid_input', message: 'MyBucks could not import march.csv (line 7): “31/02/2026” is not a date. Nothing was imported.' }));
    await chooseAndRead(api);
    expect((await screen.findByRole('alert')).textContent).toBe('MyBucks could not import march.csv (line 7): “31/02/2026” is not a date. Nothing was imported.');
    expect(screen.getByRole('button', { name: 'Read the file' })).toBeTruthy();
  });

  it('a mapping without any amount column is not sent', async () => {
    const api = createFakeApi();
    api.importPreview.mockResolvedValueOnce(importPreview({ needsMapping: true, csv: importCsv({ mapping: { date: 0, description: 1, dateFormat: 'DD/MM/YYYY', decimalSeparator: '.', defaultCurrency: 'GBP', debit: 2 } }) }));
    await chooseAndRead(api);
    await screen.findByRole('heading', { name: 'Which column is what in march.csv?' });
    fireEvent.change(screen.getByLabelText('Money out (optional)'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the import' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose the column with the amount, or the columns with money out and money in.');
    expect(api.importPreview).toHaveBeenCalledTimes(1);
  });

  it('imports into a new manual account with the name, group and currency given', async () => {
    const api = createFakeApi();
    renderPage(api);
    fireEvent.change(await screen.findByLabelText('Statement file'), { target: { files: [csvFile()] } });
    await waitFor(() => expect((screen.getByLabelText('Into') as HTMLSelectElement).value).toBe('manual-1'));
    fireEvent.change(screen.getByLabelText('Into'), { target: { value: 'new' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Old card' } });
    fireEvent.change(screen.getByLabelText('Group'), { target: { value: 'credit' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'EUR' } });
    fireEvent.click(screen.getByRole('button', { name: 'Read the file' }));
    await waitFor(() =>
      expect(api.importPreview).toHaveBeenCalledWith(expect.objectContaining({ target: { newAccount: { name: 'Old card', group: 'credit', currency: 'EUR' } } })),
    );
  });

  it('takes a file dropped on the window', async () => {
    const api = createFakeApi();
    dropFile(new File(['x'], 'dropped.ofx'));
    renderPage(api);
    expect(await screen.findByText('dropped.ofx')).toBeTruthy();
  });

  it('a file dragged over any page shows where to drop it; dropped, it opens the import page with the file', async () => {
    window.location.hash = '#/dashboard';
    render(<ImportDropZone />);
    const file = new File(['x'], 'statement.qif');
    const dragEvent = (type: string) => Object.assign(new Event(type, { cancelable: true }), { dataTransfer: { types: ['Files'], files: [file] } });
    fireEvent(window, dragEvent('dragenter'));
    expect(await screen.findByText('Drop the statement file to import it')).toBeTruthy();
    const drop = dragEvent('drop');
    fireEvent(window, drop);
    expect(drop.defaultPrevented).toBe(true);
    await waitFor(() => expect(window.location.hash).toBe('#/import'));
    expect(screen.queryByText('Drop the statement file to import it')).toBeNull();
    expect(takeDroppedFile()).toBe(file);
  });

  it('lists past imports and removes one after asking', async () => {
    const api = createFakeApi();
    api.listImports.mockResolvedValue([importBatch({ id: '9', fileName: 'feb.ofx', format: 'ofx', added: 12 }), importBatch({ id: '8', undoneAt: '2026-11-20T10:00:00.000Z' })]);
    renderPage(api);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1].textContent)).toEqual(['feb.ofx (OFX)', 'march.csv (CSV)']);
    expect(within(table).getByText(/^Removed/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove the import of feb.ofx' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove the import of feb.ofx?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove this import' }));
    await waitFor(() => expect(api.undoImport).toHaveBeenCalledWith({ importId: '9' }));
    expect((await screen.findByText(/Removed the import of feb.ofx/)).textContent).toBe('Removed the import of feb.ofx: its 12 transactions are gone from Cash.');
  });
});
