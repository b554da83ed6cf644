import { expect, type Page } from '@playwright/test';

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** `date` plus `days` whole days (calendar arithmetic, no zone involved). */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday = 1 … Sunday = 7, for a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The dates (YYYY-MM-DD) the calendar shows now (each has a column per resource). */
export async function visibleDates(page: Page): Promise<string[]> {
  const lanes = page.locator('full-calendar [role="gridcell"][data-day]');
  await expect(lanes.first()).toBeVisible();
  return [...new Set(await lanes.evaluateAll((els) => els.map((el) => el.getAttribute('data-day')!)))];
}

/**
 * Clicks the empty time-grid slot at `date` `time` (HH:MM, on the half hour), the way a person
 * does: in the middle of that date's column (its first resource's, unless `resourceId` is given),
 * at the height of that slot's row, once the grid has its data and stopped moving.
 */
export async function clickSlot(page: Page, date: string, time: string, resourceId?: string): Promise<void> {
  await calendarSettled(page);
  const row = page.locator(`full-calendar [data-time="${time}:00"]`).last();
  await row.scrollIntoViewIfNeeded();
  const column = page.locator(`full-calendar [role="gridcell"][data-day="${date}"]${resourceId ? `[data-resource-id="${resourceId}"]` : ''}`).first();
  await steady(page, column);
  const [rowBox, columnBox] = [await row.boundingBox(), await column.boundingBox()];
  if (!rowBox || !columnBox) throw new Error(`No calendar slot for ${date} ${time}`);
  await page.mouse.click(columnBox.x + columnBox.width / 2, rowBox.y + rowBox.height / 2);
}

/** The signed-in page's own API calls (cookies and the CSRF header, as the admin sends them). */
export async function apiCall<T>(page: Page, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const cookies = await page.context().cookies();
  const xsrf = decodeURIComponent(cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '');
  const res = await page.request.fetch(`/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(method === 'GET' ? {} : { 'x-xsrf-token': xsrf }) },
    ...(body === undefined ? {} : { data: body }),
  });
  return { status: res.status(), body: (await res.json().catch(() => null)) as T };
}

interface Named {
  id: string;
  name: string;
}

/** The signed-in member's business (by slug) with its resources and services, read from the API. */
export async function businessOf(page: Page, slug: string) {
  const me = await apiCall<{ memberships: { business: { id: string; slug: string } }[] }>(page, 'GET', '/auth/me');
  const id = me.body.memberships.find((m) => m.business.slug === slug)!.business.id;
  const resources = (await apiCall<Named[]>(page, 'GET', `/businesses/${id}/resources`)).body;
  const services = (await apiCall<(Named & { durationMinutes: number })[]>(page, 'GET', `/businesses/${id}/services`)).body;
  const byName = <T extends Named>(list: T[], name: string) => list.find((x) => x.name === name)!;
  return { id, resource: (name: string) => byName(resources, name), service: (name: string) => byName(services, name) };
}

/**
 * Whole hours (09..15) on `date` at which every resource named is free for `minutes`, read from
 * GET …/calendar: journeys pick their slots from what is really free, never by chance.
 */
export async function freeHours(page: Page, businessId: string, date: string, resourceIds: string[], minutes: number, timeZone: string): Promise<number[]> {
  const from = `${date}T00:00:00Z`;
  const to = `${plusDays(date, 1)}T12:00:00Z`;
  const view = (
    await apiCall<{ bookings: { resource: { id: string }; startsAt: string; endsAt: string; status: string }[] }>(
      page,
      'GET',
      `/businesses/${businessId}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    )
  ).body;
  const wall = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  const busy = view.bookings.filter((b) => b.status !== 'cancelled' && resourceIds.includes(b.resource.id) && wall(b.startsAt).startsWith(date));
  const mins = (iso: string) => {
    const [h, m] = wall(iso).slice(-5).split(':').map(Number);
    return h! * 60 + m!;
  };
  const hours: number[] = [];
  for (let h = 9; h <= 15; h++) {
    const s = h * 60;
    if (!busy.some((b) => mins(b.startsAt) < s + minutes && mins(b.endsAt) > s)) hours.push(h);
  }
  return hours;
}

