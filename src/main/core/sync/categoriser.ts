/**
 * Picks a category for a transaction: the first enabled user rule (by position) that matches and sets a
 * category wins; otherwise a default from the merchant category code, the bank transaction code or the
 * merchant/description text. Manual choices (`category_manual = 1`) are never passed through here.
 */
import type { RuleDTO } from '../../../shared/dto';
import type { Db } from '../db/database';

export type RuleRecord = RuleDTO;

export interface CategorisableTx {
  merchant: string | null;
  description: string;
  mcc: string | null;
  bankTxCode: string | null;
  amountMinor: number;
  currency?: string;
}

/** Where the built-in "Transfers" category is (a rule's "mark as transfer"; paired transfers). */
const TRANSFERS = 'transfers';

const MCC_RANGES: [number, number, string][] = [
  [3000, 3999, 'travel'],
  [4011, 4131, 'transport'],
  [4511, 4582, 'travel'],
  [4722, 4722, 'travel'],
  [4784, 4789, 'transport'],
  [4812, 4900, 'bills'],
  [5411, 5499, 'groceries'],
  [5541, 5542, 'transport'],
  [5811, 5814, 'eating-out'],
  [5815, 5818, 'entertainment'],
  [5912, 5912, 'health'],
  [6010, 6011, 'cash'],
  [7011, 7012, 'travel'],
  [7512, 7523, 'transport'],
  [7832, 7999, 'entertainment'],
  [8011, 8099, 'health'],
  [5200, 5999, 'shopping'],
];

/**
 * Bank transaction codes: UK proprietary codes, ISO 20022 sub-family codes (SALA salary, BOOK internal book
 * transfer between the customer's own accounts) and long names, lower-cased.
 */
const CODE_CATEGORIES: [RegExp, string][] = [
  [/^(sal|sala|salary|payroll)$|salar/, 'income'],
  [/^(atm|cash|cwd)$|cashwithdrawal/, 'cash'],
  [/^(dd|directdebit)$|directdebit/, 'bills'],
  [/^(fee|chg|charges|int|interest)$|fees|charges|interest/, 'fees'],
  [/^(tfr|so|fpo|fpi|bgc|book|standingorder|transfer)$|transfer|standingorder/, 'transfers'],
];

const KEYWORDS: [RegExp, string][] = [
  [/\b(tesco|sainsbury|asda|aldi|lidl|waitrose|morrisons|co-?op food|whole foods|kroger|safeway|trader joe|grocer|supermarket|market)/, 'groceries'],
  [/\b(starbucks|costa|pret|mcdonald|burger|pizza|restaurant|cafe|coffee|deliveroo|uber eats|just eat|doordash|grubhub|diner|bistro|pub)\b/, 'eating-out'],
  [/\b(uber|lyft|tfl|transport for london|trainline|rail|railway|metro|bus|taxi|parking|shell|bp|esso|chevron|exxon|fuel|petrol)\b/, 'transport'],
  [/\b(netflix|spotify|disney|cinema|theatre|theater|steam|playstation|xbox|concert|ticketmaster)\b/, 'entertainment'],
  [/\b(pharmacy|boots|cvs|walgreens|dentist|doctor|clinic|hospital|gym|fitness)\b/, 'health'],
  [/\b(airline|airways|easyjet|ryanair|delta|united|hotel|airbnb|booking\.com|expedia)\b/, 'travel'],
  [/\b(rent|mortgage|letting|landlord)\b/, 'housing'],
  [/\b(electric|energy|water|gas|council tax|broadband|internet|verizon|comcast|vodafone|o2|ee|at&t|insurance|utility|utilities)\b/, 'bills'],
  [/\b(amazon|ebay|argos|target|walmart|ikea|john lewis|best buy|etsy|shop|store)\b/, 'shopping'],
  [/\b(salary|payroll|wages|pay from)\b/, 'income'],
  [/\b(transfer|to savings|from savings|round-up savings|payment received|card repayment|credit card payment)\b/, 'transfers'],
  [/\b(atm|cash withdrawal)\b/, 'cash'],
];

/** Each bank transaction code's category, worked out once per code (a bank uses a handful for all its rows). */
const codeCategories = new Map<string, string | null>();

function codeCategory(bankTxCode: string): string | null {
  let category = codeCategories.get(bankTxCode);
  if (category === undefined) {
    const codes = bankTxCode.toLowerCase().split('-');
    category = CODE_CATEGORIES.find(([re]) => codes.some((c) => re.test(c)))?.[1] ?? null;
    if (codeCategories.size >= 10_000) codeCategories.clear();
    codeCategories.set(bankTxCode, category);
  }
  return category;
}

