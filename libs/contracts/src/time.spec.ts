import { describe, expect, it } from 'vitest';
import { addDays, timeZoneProblem, toZonedIso, zonedParts, zonedTimeToUtc } from './time.js';

describe('zoned time', () => {
  it('maps wall time to the instant in winter and summer', () => {
    expect(zonedTimeToUtc('2026-01-15', '09:30', 'Europe/London').toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedTimeToUtc('2026-07-15', '09:30', 'Europe/London').toISOString()).toBe('2026-07-15T08:30:00.000Z');
    expect(zonedTimeToUtc('2026-07-15', '09:30', 'America/New_York').toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(zonedTimeToUtc('2026-07-15', '09:30', 'Asia/Tokyo').toISOString()).toBe('2026-07-15T00:30:00.000Z');
  });

  it('puts 23:30 local on the local date even when UTC has moved on', () => {
    const at = zonedTimeToUtc('2026-03-10', '23:30', 'America/New_York');
    expect(at.toISOString()).toBe('2026-03-11T03:30:00.000Z');
    expect(zonedParts(at, 'America/New_York')).toMatchObject({ date: '2026-03-10', time: '23:30', weekday: 2 });
  });

  it('handles the spring-forward gap and the fall-back overlap', () => {
    // London 2026-03-29 01:30 does not exist: lands after the gap (02:30 BST).
    expect(zonedParts(zonedTimeToUtc('2026-03-29', '01:30', 'Europe/London'), 'Europe/London').time).toBe('02:30');
    // London 2026-10-25 01:30 happens twice: the earlier (BST) one is chosen.
    expect(zonedTimeToUtc('2026-10-25', '01:30', 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('formats with the zone offset', () => {
    expect(toZonedIso(new Date('2026-07-15T13:30:00Z'), 'America/New_York')).toBe('2026-07-15T09:30:00-04:00');
    expect(toZonedIso(new Date('2026-01-15T09:30:00Z'), 'Europe/London')).toBe('2026-01-15T09:30:00+00:00');
  });

  it('adds calendar days across month ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('timeZoneProblem', () => {
  it('accepts canonical IANA names', () => {
    for (const z of ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'UTC'])
      expect(timeZoneProblem(z)).toBeNull();
  });

  it.each(['+01:00', '+0100', '-05:00', 'UTC+1', 'GMT-3', 'Etc/GMT+1', 'Etc/GMT-14'])('refuses the numeric offset %s', (z) => {
    expect(timeZoneProblem(z)).toMatch(/numeric offset/);
  });

  it('refuses aliases and names the canonical zone, never repairing', () => {
    expect(timeZoneProblem('US/Pacific')).toMatch(/America\/Los_Angeles/);
    expect(timeZoneProblem('Asia/Calcutta')).toMatch(/Asia\/Kolkata/);
    expect(timeZoneProblem('Etc/Universal')).toMatch(/Etc\/UTC/);
  });

  it.each(['US/Pacific-New', 'EST5EDT', 'CET', 'Factory', 'posixrules', 'europe/london', 'Mars/Olympus_Mons', '', 'x'.repeat(65)])('refuses %s', (z) => {
    expect(timeZoneProblem(z)).not.toBeNull();
  });

  it('refuses non-strings', () => {
    expect(timeZoneProblem(42)).not.toBeNull();
    expect(timeZoneProblem(null)).not.toBeNull();
  });
});

describe('toZonedIso in one formatToParts call', () => {
  // The earlier two-call version (zonedParts + the offset), kept here as the reference it must equal.
  function reference(instant: Date, timeZone: string): string {
    const p = zonedParts(instant, timeZone);
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const parts = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
    const off = Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
    const abs = Math.abs(off);
    const seconds = String(instant.getUTCSeconds()).padStart(2, '0');
    return `${p.date}T${p.time}:${seconds}${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  it('answers exactly what the two-call version answered, across zones, DST changes and old local mean times', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Asia/Tokyo',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/St_Johns',
      'Pacific/Chatham',
      'Europe/Dublin',
      'Africa/Casablanca',
      'Etc/UTC',
    ];
    let seed = 20261202;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const instants = [
      ...Array.from({ length: 400 }, () => new Date(Date.UTC(1850, 0, 1) + Math.floor(next() * (Date.UTC(2100, 0, 1) - Date.UTC(1850, 0, 1))))),
      // Around this year's transitions in London and New York, minute by minute.
      ...Array.from({ length: 180 }, (_, i) => new Date(Date.UTC(2026, 2, 29, 0, 0) + i * 60_000)),
      ...Array.from({ length: 180 }, (_, i) => new Date(Date.UTC(2026, 10, 1, 5, 0) + i * 60_000)),
    ];
    const differ: string[] = [];
    for (const zone of zones)
      for (const t of instants)
        if (toZonedIso(t, zone) !== reference(t, zone)) differ.push(`${t.toISOString()} ${zone}: ${toZonedIso(t, zone)} ≠ ${reference(t, zone)}`);
    expect(differ).toEqual([]);
  });
});
