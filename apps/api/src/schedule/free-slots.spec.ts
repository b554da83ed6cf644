import { describe, expect, it } from 'vitest';
import { toZonedIso } from '#contracts';
import { freeSlots, withinWorkingHours, type SlotQuery } from './free-slots.js';

const PAST = new Date('2000-01-01T00:00:00Z');
const FUTURE = new Date('2100-01-01T00:00:00Z');
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

function query(overrides: Partial<SlotQuery> & Pick<SlotQuery, 'rules' | 'from' | 'to'>): SlotQuery {
  return {
    service: { durationMinutes: 60, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
    resources: [{ id: A, workingHours: [] }],
    busy: [],
    earliest: PAST,
    latest: FUTURE,
    ...overrides,
  };
}
const local = (slots: { startsAt: Date }[], tz: string) => slots.map((s) => toZonedIso(s.startsAt, tz));

describe('free slots across daylight-saving changes', () => {
  it('London, spring forward (Sunday 28 March 2027): the missing hour is never offered and the night has 3 real hours', () => {
    const tz = 'Europe/London';
    const slots = freeSlots(
      query({
        rules: { timeZone: tz, weekly: [{ weekday: 7, opens: '00:00', closes: '04:00' }], closedDates: [] },
        from: new Date('2027-03-27T12:00:00Z'),
        to: new Date('2027-03-28T12:00:00Z'),
      }),
    );
    expect(local(slots, tz)).toEqual([
      '2027-03-28T00:00:00+00:00',
      '2027-03-28T00:15:00+00:00',
      '2027-03-28T00:30:00+00:00',
      '2027-03-28T00:45:00+00:00',
      '2027-03-28T02:00:00+01:00',
      '2027-03-28T02:15:00+01:00',
      '2027-03-28T02:30:00+01:00',
      '2027-03-28T02:45:00+01:00',
      '2027-03-28T03:00:00+01:00',
    ]);
    // Every slot lasts 60 real minutes and ends by 04:00 local (03:00Z).
    for (const s of slots) expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(3_600_000);
    expect(slots.at(-1)!.endsAt.toISOString()).toBe('2027-03-28T03:00:00.000Z');
  });

  it('London, fall back (Sunday 31 October 2027): 01:00–02:00 happens twice and both are offered, 5 real hours in all', () => {
    const tz = 'Europe/London';
    const slots = freeSlots(
      query({
        rules: { timeZone: tz, weekly: [{ weekday: 7, opens: '00:00', closes: '04:00' }], closedDates: [] },
        from: new Date('2027-10-30T12:00:00Z'),
        to: new Date('2027-10-31T12:00:00Z'),
      }),
    );
    expect(slots).toHaveLength(17);
    expect(slots[0]!.startsAt.toISOString()).toBe('2027-10-30T23:00:00.000Z');
    expect(slots.at(-1)!.startsAt.toISOString()).toBe('2027-10-31T03:00:00.000Z');
    const labels = local(slots, tz);
    expect(labels).toContain('2027-10-31T01:00:00+01:00');
    expect(labels).toContain('2027-10-31T01:00:00+00:00');
  });

  it('New York, spring forward (Sunday 14 March 2027): opening at 09:00 local moves from 14:00Z to 13:00Z, same number of slots', () => {
    const tz = 'America/New_York';
    const weekly = [6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));
    const slots = freeSlots(
      query({
        rules: { timeZone: tz, weekly, closedDates: [] },
        from: new Date('2027-03-13T05:00:00Z'),
        to: new Date('2027-03-15T04:00:00Z'),
      }),
    );
    const saturday = slots.filter((s) => toZonedIso(s.startsAt, tz).startsWith('2027-03-13'));
    const sunday = slots.filter((s) => toZonedIso(s.startsAt, tz).startsWith('2027-03-14'));
    expect(saturday).toHaveLength(29);
    expect(sunday).toHaveLength(29);
    expect(saturday[0]!.startsAt.toISOString()).toBe('2027-03-13T14:00:00.000Z');
    expect(sunday[0]!.startsAt.toISOString()).toBe('2027-03-14T13:00:00.000Z');
    expect(toZonedIso(sunday.at(-1)!.startsAt, tz)).toBe('2027-03-14T16:00:00-04:00');
  });

  it('New York, fall back (Sunday 7 November 2027): a night shift across the change has one more hour', () => {
    const tz = 'America/New_York';
    const slots = freeSlots(
      query({
        rules: { timeZone: tz, weekly: [{ weekday: 7, opens: '00:00', closes: '03:00' }], closedDates: [] },
        from: new Date('2027-11-07T00:00:00Z'),
        to: new Date('2027-11-08T00:00:00Z'),
      }),
    );
    // 00:00 EDT (04:00Z) to 03:00 EST (08:00Z) is 4 real hours: starts 04:00Z … 07:00Z.
    expect(slots).toHaveLength(13);
    expect(slots[0]!.startsAt.toISOString()).toBe('2027-11-07T04:00:00.000Z');
    expect(slots.at(-1)!.endsAt.toISOString()).toBe('2027-11-07T08:00:00.000Z');
  });

  it('Tokyo has no change: the same wall times on the European and American change dates, on the local date (a day ahead of UTC)', () => {
    const tz = 'Asia/Tokyo';
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:00', closes: '21:00' }));
    for (const day of ['2027-03-14', '2027-03-28', '2027-10-31', '2027-11-07']) {
      const slots = freeSlots(
        query({ rules: { timeZone: tz, weekly, closedDates: [] }, from: new Date(`${day}T00:00:00+09:00`), to: new Date(`${day}T23:59:00+09:00`) }),
      );
      expect(slots).toHaveLength(53);
      expect(toZonedIso(slots[0]!.startsAt, tz)).toBe(`${day}T07:00:00+09:00`);
      // 07:00 in Tokyo is 22:00 UTC of the day before.
      expect(slots[0]!.startsAt.toISOString().slice(0, 10)).not.toBe(day);
      expect(toZonedIso(slots.at(-1)!.startsAt, tz)).toBe(`${day}T20:00:00+09:00`);
    }
  });
});

