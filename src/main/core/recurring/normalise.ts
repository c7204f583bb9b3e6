/** Which payee a transaction is, for recurring detection: the merchant, else the description without its references. */

/** Words banks add around the payee's name that say how it was paid, not who was paid. */
const NOISE = new Set(['ref', 'reference', 'card', 'payment', 'direct', 'debit', 'dd', 'so', 'online', 'pos', 'authorisation', 'authorization', 'purchase', 'contactless', 'bgc', 'fpo', 'fpi', 'tfr']);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&.+'\s-]/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter((w) => w.length > 0 && !/\d/.test(w) && !NOISE.has(w));
}

/** 'NETFLIX.COM ONLINE ref 123456' and 'Netflix.com' → 'netflix.com'; store numbers, dates and references dropped. */
export function merchantKeyOf(merchant: string | null, description: string): string {
  const fromMerchant = merchant ? words(merchant) : [];
  const key = (fromMerchant.length ? fromMerchant : words(description)).join(' ');
  return key || description.trim().toLowerCase();
}

/** A readable name for a series: the merchant as the bank spells it, else the description's words in title case. */
export function displayNameOf(merchant: string | null, description: string): string {
  if (merchant && merchant.trim()) return merchant.trim();
  const kept = words(description).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return (kept.join(' ') || description.trim()).slice(0, 100);
}