/** A weekday (Mon–Fri) at least `days` ahead in `timeZone`, skipping the demo's closed day (today + 24). */
export function weekdayAhead(timeZone: string, days: number): string {
  let date = plusDays(todayIn(timeZone), days);
  while (isoWeekday(date) > 5 || date === plusDays(todayIn(timeZone), 24)) date = plusDays(date, 1);
  return date;
}

export const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** The calendar's column (lane) of one resource on one date. */
export function lane(page: Page, date: string, resourceId: string) {
  return page.locator(`full-calendar [role="gridcell"][data-day="${date}"][data-resource-id="${resourceId}"]`);
}

/** A booking on the calendar, by a text it shows (the customer's name). */
export function calendarEvent(page: Page, text: string) {
  return page.locator('full-calendar [role="button"]').filter({ hasText: text });
}

/** Waits until the calendar has its data and is not saving a move. */
export async function calendarSettled(page: Page): Promise<void> {
  await expect(page.locator('.calendar-card')).toHaveAttribute('aria-busy', 'false');
}

/**
 * Waits until `locator` is drawn and stays put across two animation frames: the calendar lays
 * itself out again after a resize (the screenshot fixture resizes the window), and a pointer
 * aimed at a grid still moving lands in the wrong slot.
 */
export async function steady(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  await expect(locator).toBeVisible();
  let last = '';
  for (let i = 0; i < 40; i++) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box === last && box !== 'null') return;
    last = box;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  throw new Error('the calendar kept moving');
}

/**
 * Drags a booking with the mouse, as a person does: grabs it just below its top edge and lets go
 * at the same height within the `time` row (HH:MM) of the `target` lane.
 */
export async function dragTo(page: Page, event: ReturnType<Page['locator']>, target: ReturnType<Page['locator']>, time: string): Promise<void> {
  const row = page.locator(`full-calendar [data-time="${time}:00"]`).last();
  await steady(page, event);
  // Both ends well inside the window: near its edge the calendar scrolls the page while dragging
  // (as it should for a person), which would move the drop point.
  const [a, b] = [(await event.boundingBox())!, (await row.boundingBox())!];
  await page.evaluate((mid) => window.scrollBy(0, mid - window.innerHeight / 2), (a.y + b.y) / 2);
  const from = (await event.boundingBox())!;
  const [rowBox, laneBox] = [(await row.boundingBox())!, (await target.boundingBox())!];
  await page.mouse.move(from.x + from.width / 2, from.y + 3);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + 12, { steps: 4 });
  const x = laneBox.x + laneBox.width / 2;
  let y = rowBox.y + 3;
  await page.mouse.move(x, y, { steps: 12 });
  // Like a person, watch the moving copy's start time and nudge until it reads `time`.
  const mirror = page.locator('full-calendar .drag-mirror');
  const perMinute = rowBox.height / 30;
  for (let i = 0; i < 10; i++) {
    const shown = /(\d{2}):(\d{2})/.exec(
      (await mirror
        .first()
        .textContent()
        .catch(() => '')) ?? '',
    );
    if (!shown) break;
    const off = Number(shown[1]) * 60 + Number(shown[2]) - (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
    if (off === 0) break;
    y -= (off * perMinute) / 2; // half steps: the snap points need not sit where the rows start
    await page.mouse.move(x, y, { steps: 3 });
  }
  await page.mouse.up();
}

/** Wall time `time` on `date` in `timeZone` → ISO 8601 with that zone's offset, as the API writes it. */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const parts = (ms: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(ms))
        .map((x) => [x.type, x.value]),
    );
    return Date.parse(`${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}:00Z`);
  };
  const offsetMin = Math.round((parts(guess) - guess) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
