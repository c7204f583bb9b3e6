import type { AccountDTO } from '../../../shared/dto';

/** One `<option>` per account, "Bank · Account" (several banks can each have a "Holiday Fund"). */
export function AccountOptions({ accounts }: { accounts: AccountDTO[] }) {
  return accounts.map((a) => (
    <option key={a.id} value={a.id}>
      {a.providerName} · {a.name}
    </option>
  ));
}