describe('free slots: hours, closed periods, buffers, resources', () => {
  const tz = 'Europe/London';
  const monday = '2027-06-07';
  const at = (hhmm: string) => new Date(`${monday}T${hhmm}:00+01:00`);
  const rules = {
    timeZone: tz,
    weekly: [
      { weekday: 1, opens: '09:00', closes: '12:00' },
      { weekday: 1, opens: '13:00', closes: '17:00' },
    ],
    closedDates: [],
  };
  const day = { from: at('00:00'), to: at('23:59') };

  it('never crosses a closed period: no 60-minute slot starts after 11:00 until 13:00', () => {
    const labels = local(freeSlots(query({ rules, ...day })), tz).map((s) => s.slice(11, 16));
    expect(labels).toContain('11:00');
    expect(labels).not.toContain('11:15');
    expect(labels.filter((l) => l > '11:00' && l < '13:00')).toEqual([]);
    expect(labels).toContain('13:00');
    expect(labels.at(-1)).toBe('16:00');
  });

  it('offers nothing on a closed date', () => {
    expect(freeSlots(query({ rules: { ...rules, closedDates: [monday] }, ...day }))).toEqual([]);
  });

  it('keeps the buffers of the new booking clear of the spans other bookings occupy (their own buffers included)', () => {
    // A booking 10:00–11:00 whose service keeps 15 minutes after it: it occupies 10:00–11:15.
    const busy = [{ resourceId: A, from: at('10:00'), until: at('11:15') }];
    const service = { durationMinutes: 30, bufferBeforeMinutes: 10, bufferAfterMinutes: 5 };
    const labels = local(freeSlots(query({ rules, ...day, service, busy })), tz).map((s) => s.slice(11, 16));
    // Before: 30 min + 5 min after must end by 10:00 → last start 09:15 (09:30 would need until 10:05).
    expect(labels.filter((l) => l < '10:00')).toEqual(['09:00', '09:15']);
    // After: 10 min before must start at 11:15 or later → first start 11:30 (11:25 is off the grid).
    expect(labels.filter((l) => l >= '10:00' && l < '12:00')).toEqual(['11:30']);
  });

  it('a resource with its own hours is only offered inside them and inside opening hours; others follow opening hours', () => {
    const resources = [
      { id: A, workingHours: [] },
      { id: B, workingHours: [{ weekday: 1, opens: '11:00', closes: '14:30' }] },
    ];
    const slots = freeSlots(query({ rules, ...day, resources }));
    const withB = local(
      slots.filter((s) => s.resourceIds.includes(B)),
      tz,
    ).map((s) => s.slice(11, 16));
    expect(withB).toEqual(['11:00', '13:00', '13:15', '13:30']);
    expect(slots.find((s) => toZonedIso(s.startsAt, tz).slice(11, 16) === '11:00')!.resourceIds).toEqual([A, B]);
    expect(slots.find((s) => toZonedIso(s.startsAt, tz).slice(11, 16) === '09:00')!.resourceIds).toEqual([A]);
  });

  it('lists a time while any eligible resource is free, and not once all of them are busy', () => {
    const resources = [
      { id: A, workingHours: [] },
      { id: B, workingHours: [] },
    ];
    const oneBusy = freeSlots(query({ rules, ...day, resources, busy: [{ resourceId: A, from: at('09:00'), until: at('10:00') }] }));
    expect(oneBusy[0]!.resourceIds).toEqual([B]);
    const bothBusy = freeSlots(query({ rules, ...day, resources, busy: [A, B].map((resourceId) => ({ resourceId, from: at('09:00'), until: at('10:00') })) }));
    expect(local(bothBusy, tz)[0]!.slice(11, 16)).toBe('10:00');
  });

  it('applies minimum notice and horizon, and the requested range', () => {
    const slots = freeSlots(query({ rules, from: at('00:00'), to: at('23:59'), earliest: at('14:05'), latest: at('15:30') }));
    expect(local(slots, tz).map((s) => s.slice(11, 16))).toEqual(['14:15', '14:30', '14:45', '15:00', '15:15']);
    expect(freeSlots(query({ rules, from: at('09:00'), to: at('09:30') })).map((s) => s.startsAt)).toEqual([at('09:00'), at('09:15')]);
  });

  it('overlapping busy spans (buffers of neighbours) are all taken into account', () => {
    const busy = [
      { resourceId: A, from: at('09:00'), until: at('11:00') },
      { resourceId: A, from: at('09:30'), until: at('09:45') },
      { resourceId: A, from: at('13:00'), until: at('16:00') },
    ];
    const labels = local(freeSlots(query({ rules, ...day, busy, service: { durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 } })), tz).map(
      (s) => s.slice(11, 16),
    );
    expect(labels).toEqual(['11:00', '11:15', '11:30', '16:00', '16:15', '16:30']);
  });
});

