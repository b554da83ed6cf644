import type { Page } from '@playwright/test';
import { apiCall, businessOf, calendarEvent, calendarSettled, dragTo, freeHours, hh, lane, weekdayAhead, zonedIso } from '../calendar';
import { expect, impersonationPill, profileButton, screenshot, signIn, test, uniqueName } from '../fixtures';

/** Nothing on the page may make it scroll sideways on a 390 px wide phone. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.doc, 'page width on a phone').toBeLessThanOrEqual(widths.view);
}

async function expectOnScreen(page: Page, locator: ReturnType<Page['locator']>, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(width);
}

test.describe('On a phone (390×844)', () => {
  test('the operator navigates through the drawer, tables scroll inside their cards, and impersonation keeps the profile menu on screen', async ({ page }) => {
    await signIn(page, 'operator');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const toggle = page.getByRole('button', { name: 'Open navigation' });
    // The sidebar does not sit above every page: it is a drawer behind the menu button.
    await expect(nav).toBeHidden();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-operator-dashboard');

    await toggle.click();
    await expect(nav).toBeVisible();
    await expect(page.getByRole('button', { name: 'Close navigation' })).toHaveAttribute('aria-expanded', 'true');
    await screenshot(page, 'phone-navigation-open');
    await nav.getByRole('link', { name: 'Businesses' }).click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    // The drawer closes and focus lands on the new page's heading.
    await expect(nav).toBeHidden();
    const heading = page.getByRole('heading', { name: 'Businesses', level: 1 });
    await expect(heading).toBeFocused();

    // The table scrolls inside its card; the page does not.
    const wrap = page.locator('.table-wrap').first();
    await expect(wrap.locator('tbody tr').first()).toBeVisible();
    const scroll = await wrap.evaluate((el) => ({ inner: el.scrollWidth, outer: el.clientWidth }));
    expect(scroll.inner).toBeGreaterThan(scroll.outer);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-operator-businesses');

    // The eye is reachable (the card scrolls to it) and starts the impersonation.
    await page.getByRole('button', { name: 'Impersonate Acme Hair', exact: true }).click();
    await expect(page).toHaveURL(/\/b\/acme-hair\/dashboard$/);
    const pill = impersonationPill(page);
    await expect(pill).toBeVisible();
    await expect(pill).toContainText('Acme Hair');
    await expect(pill).toHaveAttribute('aria-label', /^Impersonating Acme Hair as Owner/);
    // Compact pill, and the profile menu button still fully on screen beside it.
    await expectOnScreen(page, pill, 'the impersonation pill');
    await expectOnScreen(page, profileButton(page), 'the profile button');
    await expectOnScreen(page, pill.getByRole('button', { name: 'Exit impersonation' }), 'the pill’s ×');
    const [pillBox, profileBox] = [await pill.boundingBox(), await profileButton(page).boundingBox()];
    expect(pillBox!.x + pillBox!.width).toBeLessThanOrEqual(profileBox!.x);
    await expect(profileButton(page)).toHaveAccessibleName('Olivia Operator');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-impersonation-dashboard');

    await profileButton(page).click();
    const signOut = page.getByRole('menuitem', { name: 'Sign out' });
    await expect(signOut).toBeVisible();
    await expectOnScreen(page, page.getByRole('menu'), 'the profile menu');
    await screenshot(page, 'phone-impersonation-profile-menu');
    await signOut.click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    await expect(pill).toHaveCount(0);
  });

  test('an owner reaches every business page from the drawer', async ({ page }) => {
    await signIn(page, 'acmeOwner');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, heading] of [
      ['Calendar', 'Calendar'],
      ['Bookings', 'Bookings'],
      ['Customers', 'Customers'],
      ['Settings', 'Settings'],
      ['Access log', 'Access log'],
    ] as const) {
      await page.getByRole('button', { name: 'Open navigation' }).click();
      await nav.getByRole('link', { name: link, exact: true }).click();
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await expect(nav).toBeHidden();
      await expectNoSidewaysScroll(page);
    }
    await screenshot(page, 'phone-owner-access-log');
  });

  test('an owner works the calendar one resource at a time: switches chairs, drags a booking, sees a refused move in place, books a slot by keyboard, cancels in a dialog', async ({
    page,
  }) => {
    const ZONE = 'Europe/London';
    await signIn(page, 'acmeOwner');
    const biz = await businessOf(page, 'acme-hair');
    const chair2 = biz.resource('Chair 2');
    const day = weekdayAhead(ZONE, 42);
    const free = await freeHours(page, biz.id, day, [chair2.id], 60, ZONE);
    expect(free.length, `free hours on ${day}`).toBeGreaterThanOrEqual(3);
    const [start, target, blocked] = [free[0]!, free[1]!, free[free.length - 1]!];
    const name = uniqueName('E2E Phone');
    const customer = (await apiCall<{ id: string }>(page, 'POST', `/businesses/${biz.id}/customers`, { name })).body;
    const other = (await apiCall<{ id: string }>(page, 'POST', `/businesses/${biz.id}/customers`, { name: uniqueName('E2E Phone Blocker') })).body;
    const book = (who: string, hour: number) =>
      apiCall<{ id: string }>(page, 'POST', `/businesses/${biz.id}/bookings`, {
        customerId: who,
        serviceId: biz.service('Haircut').id,
        resourceId: chair2.id,
        startsAt: zonedIso(day, hh(hour), ZONE),
      });
    const booking = (await book(customer.id, start)).body;
    expect((await book(other.id, blocked)).status).toBe(201);

    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
    // A phone gets the day, one resource at a time, and no "All resources".
    await expect(page.getByRole('button', { name: 'Day', exact: true })).toHaveAttribute('aria-pressed', 'true');
    const switcher = page.getByRole('combobox', { name: /^Resource/ });
    await expect(switcher.locator('option', { hasText: 'All resources' })).toHaveCount(0);
    await page.getByLabel('Go to date').fill(day);
    await calendarSettled(page);
    await expect(page.getByRole('columnheader')).toHaveCount(1);
    await expect(page.getByRole('columnheader', { name: /^Chair 1, / })).toBeVisible();
    const event = calendarEvent(page, name);
    await expect(event).toHaveCount(0);
    await switcher.selectOption({ label: 'Chair 2' });
    await calendarSettled(page);
    await expect(page.getByRole('columnheader', { name: /^Chair 2, / })).toBeVisible();
    await expect(event).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-calendar-day-one-resource');

    // Drag an hour later within the column.
    const moved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/bookings/${booking.id}`));
    await dragTo(page, event, lane(page, day, chair2.id), hh(target));
    expect((await moved).status()).toBe(200);
    await calendarSettled(page);
    await expect(event).toContainText(`${hh(target)} – `);

    // Onto the other booking: refused, said in place, snapped back; the message fits the screen.
    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/bookings/${booking.id}`));
    await dragTo(page, event, lane(page, day, chair2.id), hh(blocked));
    expect((await refused).status()).toBe(409);
    const refusal = page.getByTestId('move-refusal');
    await expect(refusal).toContainText('Not moved: Chair 2 is already booked');
    await expect(event).toContainText(`${hh(target)} – `);
    await expectOnScreen(page, refusal, 'the refusal');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-calendar-move-refused');

    // By keyboard: the slot picker, down to the hour the booking left, Enter.
    await switcher.focus();
    await page.keyboard.press('Tab');
    const cursor = page.locator('.slot-cursor');
    await expect(cursor).toBeFocused();
    for (let m = 9 * 60; m < start * 60; m += 30) await page.keyboard.press('ArrowDown');
    await expect(cursor).toHaveAccessibleName(new RegExp(`^Chair 2, .*, ${hh(start)}: free`));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/bookings/new\\?`));
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ date: day, time: hh(start), resourceId: chair2.id });

    // Cancel the moved booking: the question is a dialog that fits the phone.
    await page.goto(`/b/acme-hair/bookings/${booking.id}`);
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    const question = page.getByRole('alertdialog', { name: 'Cancel this booking?' });
    await expect(question.getByRole('button', { name: 'Keep booking' })).toBeFocused();
    await expectOnScreen(page, question, 'the cancel dialog');
    await screenshot(page, 'phone-booking-cancel-dialog');
    await question.getByRole('button', { name: 'Cancel booking' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Booking cancelled.' })).toBeVisible();
  });
});
