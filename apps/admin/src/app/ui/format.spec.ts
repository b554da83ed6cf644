import { centsToInput, formatDateTime, formatMoney, formatTimeRange, formatTimestamp, parseMoney } from './format';

describe('formatDateTime', () => {
  const iso = '2025-07-01T14:30:00+02:00'; // 12:30 UTC

  it('writes the time in the zone the record belongs to, not the viewer’s', () => {
    expect(formatDateTime(iso, 'time', { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toBe('14:30');
    expect(formatDateTime(iso, 'time', { timeZone: 'America/New_York', locale: 'en-GB' })).toBe('08:30');
  });

  it('follows the locale’s clock: 24-hour where the locale uses it, 12-hour where it does not', () => {
    expect(formatDateTime(iso, 'time', { timeZone: 'Europe/Berlin', locale: 'de-DE' })).toBe('14:30');
    expect(formatDateTime(iso, 'time', { timeZone: 'Europe/Berlin', locale: 'en-US' })).toBe('02:30 PM');
  });

  it('keeps the offset the API wrote when no zone is known', () => {
    expect(formatDateTime(iso, 'datetime', { locale: 'en-GB' })).toBe('1 Jul 2025, 14:30');
    expect(formatDateTime('2025-07-01T09:05:00Z', 'datetime', { locale: 'en-GB' })).toBe('1 Jul 2025, 09:05');
  });

  it('falls back to the written offset for an unknown zone', () => {
    expect(formatDateTime(iso, 'time', { timeZone: 'Mars/Olympus', locale: 'en-GB' })).toBe('14:30');
  });

  it('names the zone when asked (views mixing several businesses)', () => {
    expect(formatDateTime('2025-01-15T10:00:00Z', 'datetime', { timeZone: 'Europe/London', zoneName: true, locale: 'en-GB' })).toBe('15 Jan 2025, 10:00 GMT');
  });

  it('writes days and dates in the locale', () => {
    expect(formatDateTime(iso, 'day', { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toBe('Tue, 1 Jul 2025');
    expect(formatDateTime(iso, 'date', { timeZone: 'Europe/Berlin', locale: 'en-US' })).toBe('Jul 1, 2025');
  });

  it('is empty for no value or a malformed one', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('writes a booking’s day and span', () => {
    expect(formatTimeRange('2025-07-01T09:00:00+02:00', '2025-07-01T09:45:00+02:00', 'Europe/Berlin', 'en-GB')).toBe('Tue, 1 Jul 2025 09:00–09:45');
  });

  it('writes audit timestamps to the second', () => {
    expect(formatTimestamp('2025-07-01T12:30:15Z', 'en-GB')).toMatch(/1 Jul 2025, \d{2}:\d{2}:15/);
    expect(formatTimestamp('nope')).toBe('');
  });
});

describe('money', () => {
  it('parses what people type into cents', () => {
    expect(parseMoney('12.5')).toBe(1250);
    expect(parseMoney('12,05')).toBe(1205);
    expect(parseMoney(' 40 ')).toBe(4000);
    expect(parseMoney('-1')).toBeNull();
    expect(parseMoney('1.234')).toBeNull();
    expect(parseMoney('abc')).toBeNull();
  });

  it('writes cents for inputs with a dot, whatever the locale', () => {
    expect(centsToInput(1250)).toBe('12.50');
    expect(centsToInput(5)).toBe('0.05');
  });

  it('formats an amount with its currency in the locale', () => {
    expect(formatMoney(123456, 'EUR', 'en-GB')).toBe('€1,234.56');
    expect(formatMoney(123456, 'EUR', 'de-DE').replace(/\s/gu, ' ')).toBe('1.234,56 €');
    expect(formatMoney(5000, 'USD', 'en-US')).toBe('$50.00');
  });

  it('formats a plain amount without a currency, and names an unknown code', () => {
    expect(formatMoney(123456, null, 'en-GB')).toBe('1,234.56');
    expect(formatMoney(1250, 'NOT-A-CODE', 'en-GB')).toBe('12.50 NOT-A-CODE');
  });
});
