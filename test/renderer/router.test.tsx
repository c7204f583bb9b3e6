import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { useRoute } from '../../src/renderer/src/lib/router';

function Page() {
  return <p data-testid="route">{useRoute()}</p>;
}

function go(hash: string) {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

it('a new page starts at its top; a new filter on the same page keeps the scroll', () => {
  window.location.hash = '#/dashboard';
  const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  render(<Page />);
  go('#/transactions?merchant=Tesco');
  expect(screen.getByTestId('route').textContent).toBe('transactions');
  expect(scrollTo).toHaveBeenCalledTimes(1);
  expect(scrollTo).toHaveBeenLastCalledWith(0, 0);
  go('#/transactions?merchant=Aldi');
  expect(scrollTo).toHaveBeenCalledTimes(1);
  go('#/dashboard');
  expect(scrollTo).toHaveBeenCalledTimes(2);
});
