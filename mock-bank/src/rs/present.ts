/** Ledger records in UK Open Banking v4.0 shapes (OBAccount6, OBReadBalance1 items, OBTransaction6, consents). */
import type { BankDef } from '../banks';
import type { Consent } from '../consents';
import type { AccountBalances, LedgerAccount, LedgerTransaction } from '../data/ledger';
import { creditDebit, formatMinor } from '../data/money';

/** ISO 8601 with an explicit `+00:00` offset, as the profile asks. */
export function obDateTime(at: number | string | Date): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function obAccount(a: LedgerAccount, ownerName: string, detail: boolean) {
  return {
    AccountId: a.accountId,
    Status: 'Enabled',
    StatusUpdateDateTime: obDateTime(`${a.openingDate}T09:00:00Z`),
    Currency: a.currency,
    AccountCategory: 'Personal',
    AccountTypeCode: a.typeCode,
    Nickname: a.nickname,
    OpeningDate: obDateTime(`${a.openingDate}T00:00:00Z`),
    ...(detail ? { Account: [accountIdentification(a, ownerName)] } : {}),
  };
}

function accountIdentification(a: LedgerAccount, ownerName: string) {
  if (a.typeCode === 'CARD') return { SchemeName: 'UK.OBIE.PAN', Identification: `************${a.mask}`, Name: ownerName };
  if (a.currency === 'EUR') {
    return { SchemeName: 'UK.OBIE.IBAN', Identification: `GB${String(a.key % 90 + 10)}SUMM${a.sortCode}${a.accountNumber}`, Name: ownerName };
  }
  return { SchemeName: 'UK.OBIE.SortCodeAccountNumber', Identification: `${a.sortCode}${a.accountNumber}`, Name: ownerName };
}

const amount = (minor: number, currency: string) => ({ Amount: formatMinor(minor), Currency: currency });

export function obBalances(a: LedgerAccount, b: AccountBalances) {
  const creditLine = a.creditLimitMinor !== null ? { CreditLine: [{ Included: false, Type: 'Credit', Amount: amount(a.creditLimitMinor, a.currency) }] } : {};
  const at = obDateTime(b.at);
  return [
    { AccountId: a.accountId, CreditDebitIndicator: creditDebit(b.bookedMinor), Type: 'ITBD', DateTime: at, Amount: amount(b.bookedMinor, a.currency), ...creditLine },
    { AccountId: a.accountId, CreditDebitIndicator: creditDebit(b.availableMinor), Type: 'ITAV', DateTime: at, Amount: amount(b.availableMinor, a.currency), ...creditLine },
  ];
}

export function obTransaction(t: LedgerTransaction, bank: BankDef, detail: boolean) {
  return {
    AccountId: t.accountId,
    TransactionId: t.transactionId,
    CreditDebitIndicator: creditDebit(t.amountMinor),
    Status: t.status,
    TransactionMutability: t.status === 'PDNG' ? 'Mutable' : 'Immutable',
    BookingDateTime: obDateTime(t.bookingTime),
    ValueDateTime: obDateTime(t.valueTime),
    ...(detail ? { TransactionInformation: t.information } : {}),
    Amount: amount(t.amountMinor, t.currency),
    BankTransactionCode: { Code: t.coding.code, SubCode: t.coding.subCode },
    ProprietaryBankTransactionCode: { Code: t.coding.proprietary, Issuer: bank.name },
    ...(detail && t.balanceAfterMinor !== undefined
      ? { Balance: { CreditDebitIndicator: creditDebit(t.balanceAfterMinor), Type: 'ITBD', Amount: amount(t.balanceAfterMinor, t.currency) } }
      : {}),
    ...(detail && t.merchant ? { MerchantDetails: { MerchantName: t.merchant.name, MerchantCategoryCode: t.merchant.mcc } } : {}),
  };
}

export function obConsent(c: Consent, self: string) {
  return {
    Data: {
      ConsentId: c.consentId,
      CreationDateTime: obDateTime(c.createdAt),
      Status: c.status,
      StatusUpdateDateTime: obDateTime(c.statusUpdatedAt),
      Permissions: c.permissions,
      ...(c.expiresAt ? { ExpirationDateTime: obDateTime(c.expiresAt) } : {}),
      ...(c.transactionFrom ? { TransactionFromDateTime: obDateTime(c.transactionFrom) } : {}),
      ...(c.transactionTo ? { TransactionToDateTime: obDateTime(c.transactionTo) } : {}),
    },
    Risk: {},
    Links: { Self: self },
    Meta: {},
  };
}