export function defaultCategory(tx: CategorisableTx): string | null {
  if (tx.mcc && /^\d{4}$/.test(tx.mcc)) {
    const code = Number(tx.mcc);
    const hit = MCC_RANGES.find(([lo, hi]) => code >= lo && code <= hi);
    if (hit) return hit[2];
  }
  if (tx.bankTxCode) {
    const cat = codeCategory(tx.bankTxCode);
    if (cat !== null) return cat;
  }
  const text = `${tx.merchant ?? ''} ${tx.description}`.toLowerCase();
  for (const [re, cat] of KEYWORDS) if (re.test(text)) return cat;
  return tx.amountMinor > 0 ? 'income' : null;
}

/** A transaction's texts in lower case, made once for all the rules tried on it. */
export interface LoweredTexts {
  merchant: string | null;
  description: string;
}

export const lowered = (tx: CategorisableTx): LoweredTexts => ({ merchant: tx.merchant?.toLowerCase() ?? null, description: tx.description.toLowerCase() });

export type RuleTest = (tx: CategorisableTx, texts: LoweredTexts, accountId?: string) => boolean;

/** The rule as a test: every condition it has must hold (for the transaction in `accountId`); text compares ignore case. */
export function compileRule(rule: RuleRecord): RuleTest {
  const value = rule.field !== null && rule.value !== null ? rule.value.toLowerCase() : null;
  const equals = rule.op === 'equals';
  const field = rule.field;
  const amount = rule.minAmountMinor !== null || rule.maxAmountMinor !== null;
  const code = rule.bankTxCode?.toLowerCase() ?? null;
  return (tx, texts, accountId) => {
    if (value !== null) {
      const subject = field === 'merchant' ? texts.merchant : texts.description;
      if (subject === null || (equals ? subject !== value : !subject.includes(value))) return false;
    }
    if (amount) {
      if (tx.currency !== rule.amountCurrency) return false;
      const size = Math.abs(tx.amountMinor);
      if (rule.minAmountMinor !== null && size < rule.minAmountMinor) return false;
      if (rule.maxAmountMinor !== null && size > rule.maxAmountMinor) return false;
    }
    if (rule.accountId !== null && rule.accountId !== accountId) return false;
    if (code !== null && tx.bankTxCode?.toLowerCase() !== code) return false;
    return true;
  };
}

/** Whether every condition the rule has holds for the transaction (in `accountId`). */
export function ruleMatches(rule: RuleRecord, tx: CategorisableTx, accountId?: string): boolean {
  return compileRule(rule)(tx, lowered(tx), accountId);
}

/** The category a rule's action sets, or null when it only renames the payee. */
function categoryOfRule(rule: RuleRecord): string | null {
  return rule.markTransfer ? TRANSFERS : rule.categoryId;
}

/** Rules in the order they are tried: by position, then (equal positions) the newest first. */
export function byPosition(a: RuleRecord, b: RuleRecord): number {
  return a.position - b.position || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id));
}

const RULE_SELECT = `SELECT id, field, op, value, category_id AS categoryId, created_at AS createdAt, min_amount_minor AS minAmountMinor,
  max_amount_minor AS maxAmountMinor, amount_currency AS amountCurrency, account_id AS accountId, bank_tx_code AS bankTxCode,
  payee_name AS payeeName, mark_transfer AS markTransfer, enabled, position FROM rules`;

/** Every rule (enabled or not), in the order they are tried. */
export function loadRules(db: Db, where = '', params: unknown[] = []): RuleRecord[] {
  const rows = db.prepare(`${RULE_SELECT} ${where}`).all(...params) as (Omit<RuleRecord, 'markTransfer' | 'enabled'> & { markTransfer: number; enabled: number })[];
  return rows.map((r) => ({ ...r, markTransfer: r.markTransfer === 1, enabled: r.enabled === 1 })).sort(byPosition);
}

export class Categoriser {
  private readonly categorising: { rule: RuleRecord; test: RuleTest }[];
  private readonly renaming: { rule: RuleRecord; test: RuleTest }[];

  /** Rules in any order; disabled ones are left out. */
  constructor(rules: RuleRecord[]) {
    const enabled = rules
      .filter((r) => r.enabled)
      .sort(byPosition)
      .map((rule) => ({ rule, test: compileRule(rule) }));
    this.categorising = enabled.filter((r) => categoryOfRule(r.rule) !== null);
    this.renaming = enabled.filter((r) => r.rule.payeeName !== null);
  }

  categorise(tx: CategorisableTx, accountId?: string): string | null {
    if (this.categorising.length > 0) {
      const texts = lowered(tx);
      for (const { rule, test } of this.categorising) if (test(tx, texts, accountId)) return categoryOfRule(rule);
    }
    return defaultCategory(tx);
  }

  /** The payee name the first matching renaming rule gives, or null. */
  payeeOf(tx: CategorisableTx, accountId?: string): string | null {
    if (this.renaming.length === 0) return null;
    const texts = lowered(tx);
    for (const { rule, test } of this.renaming) if (test(tx, texts, accountId)) return rule.payeeName;
    return null;
  }
}