describe('a time chosen by hand (the admin): the same working windows as the free times', () => {
  const tz = 'Europe/London';
  const monday = '2027-06-07';
  const at = (hhmm: string) => new Date(`${monday}T${hhmm}:00+01:00`);
  const rules = {
    timeZone: tz,
    weekly: [
      { weekday: 1, opens: '09:00', closes: '12:00' },
      { weekday: 1, opens: '13:00', closes: '17:00' },
    ],
    closedDates: [],
  };
  const own = { id: B, workingHours: [{ weekday: 1, opens: '11:00', closes: '14:30' }] };
  const fits = (from: string, until: string, resource = own) => withinWorkingHours(at(from), at(until), rules, resource);

  it("fits inside opening hours ∩ the resource's own hours, at any minute, and never across a closed period", () => {
    expect(fits('11:00', '12:00')).toBe(true);
    expect(fits('11:07', '11:52')).toBe(true); // off the 15-minute grid: fine by hand
    expect(fits('10:45', '11:30')).toBe(false); // starts before the resource works
    expect(fits('11:30', '12:30')).toBe(false); // runs into the lunch closure
    expect(fits('13:30', '14:30')).toBe(true);
    expect(fits('14:00', '15:00')).toBe(false); // ends after the resource stops
    expect(fits('09:00', '10:00', { id: A, workingHours: [] })).toBe(true); // no own hours: the opening hours
    expect(withinWorkingHours(at('11:00'), at('12:00'), { ...rules, closedDates: [monday] }, own)).toBe(false);
  });

  it('agrees with the free times: every offered start fits, on the resource it is offered on', () => {
    const slots = freeSlots(query({ rules, from: at('00:00'), to: at('23:59'), resources: [{ id: A, workingHours: [] }, own] }));
    for (const slot of slots) {
      for (const id of slot.resourceIds) {
        expect(withinWorkingHours(slot.startsAt, slot.endsAt, rules, id === B ? own : { id: A, workingHours: [] })).toBe(true);
      }
    }
  });
});
