import { describe, expect, it } from 'vitest';
import { checkOpeningHours, parseInstant, type AvailabilityRules } from './availability-rules.js';
import { weeklyHoursErrors } from '../common/weekly-hours.js';

const london: AvailabilityRules = {
  timeZone: 'Europe/London',
  weekly: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
  closedDates: ['2026-05-06'],
};
const at = (iso: string, minutes: number): [Date, Date] => {
  const start = new Date(iso);
  return [start, new Date(start.getTime() + minutes * 60_000)];
};

describe('checkOpeningHours', () => {
  it('accepts a booking inside the hours, edges included', () => {
    expect(checkOpeningHours(...at('2026-05-04T09:00:00+01:00', 45), london)).toEqual({ ok: true });
    expect(checkOpeningHours(...at('2026-05-04T17:15:00+01:00', 45), london)).toEqual({ ok: true });
  });

  it('refuses one that starts before opening', () => {
    const v = checkOpeningHours(...at('2026-05-04T08:30:00+01:00', 45), london);
    expect(v).toMatchObject({ ok: false });
    expect(!v.ok && v.detail).toMatch(/before opening at 09:00/);
  });

  it('refuses one that runs across closing', () => {
    const v = checkOpeningHours(...at('2026-05-04T17:30:00+01:00', 45), london);
    expect(!v.ok && v.detail).toMatch(/after closing at 18:00/);
  });

  it('refuses a closed weekday and a closed date', () => {
    const sunday = checkOpeningHours(...at('2026-05-10T10:00:00+01:00', 45), london);
    expect(!sunday.ok && sunday.detail).toMatch(/closed on Sundays/);
    const closed = checkOpeningHours(...at('2026-05-06T10:00:00+01:00', 45), london);
    expect(!closed.ok && closed.detail).toMatch(/closed on 2026-05-06/);
  });

  it('judges the local weekday, not the UTC one', () => {
    // 23:30 Monday in New York is Tuesday in UTC.
    const ny: AvailabilityRules = { timeZone: 'America/New_York', weekly: [{ weekday: 1, opens: '20:00', closes: '24:00' }], closedDates: [] };
    expect(checkOpeningHours(...at('2026-05-04T23:30:00-04:00', 30), ny)).toEqual({ ok: true });
    expect(checkOpeningHours(...at('2026-05-04T23:45:00-04:00', 30), ny).ok).toBe(false);
  });

  it('needs one interval to hold the whole booking', () => {
    const split: AvailabilityRules = {
      timeZone: 'UTC',
      weekly: [
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '17:00' },
      ],
      closedDates: [],
    };
    expect(checkOpeningHours(...at('2026-05-04T13:00:00Z', 60), split).ok).toBe(true);
    expect(checkOpeningHours(...at('2026-05-04T11:30:00Z', 60), split).ok).toBe(false);
  });

  it('uses the real clock across a DST change', () => {
    // Spring forward in London, 2026-03-29 01:00 → 02:00: 00:30–03:30 local is only two real hours.
    const night: AvailabilityRules = { timeZone: 'Europe/London', weekly: [{ weekday: 7, opens: '00:00', closes: '03:00' }], closedDates: [] };
    expect(checkOpeningHours(...at('2026-03-29T00:00:00Z', 120), night).ok).toBe(true);
    expect(checkOpeningHours(...at('2026-03-29T00:00:00Z', 121), night).ok).toBe(false);
  });
});

describe('weeklyHoursErrors', () => {
  it('accepts touching intervals', () => {
    expect(
      weeklyHoursErrors([
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 1, opens: '12:00', closes: '18:00' },
      ]),
    ).toEqual([]);
  });
  it('refuses closes not after opens', () => {
    expect(weeklyHoursErrors([{ weekday: 2, opens: '10:00', closes: '10:00' }])).toEqual([
      { field: 'weekly.0.closes', messages: [expect.stringMatching(/after opens/)] },
    ]);
  });
  it('refuses overlapping intervals on one weekday only', () => {
    expect(
      weeklyHoursErrors([
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 2, opens: '11:00', closes: '14:00' },
      ]),
    ).toEqual([]);
    expect(
      weeklyHoursErrors([
        { weekday: 3, opens: '11:00', closes: '14:00' },
        { weekday: 3, opens: '09:00', closes: '12:00' },
      ])[0]!.messages[0],
    ).toMatch(/Wednesday: 09:00–12:00 overlaps 11:00–14:00/);
  });
});

describe('parseInstant', () => {
  it('reads Z and offsets', () => {
    expect(parseInstant('2026-05-04T09:30:00Z')!.toISOString()).toBe('2026-05-04T09:30:00.000Z');
    expect(parseInstant('2026-05-04T09:30+01:00')!.toISOString()).toBe('2026-05-04T08:30:00.000Z');
    expect(parseInstant('2026-05-04T09:30:15.250-05:30')!.toISOString()).toBe('2026-05-04T15:00:15.250Z');
  });
  it('refuses local times without an offset and impossible dates', () => {
    for (const bad of ['2026-05-04T09:30:00', '2026-05-04', '2026-02-30T10:00:00Z', '2026-05-04T24:00:00Z', '2026-05-04T09:30:00+25:00', 'tomorrow']) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });
});
