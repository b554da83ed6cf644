import { apiCall, businessOf, calendarEvent, calendarSettled, dragTo, freeHours, hh, lane, weekdayAhead, zonedIso } from '../calendar';
import { expect, re, screenshot, signIn, test, uniqueName } from '../fixtures';

const SLUG = 'acme-hair';
const ZONE = 'Europe/London';

test.describe('Calendar', () => {
  test('a column per resource; drag a booking to another time and chair; refused moves are shown in place and undone; an empty slot is booked by keyboard', async ({
    page,
  }) => {
    await signIn(page, 'acmeOwner');
    const biz = await businessOf(page, SLUG);
    const [chair1, chair2, chair3] = [biz.resource('Chair 1'), biz.resource('Chair 2'), biz.resource('Chair 3')];
    const haircut = biz.service('Haircut'); // 45 minutes

    // A day five weeks ahead (no demo bookings), and hours that are really free there.
    const day = weekdayAhead(ZONE, 35);
    const free = await freeHours(page, biz.id, day, [chair1.id, chair2.id], 60, ZONE);
    expect(free.length, `free hours on ${day}`).toBeGreaterThanOrEqual(3);
    const [start, target, blocked] = [free[0]!, free[1]!, free[free.length - 1]!];
    const name = uniqueName('E2E Drag');
    const customer = (await apiCall<{ id: string }>(page, 'POST', `/businesses/${biz.id}/customers`, { name })).body;
    const book = async (resourceId: string, hour: number, who: string) =>
      apiCall<{ id: string }>(page, 'POST', `/businesses/${biz.id}/bookings`, {
        customerId: who,
        serviceId: haircut.id,
        resourceId,
        startsAt: zonedIso(day, hh(hour), ZONE),
      });
    const created = await book(chair1.id, start, customer.id);
    expect(created.status).toBe(201);
    const booking = created.body;
    // Another customer holds Chair 2 later that day (the slot a refused move aims at).
    const other = (await apiCall<{ id: string }>(page, 'POST', `/businesses/${biz.id}/customers`, { name: uniqueName('E2E Blocker') })).body;
    expect((await book(chair2.id, blocked, other.id)).status).toBe(201);

    // 1. Day view of that day: one column per resource, named for screen readers.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await expect(page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await page.getByLabel('Go to date').fill(day);
    await calendarSettled(page);
    for (const chair of [chair1, chair2, chair3]) {
      await expect(page.getByRole('columnheader', { name: new RegExp(`^${chair.name}, `) })).toBeVisible();
      await expect(lane(page, day, chair.id)).toBeVisible();
    }
    const event = calendarEvent(page, name);
    await expect(event).toBeVisible();
    await expect(event).toContainText(`${hh(start)} – `);
    // The booking sits inside Chair 1's column, not across the others.
    const within = async (resourceId: string) => {
      const [e, l] = [(await event.boundingBox())!, (await lane(page, day, resourceId).boundingBox())!];
      return e.x >= l.x - 1 && e.x + e.width <= l.x + l.width + 1;
    };
    expect(await within(chair1.id)).toBe(true);
    await screenshot(page, 'calendar-day-resource-columns');

    // 2. Drag it to Chair 2, an hour later: a PATCH with the API's checks, and it stays there.
    const moved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/bookings/${booking.id}`));
    await dragTo(page, event, lane(page, day, chair2.id), hh(target));
    const moveRes = await moved;
    expect(moveRes.status()).toBe(200);
    expect(moveRes.request().postDataJSON()).toEqual({ startsAt: zonedIso(day, hh(target), ZONE), resourceId: chair2.id });
    await calendarSettled(page);
    await expect(event).toContainText(hh(target));
    expect(await within(chair2.id)).toBe(true);
    const saved = (await apiCall<{ resource: { name: string }; startsAt: string }>(page, 'GET', `/businesses/${biz.id}/bookings/${booking.id}`)).body;
    expect(saved.resource.name).toBe('Chair 2');
    expect(saved.startsAt).toBe(zonedIso(day, hh(target), ZONE));
    await expect(page.getByTestId('move-refusal')).toHaveCount(0);

    // 3. Onto the other customer's booking: 409 slot_taken, said where it was dropped, and undone.
    const before = (await event.boundingBox())!;
    const taken = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/bookings/${booking.id}`));
    await dragTo(page, event, lane(page, day, chair2.id), hh(blocked));
    expect((await taken).status()).toBe(409);
    const refusal = page.getByTestId('move-refusal');
    await expect(refusal).toBeVisible();
    await expect(refusal).toHaveAttribute('role', 'alert');
    await expect(refusal).toContainText(`Not moved: Chair 2 is already booked`);
    await expect(refusal).toContainText(hh(blocked));
    const refusalBox = (await refusal.boundingBox())!;
    const blockedRow = (await page
      .locator(`full-calendar [data-time="${hh(blocked)}:00"]`)
      .last()
      .boundingBox())!;
    expect(Math.abs(refusalBox.y - blockedRow.y), 'the refusal sits where the booking was dropped').toBeLessThan(80);
    await expect(event).toContainText(hh(target));
    expect(await event.boundingBox()).toEqual(before);
    await screenshot(page, 'calendar-move-refused-slot-taken');

    // 4. Past closing time (18:00): 422 outside_availability, also in place and undone.
    const late = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/bookings/${booking.id}`));
    await dragTo(page, event, lane(page, day, chair2.id), '17:30');
    expect((await late).status()).toBe(422);
    await expect(refusal).toContainText('Not moved: that time is outside opening hours');
    expect(await event.boundingBox()).toEqual(before);
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
    await expect(refusal).toHaveCount(0);
    expect((await apiCall<{ startsAt: string }>(page, 'GET', `/businesses/${biz.id}/bookings/${booking.id}`)).body.startsAt).toBe(
      zonedIso(day, hh(target), ZONE),
    );

    // 5. The week of every resource: three columns a day, the booking in Chair 2's.
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await calendarSettled(page);
    await expect(page.getByRole('columnheader', { name: re(`Chair 3, `) })).toHaveCount(7);
    await expect(event).toBeVisible();
    expect(await within(chair2.id)).toBe(true);
    await screenshot(page, 'calendar-week-resource-columns');

    // 6. By keyboard: Tab from the toolbar reaches the slot picker; arrows choose Chair 1 at the
    // hour the booking left; Enter opens the new-booking form at that time and resource.
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await calendarSettled(page);
    await page.getByRole('combobox', { name: /^Resource/ }).focus();
    await page.keyboard.press('Tab');
    const cursor = page.locator('.slot-cursor');
    await expect(cursor).toBeFocused();
    await expect(cursor).toHaveAccessibleName(/^Chair 1, .*, 09:00: (free|booked)/);
    for (let m = 9 * 60; m < start * 60; m += 30) await page.keyboard.press('ArrowDown');
    await expect(cursor).toHaveAccessibleName(new RegExp(`^Chair 1, .*, ${hh(start)}: free\\. Enter books it\\.$`));
    await page.keyboard.press('ArrowRight');
    await expect(cursor).toHaveAccessibleName(new RegExp(`^Chair 2, .*, ${hh(start)}: free`));
    await page.keyboard.press('ArrowLeft');
    await screenshot(page, 'calendar-keyboard-slot');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/b/${SLUG}/bookings/new\\?`));
    const query = new URL(page.url()).searchParams;
    expect([query.get('date'), query.get('time'), query.get('resourceId')]).toEqual([day, hh(start), chair1.id]);
    await expect(page.getByLabel('Date')).toHaveValue(day);
    await expect(page.getByLabel('Start time')).toHaveValue(hh(start));
    await expect(page.getByRole('combobox', { name: /^Resource/ })).toHaveValue(chair1.id);
  });

  test('staff may move and book as owners do (the API lets staff change bookings)', async ({ page }) => {
    await signIn(page, 'acmeStaff');
    await page.goto(`/b/${SLUG}/calendar`);
    await calendarSettled(page);
    await expect(page.locator('.slot-cursor')).toHaveCount(1);
    await expect(page.getByText('drag it to another time or column to move it')).toBeVisible();
  });
});
