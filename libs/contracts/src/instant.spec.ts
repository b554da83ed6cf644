import { describe, expect, it } from 'vitest';
import { isInstant, parseInstant } from './instant.js';

describe('the one instant format (ISO 8601 with an offset)', () => {
  it('reads offsets, Z and fractions to the same instant', () => {
    expect(parseInstant('2026-05-04T09:30:00+01:00')?.toISOString()).toBe('2026-05-04T08:30:00.000Z');
    expect(parseInstant('2026-05-04T08:30Z')?.toISOString()).toBe('2026-05-04T08:30:00.000Z');
    expect(parseInstant('2026-05-04T03:30:00.123456-05:00')?.toISOString()).toBe('2026-05-04T08:30:00.123Z');
  });

  it.each([
    '2026-05-04', // a date is not an instant
    '2026-05-04T09:30:00', // a local time without its offset is ambiguous
    '2020-W01', // week date
    '20200101T000000Z', // basic format
    '2021-02-30T00:00:00Z', // no such day
    '2021-01-01T24:00:00Z',
    '0001-01-01T00:00:00Z',
    '2026-05-04T09:30:00+15:00',
    '2026-05-04 09:30:00Z',
    ' 2026-05-04T09:30:00Z',
  ])('refuses %s', (value) => {
    expect(parseInstant(value)).toBeNull();
    expect(isInstant(value)).toBe(false);
  });
});
