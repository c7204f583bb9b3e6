import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { ApiError } from '../../src/renderer/src/api/errors';
import { LockGate } from '../../src/renderer/src/components/LockGate';
import { LockSettings } from '../../src/renderer/src/pages/LockSettings';
import { createFakeApi, lockStatus } from './fake-api';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderGate(api: ReturnType<typeof createFakeApi>) {
  render(
    <ApiProvider api={api}>
      <LockGate>
        <p>Net worth £12,345.67</p>
      </LockGate>
    </ApiProvider>,
  );
}

describe('the app lock in the window', () => {
  it('shows the figures when the lock is off', async () => {
    const api = createFakeApi();
    renderGate(api);
    expect(await screen.findByText('Net worth £12,345.67')).toBeTruthy();
  });

  it('asks for the passcode before showing figures, says when it is wrong, and unlocks', async () => {
    const api = createFakeApi();
    api.getLockStatus.mockResolvedValue(lockStatus({ enabled: true, locked: true, idleMinutes: 5 }));
    api.unlock.mockRejectedValueOnce(new ApiError({ code: 'locked', message: 'That passcode is not right. Try again.' }));
    renderGate(api);
    const field = await screen.findByLabelText('Passcode');
    expect(screen.queryByText(/Net worth/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use Touch ID' })).toBeNull();
    fireEvent.change(field, { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That passcode is not right. Try again.');
    fireEvent.change(field, { target: { value: 'tulip-4821' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Net worth £12,345.67')).toBeTruthy();
    expect(api.unlock).toHaveBeenLastCalledWith({ passcode: 'tulip-4821' });
  });

  it('offers Touch ID where the main process has it', async () => {
    const api = createFakeApi();
    api.getLockStatus.mockResolvedValue(lockStatus({ enabled: true, locked: true, idleMinutes: 5, touchId: true }));
    renderGate(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Use Touch ID' }));
    expect(await screen.findByText('Net worth £12,345.67')).toBeTruthy();
    expect(api.unlockWithTouchId).toHaveBeenCalledOnce();
  });

  it('locks after the idle minutes without input, and input restarts the count', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = createFakeApi();
    api.getLockStatus.mockResolvedValue(lockStatus({ enabled: true, locked: false, idleMinutes: 2 }));
    renderGate(api);
    await screen.findByText('Net worth £12,345.67');
    act(() => vi.advanceTimersByTime(90_000));
    fireEvent.keyDown(window, { key: 'a' });
    act(() => vi.advanceTimersByTime(90_000));
    expect(api.lockNow).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTime(31_000));
    expect(api.lockNow).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.queryByText(/Net worth/)).toBeNull());
    expect(screen.getByLabelText('Passcode')).toBeTruthy();
  });

  it('Settings turns the lock on only with the passcode typed twice, then off with it', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <LockSettings />
      </ApiProvider>,
    );
    fireEvent.change(await screen.findByLabelText('Passcode (at least 4 characters)'), { target: { value: 'tulip-4821' } });
    fireEvent.change(screen.getByLabelText('The same passcode again'), { target: { value: 'tulip-4812' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on the lock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two passcodes are not the same. Type the same passcode twice.');
    expect(api.configureLock).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('The same passcode again'), { target: { value: 'tulip-4821' } });
    fireEvent.change(screen.getByLabelText('Lock after this many idle minutes'), { target: { value: '10' } });
    api.getLockStatus.mockResolvedValue(lockStatus({ enabled: true, idleMinutes: 10 }));
    fireEvent.click(screen.getByRole('button', { name: 'Turn on the lock' }));
    await screen.findByText(/On: MyBucks asks for the passcode when it starts and after 10 idle minutes/);
    expect(api.configureLock).toHaveBeenCalledWith({ passcode: 'tulip-4821', idleMinutes: 10 });
    fireEvent.change(screen.getByLabelText('Current passcode'), { target: { value: 'tulip-4821' } });
    api.getLockStatus.mockResolvedValue(lockStatus());
    fireEvent.click(screen.getByRole('button', { name: 'Turn off the lock' }));
    await screen.findByRole('button', { name: 'Turn on the lock' });
    expect(api.disableLock).toHaveBeenCalledWith({ passcode: 'tulip-4821' });
  });
});
