import { describe, expect, it } from 'vitest';
import { isCalendarDate, localDate, localDayRange, localWeekRange, weekdayOfDate } from './local-calendar.js';

describe('local calendar', () => {
  it('knows the ISO weekday of a date', () => {
    expect(weekdayOfDate('2026-05-04')).toBe(1); // Monday
    expect(weekdayOfDate('2026-05-10')).toBe(7); // Sunday
    expect(weekdayOfDate('2024-02-29')).toBe(4);
  });

  it('accepts only real dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it('bounds a local day by local midnights, 23 hours long on spring-forward day', () => {
    const day = localDayRange('2026-03-29', 'Europe/London');
    expect(day.from.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(day.to.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(localDayRange('2026-11-01', 'America/New_York').to.getTime() - localDayRange('2026-11-01', 'America/New_York').from.getTime()).toBe(25 * 3_600_000);
  });

  it('bounds the ISO week Monday to Monday, from any day of it', () => {
    for (const d of ['2026-05-04', '2026-05-07', '2026-05-10']) {
      const week = localWeekRange(d, 'Asia/Tokyo');
      expect(week.monday).toBe('2026-05-04');
      expect(week.from.toISOString()).toBe('2026-05-03T15:00:00.000Z');
      expect(week.to.toISOString()).toBe('2026-05-10T15:00:00.000Z');
    }
  });

  it('takes "today" in the business zone, not UTC', () => {
    const instant = new Date('2026-05-04T23:30:00Z');
    expect(localDate(instant, 'Europe/London')).toBe('2026-05-05');
    expect(localDate(instant, 'America/New_York')).toBe('2026-05-04');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-05-05');
  });
});
