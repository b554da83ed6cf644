/** Money is integer cents on the wire (docs/ARCHITECTURE.md §6); people type and read it as decimal amounts. */

const MONEY = /^\d{1,7}(?:[.,]\d{1,2})?$/;

/** "12.5" → 1250; null when it is not a non-negative amount with at most two decimals. */
export function parseMoney(text: string): number | null {
  const t = text.trim();
  if (!MONEY.test(t)) return null;
  const [whole, frac = ''] = t.replace(',', '.').split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 1250 → "12.50" (for inputs). */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** 1250 → "12.50" grouped by the browser locale (for tables). */
export function formatMoney(cents: number): string {
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
}
