/**
 * The ISO 4217 currencies a business may price in: the active codes with two minor units. Prices
 * travel as integer hundredths (`priceCents`), so a currency with none (JPY, KRW) or three (KWD,
 * BHD) decimals would be shown a hundred or ten times off; those are refused until amounts carry
 * their own exponent. The API validates against this list (400 `invalid_currency`); the admin
 * offers it as the choice.
 */
export const CURRENCY_CODES = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND', 'BOB', 'BRL',
  'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP',
  'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS',
  'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MKD', 'MMK',
  'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK',
  'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP',
  'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'UYU', 'UZS', 'VES', 'WST',
  'XCD', 'YER', 'ZAR', 'ZMW', 'ZWL',
] as const;

export type CurrencyCode = (typeof CURRENCY_CODES)[number];

/** The currency of a business created without one (and of every business before the setting existed). */
export const DEFAULT_CURRENCY: CurrencyCode = 'EUR';

const KNOWN: ReadonlySet<string> = new Set(CURRENCY_CODES);

export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && KNOWN.has(code);
}
