import { addDays, isUnambiguousWallTime, isoToWallTime, startOfDayIso, wallTimeToIso } from './zoned-time';

describe('wallTimeToIso', () => {
  it('uses the zone offset in winter and summer (Europe/London)', () => {
    expect(wallTimeToIso('2025-01-15', '09:00', 'Europe/London')).toBe('2025-01-15T09:00:00+00:00');
    expect(wallTimeToIso('2025-07-01', '09:00', 'Europe/London')).toBe('2025-07-01T09:00:00+01:00');
  });

  it('uses the zone offset in winter and summer (America/New_York)', () => {
    expect(wallTimeToIso('2025-01-15', '09:00', 'America/New_York')).toBe('2025-01-15T09:00:00-05:00');
    expect(wallTimeToIso('2025-07-01', '09:00', 'America/New_York')).toBe('2025-07-01T09:00:00-04:00');
  });

  it('keeps 23:30 local on the same local date, whatever the browser zone', () => {
    expect(wallTimeToIso('2025-07-01', '23:30', 'America/New_York')).toBe('2025-07-01T23:30:00-04:00');
    expect(wallTimeToIso('2025-12-31', '23:30', 'Europe/London')).toBe('2025-12-31T23:30:00+00:00');
    expect(wallTimeToIso('2025-07-01', '23:30', 'Asia/Tokyo')).toBe('2025-07-01T23:30:00+09:00');
    expect(new Date(wallTimeToIso('2025-07-01', '23:30', 'America/New_York')!).toISOString()).toBe('2025-07-02T03:30:00.000Z');
  });

  it('Europe/London spring forward (30 Mar 2025): times around and inside the gap', () => {
    expect(wallTimeToIso('2025-03-30', '00:59', 'Europe/London')).toBe('2025-03-30T00:59:00+00:00');
    // 01:00–01:59 does not exist; a wall clock moves it forward by the one-hour gap.
    expect(wallTimeToIso('2025-03-30', '01:30', 'Europe/London')).toBe('2025-03-30T02:30:00+01:00');
    expect(wallTimeToIso('2025-03-30', '02:00', 'Europe/London')).toBe('2025-03-30T02:00:00+01:00');
    expect(isUnambiguousWallTime('2025-03-30', '01:30', 'Europe/London')).toBe(false);
  });

  it('Europe/London fall back (26 Oct 2025): the repeated hour means its first occurrence', () => {
    expect(wallTimeToIso('2025-10-26', '01:30', 'Europe/London')).toBe('2025-10-26T01:30:00+01:00');
    expect(wallTimeToIso('2025-10-26', '02:00', 'Europe/London')).toBe('2025-10-26T02:00:00+00:00');
    expect(isUnambiguousWallTime('2025-10-26', '01:30', 'Europe/London')).toBe(false);
    expect(isUnambiguousWallTime('2025-10-26', '09:00', 'Europe/London')).toBe(true);
  });

  it('America/New_York spring forward (9 Mar 2025) and fall back (2 Nov 2025)', () => {
    expect(wallTimeToIso('2025-03-09', '01:59', 'America/New_York')).toBe('2025-03-09T01:59:00-05:00');
    expect(wallTimeToIso('2025-03-09', '02:30', 'America/New_York')).toBe('2025-03-09T03:30:00-04:00');
    expect(wallTimeToIso('2025-03-09', '03:00', 'America/New_York')).toBe('2025-03-09T03:00:00-04:00');
    expect(wallTimeToIso('2025-11-02', '01:30', 'America/New_York')).toBe('2025-11-02T01:30:00-04:00');
    expect(wallTimeToIso('2025-11-02', '02:00', 'America/New_York')).toBe('2025-11-02T02:00:00-05:00');
    expect(wallTimeToIso('2025-11-02', '23:30', 'America/New_York')).toBe('2025-11-02T23:30:00-05:00');
  });

  it('refuses malformed input and unknown zones instead of guessing', () => {
    expect(wallTimeToIso('2025-7-1', '09:00', 'Europe/London')).toBeNull();
    expect(wallTimeToIso('2025-07-01', '24:00', 'Europe/London')).toBeNull();
    expect(wallTimeToIso('2025-02-30', '09:00', 'Europe/London')).toBeNull();
    expect(wallTimeToIso('2025-07-01', '09:00', 'Mars/Olympus')).toBeNull();
  });
});

describe('isoToWallTime', () => {
  it('reads an instant as wall time in the zone (round trip)', () => {
    expect(isoToWallTime('2025-07-02T03:30:00Z', 'America/New_York')).toEqual({ date: '2025-07-01', time: '23:30' });
    expect(isoToWallTime('2025-07-01T09:00:00+01:00', 'Europe/London')).toEqual({ date: '2025-07-01', time: '09:00' });
    const iso = wallTimeToIso('2025-10-26', '01:30', 'Europe/London')!;
    expect(isoToWallTime(iso, 'Europe/London')).toEqual({ date: '2025-10-26', time: '01:30' });
  });
});

describe('day helpers', () => {
  it('adds days across month ends and gives the start of a local day', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(startOfDayIso('2025-07-01', 'America/New_York')).toBe('2025-07-01T00:00:00-04:00');
    expect(startOfDayIso('2025-03-30', 'Europe/London')).toBe('2025-03-30T00:00:00+00:00');
  });
});
