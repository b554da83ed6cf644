import type { AvailabilitySettings, BookingView, ResourceView } from '#contracts';
import { buildColumns, closedSpans, COLUMN_BASE, openSpans, placeBooking, readGridPoint, weekOf } from './calendar-model';

const chair = (id: string, workingHours: ResourceView['workingHours'] = []): ResourceView => ({ id, name: `Chair ${id}`, active: true, workingHours });
const HOURS: AvailabilitySettings = {
  timeZone: 'Europe/London',
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
  closedDates: ['2026-03-31'],
};

describe('calendar columns on the free timeGrid', () => {
  it('lays out each date × each resource, in order, on consecutive placeholder days', () => {
    const columns = buildColumns(['2026-03-30', '2026-03-31'], [chair('a'), chair('b')]);
    expect(columns.map((c) => [c.date, c.resource.id, c.slot, c.firstOfDay])).toEqual([
      ['2026-03-30', 'a', COLUMN_BASE, true],
      ['2026-03-30', 'b', '2100-01-05', false],
      ['2026-03-31', 'a', '2100-01-06', true],
      ['2026-03-31', 'b', '2100-01-07', false],
    ]);
  });

  it('reads a grid instant back as its column and wall time', () => {
    const columns = buildColumns(['2026-03-30', '2026-03-31'], [chair('a'), chair('b')]);
    expect(readGridPoint(new Date('2100-01-06T10:15:00Z'), columns)).toEqual({ column: columns[2], time: '10:15' });
    expect(readGridPoint(new Date('2100-02-01T10:15:00Z'), columns)).toBeNull();
  });

  it('places a booking at its wall time in the business zone, across a DST change, in its resource column', () => {
    // 29 March 2026: London moves to BST. 09:00 BST is 08:00Z.
    const columns = buildColumns(['2026-03-29', '2026-03-30'], [chair('a'), chair('b')]);
    const b = { startsAt: '2026-03-30T08:00:00Z', endsAt: '2026-03-30T08:45:00Z', resource: { id: 'b', name: 'Chair b' } } as BookingView;
    expect(placeBooking(b, columns, 'Europe/London')).toEqual({ column: columns[3], start: '2100-01-07T09:00:00Z', end: '2100-01-07T09:45:00.000Z' });
    expect(placeBooking({ ...b, resource: { id: 'gone', name: 'x' } }, columns, 'Europe/London')).toBeNull();
  });

  it('shades what is closed: outside opening hours, outside the resource’s own hours, the whole of a closed date', () => {
    expect(closedSpans('2026-03-30', chair('a'), HOURS)).toEqual([
      { start: '00:00', end: '09:00' },
      { start: '18:00', end: '24:00' },
    ]);
    const partTime = chair('p', [{ weekday: 1, opens: '12:00', closes: '20:00' }]);
    expect(openSpans('2026-03-30', partTime, HOURS)).toEqual([[720, 1080]]);
    expect(closedSpans('2026-03-31', chair('a'), HOURS)).toEqual([{ start: '00:00', end: '24:00' }]);
    expect(closedSpans('2026-04-04', chair('a'), HOURS)).toEqual([{ start: '00:00', end: '24:00' }]); // a Saturday
  });

  it('weeks run Monday to Sunday', () => {
    expect(weekOf('2026-04-01')).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05']);
  });
});
