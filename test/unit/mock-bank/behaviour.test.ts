import { describe, expect, it } from 'vitest';
import { findBank, MYBUCKS_CLIENT } from '../../../mock-bank/src/banks';
import { BankBehaviours, PROFILE_NAMES, resolveBehaviour, UnknownProfileError, type BankBehaviour } from '../../../mock-bank/src/behaviour';

const STRICT = resolveBehaviour([]);
const changed = (b: BankBehaviour) => (Object.keys(STRICT) as (keyof BankBehaviour)[]).filter((k) => b[k] !== STRICT[k]);

describe('behaviour profiles', () => {
  it('strict is the default; each named deviation changes exactly one field', () => {
    expect(resolveBehaviour(['strict'])).toEqual(STRICT);
    expect(STRICT).toMatchObject({ registrationStatus: 201, loopbackPorts: 'any', issInResponses: true, par: 'optional', dpop: true });
    for (const name of PROFILE_NAMES.filter((n) => n !== 'strict' && n !== 'relaxed')) {
      expect(changed(resolveBehaviour([name])), name).toHaveLength(1);
    }
  });

  it('relaxed is every deviation at once, keeping registration management', () => {
    expect(changed(resolveBehaviour(['relaxed'])).sort()).toEqual(Object.keys(STRICT).filter((k) => k !== 'registrationManagement').sort());
  });

  it('compose left to right, overrides last; unknown names are refused with the known ones', () => {
    expect(resolveBehaviour(['relaxed', 'strict', 'no-dpop'])).toEqual({ ...STRICT, dpop: false });
    expect(resolveBehaviour(['no-par', 'par-required'], { issInResponses: false })).toMatchObject({ par: 'required', issInResponses: false });
    expect(() => resolveBehaviour(['lenient'])).toThrow(UnknownProfileError);
    expect(() => resolveBehaviour(['lenient'])).toThrow(/known: strict, /);
  });

  it('a selection falls back to the baseline field by field', () => {
    const banks = new BankBehaviours({ summit: { profile: ['par-required'], overrides: {} } });
    banks.set('summit', { overrides: { dpop: false } });
    expect(banks.describe('summit')).toMatchObject({ profile: ['par-required'], behaviour: { par: 'required', dpop: false } });
    banks.set('summit', {});
    expect(banks.get('summit')).toEqual({ ...STRICT, par: 'required' });
    expect(() => banks.set('summit', { profile: ['nope'] })).toThrow(UnknownProfileError);
    expect(banks.get('summit').par).toBe('required');
  });
});

describe('the MyBucks client', () => {
  it('registers a port-less loopback redirect where any port is accepted, and fixed ports where ports match exactly', () => {
    expect(MYBUCKS_CLIENT.redirectUris(findBank('memorial')!)).toEqual(['http://127.0.0.1/cb/memorial']);
    expect(MYBUCKS_CLIENT.redirectUris(findBank('northwind')!)).toEqual([
      'http://127.0.0.1:53682/cb/northwind',
      'http://127.0.0.1:53683/cb/northwind',
      'http://127.0.0.1:53684/cb/northwind',
    ]);
  });
});
