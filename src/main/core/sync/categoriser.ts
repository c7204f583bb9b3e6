/**
 * Picks a category for a transaction: the newest matching user rule wins; otherwise a default from
 * the merchant category code, the bank transaction code or the merchant/description text. Manual
 * choices (`category_manual = 1`) are never passed through here.
 */
import type { RuleDTO } from '../../../shared/dto';

export type RuleRecord = RuleDTO;

export interface CategorisableTx {
  merchant: string | null;
  description: string;
  mcc: string | null;
  bankTxCode: string | null;
  amountMinor: number;
}

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

export function defaultCategory(tx: CategorisableTx): string | null {
  if (tx.mcc && /^\d{4}$/.test(tx.mcc)) {
    const code = Number(tx.mcc);
    const hit = MCC_RANGES.find(([lo, hi]) => code >= lo && code <= hi);
    if (hit) return hit[2];
  }
  if (tx.bankTxCode) {
    const codes = tx.bankTxCode.toLowerCase().split('-');
    for (const [re, cat] of CODE_CATEGORIES) if (codes.some((c) => re.test(c))) return cat;
  }
  const text = `${tx.merchant ?? ''} ${tx.description}`.toLowerCase();
  for (const [re, cat] of KEYWORDS) if (re.test(text)) return cat;
  return tx.amountMinor > 0 ? 'income' : null;
}

export function ruleMatches(rule: Pick<RuleRecord, 'field' | 'op' | 'value'>, tx: Pick<CategorisableTx, 'merchant' | 'description'>): boolean {
  const subject = (rule.field === 'merchant' ? tx.merchant : tx.description)?.toLowerCase();
  if (subject == null) return false;
  const value = rule.value.toLowerCase();
  return rule.op === 'equals' ? subject === value : subject.includes(value);
}

export class Categoriser {
  private readonly rules: RuleRecord[];

  /** Rules in any order; the newest matching one wins, as when rules are applied retroactively. */
  constructor(rules: RuleRecord[]) {
    this.rules = [...rules].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)));
  }

  categorise(tx: CategorisableTx): string | null {
    for (const rule of this.rules) if (ruleMatches(rule, tx)) return rule.categoryId;
    return defaultCategory(tx);
  }
}
