/** The per-process state the banks' authorization servers share: one model store, one CSRF secret. */
import type { MockBankContext } from '../context';
import { CsrfTokens } from './csrf';
import { ModelStore } from './model-store';

export interface AuthState {
  store: ModelStore;
  csrf: CsrfTokens;
}

const states = new WeakMap<MockBankContext, AuthState>();

export function authState(ctx: MockBankContext): AuthState {
  let state = states.get(ctx);
  if (!state) {
    state = { store: new ModelStore(ctx.consents, ctx.options.persistFile), csrf: new CsrfTokens() };
    states.set(ctx, state);
  }
  return state;
}
