/**
 * Zod schemas for the parts of UK Open Banking AISP responses MyBucks uses. v4.0 is the target; v3.1
 * spellings (Booked/Pending, InterimBooked, AccountType/AccountSubType) are accepted too. Unknown
 * fields are ignored, so a bank adding fields does not break sync.
 */
import { z } from 'zod';

const amountString = z.string().regex(/^\d{1,13}(\.\d{1,5})?$/, 'expected a decimal amount string');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code');
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[^\s]*)?$/, 'expected an ISO 8601 date-time');
const activeAmount = z.object({ Amount: amountString, Currency: currency });
const creditDebit = z.enum(['Credit', 'Debit']);

export const linksSchema = z.object({ Self: z.string().optional(), Next: z.string().min(1).optional() }).optional();

export const accountSchema = z.object({
  AccountId: z.string().min(1).max(40),
  Status: z.string().optional(),
  Currency: currency.optional(),
  AccountCategory: z.string().optional(),
  AccountTypeCode: z.string().optional(),
  AccountType: z.string().optional(),
  AccountSubType: z.string().optional(),
  Nickname: z.string().optional(),
  Account: z
    .array(z.object({ SchemeName: z.string().optional(), Identification: z.string().optional(), Name: z.string().optional() }))
    .optional(),
});
export const accountsResponseSchema = z.object({
  Data: z.object({ Account: z.array(accountSchema).default([]) }),
  Links: linksSchema,
});

export const balanceSchema = z.object({
  AccountId: z.string().min(1),
  CreditDebitIndicator: creditDebit,
  Type: z.string().min(1),
  DateTime: dateTime,
  Amount: activeAmount,
});
export const balancesResponseSchema = z.object({
  Data: z.object({ Balance: z.array(balanceSchema).default([]) }),
  Links: linksSchema,
});

export const transactionSchema = z.object({
  AccountId: z.string().min(1),
  TransactionId: z.string().min(1).max(210).optional(),
  TransactionReference: z.string().optional(),
  CreditDebitIndicator: creditDebit,
  Status: z.string().min(1),
  BookingDateTime: dateTime,
  ValueDateTime: dateTime.optional(),
  TransactionInformation: z.string().optional(),
  Amount: activeAmount,
  BankTransactionCode: z.object({ Code: z.string(), SubCode: z.string().optional() }).optional(),
  ProprietaryBankTransactionCode: z.object({ Code: z.string(), Issuer: z.string().optional() }).optional(),
  MerchantDetails: z.object({ MerchantName: z.string().optional(), MerchantCategoryCode: z.string().optional() }).optional(),
});
export const transactionsResponseSchema = z.object({
  Data: z.object({ Transaction: z.array(transactionSchema).default([]) }),
  Links: linksSchema,
});

export type ObAccount = z.infer<typeof accountSchema>;
export type ObBalance = z.infer<typeof balanceSchema>;
export type ObTransaction = z.infer<typeof transactionSchema>;

/** v4 ISO codes and their v3.1 names. RJCT/FUTR/INFO (Rejected, ...) are not money that moved. */
export function transactionStatus(status: string): 'booked' | 'pending' | null {
  switch (status) {
    case 'BOOK':
    case 'Booked':
      return 'booked';
    case 'PDNG':
    case 'Pending':
      return 'pending';
    default:
      return null;
  }
}

/** Which balance best describes "what is in the account now", most preferred first. */
const BALANCE_PREFERENCE = [
  ['ITBD', 'InterimBooked'],
  ['CLBD', 'ClosingBooked'],
  ['ITAV', 'InterimAvailable'],
  ['CLAV', 'ClosingAvailable'],
  ['OPBD', 'OpeningBooked'],
  ['XPCD', 'Expected'],
  ['OPAV', 'OpeningAvailable'],
];
export function preferredBalance(balances: ObBalance[]): ObBalance | undefined {
  const rank = (b: ObBalance) => {
    const i = BALANCE_PREFERENCE.findIndex((names) => names.includes(b.Type));
    return i === -1 ? BALANCE_PREFERENCE.length : i;
  };
  return [...balances].sort((a, b) => rank(a) - rank(b))[0];
}

export type AccountKind = 'checking' | 'savings' | 'credit_card' | 'loan' | 'other';
const ACCOUNT_KINDS: Record<string, AccountKind> = {
  CACC: 'checking',
  CurrentAccount: 'checking',
  SVGS: 'savings',
  Savings: 'savings',
  CARD: 'credit_card',
  CreditCard: 'credit_card',
  ChargeCard: 'credit_card',
  LOAN: 'loan',
  MORT: 'loan',
  Loan: 'loan',
  Mortgage: 'loan',
};
export function accountKind(a: ObAccount): AccountKind {
  return ACCOUNT_KINDS[a.AccountTypeCode ?? a.AccountSubType ?? ''] ?? 'other';
}
