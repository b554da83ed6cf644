import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, signIn, test, uniqueName } from '../fixtures';

const PHONE = { width: 390, height: 844 };

/** No serious or critical accessibility violation on the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('online booking', () => {
  test('a customer books from a phone, the owner sees it on the calendar as online, the customer cancels, and the time is free again', async ({ browser }) => {
    const phone = await browser.newContext({ viewport: PHONE });
    const page = await phone.newPage();
    await page.goto('/book/acme-hair');
    await expect(page.getByRole('heading', { name: 'Acme Hair', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: /Haircut.*45 min/ })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'book-services-phone');

    await page.getByRole('button', { name: /Haircut/ }).click();
    await expect(page.getByText('Times are shown in Europe/London')).toBeVisible();
    await expect(page.locator('button.time').first()).toBeVisible();
    // A week ahead, so the booking is outside the demo's 24-hour cancellation window.
    await page.getByRole('button', { name: 'Later days' }).click();
    const first = page.locator('button.time').first();
    await expect(first).toBeVisible();
    const slotLabel = (await first.getAttribute('aria-label'))!;
    await expectAccessible(page);
    await screenshot(page, 'book-times-phone');
    await first.click();

    const name = uniqueName('Web Customer');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('E-mail').fill(`${name.replace(/\W+/g, '.').toLowerCase()}@example.test`);
    await page.getByLabel(/Phone/).fill('+44 7700 900123');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect(page.getByRole('heading', { name: 'You are booked' })).toBeVisible();
    const manage = page.locator('a.manage-link');
    const manageHref = (await manage.getAttribute('href'))!;
    expect(manageHref).toMatch(/^\/book\/acme-hair\/manage\/[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page);
    await screenshot(page, 'book-confirmed-phone');

    // The owner sees it on the calendar, marked as made online.
    const owner = await (await browser.newContext()).newPage();
    await signIn(owner, 'acmeOwner');
    await owner.goto('/b/acme-hair/calendar');
    const event = owner.getByText(`[Online] ${name}`, { exact: false }).first();
    await expect(owner.getByRole('heading', { name: 'Calendar' })).toBeVisible();
    // The booking is one to three weeks ahead: step the calendar forward to its week.
    for (let i = 0; i < 4 && !(await event.isVisible().catch(() => false)); i++) {
      await owner.waitForTimeout(1000);
      if (await event.isVisible().catch(() => false)) break;
      await owner.getByRole('button', { name: /^Next/ }).click();
    }
    await expect(event.first()).toBeVisible();
    await screenshot(owner, 'book-owner-calendar');

    // The customer cancels through the manage link.
    await page.goto(manageHref);
    await expect(page.getByRole('heading', { name: 'Your booking' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'book-manage-phone');
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await expect(page.getByTestId('booking-status')).toHaveText('Cancelled');

    // The time is offered again.
    await page.goto('/book/acme-hair');
    await page.getByRole('button', { name: /Haircut/ }).click();
    await expect(page.locator('button.time').first()).toBeVisible();
    await page.getByRole('button', { name: 'Later days' }).click();
    await expect(page.getByRole('button', { name: slotLabel, exact: true })).toBeVisible();
    await phone.close();
  });

  test('the operator previews the booking page while impersonating, also with online booking off, and the preview books nothing', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/operator/businesses');
    await page.getByRole('button', { name: 'Impersonate Acme Hair', exact: true }).click();
    await expect(page).toHaveURL(/\/b\/acme-hair\/dashboard$/);
    await page.goto('/b/acme-hair/settings/booking');
    const toggle = page.getByLabel('Take bookings on the public booking page');
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await page.getByRole('button', { name: 'Save online booking' }).click();
    await expect(page.getByText('Online booking saved.')).toBeVisible();
    try {
      await page.getByRole('link', { name: 'Preview booking page' }).click();
      await expect(page.getByText('Preview: this is what customers see')).toBeVisible();
      await expect(page.getByText('does not take online bookings at the moment')).toBeVisible();
      await page.getByRole('button', { name: /Haircut/ }).click();
      await page.locator('button.time').first().click();
      await page.getByLabel('Name').fill('Preview Person');
      await page.getByLabel('E-mail').fill('preview@example.test');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Confirm (preview)' }).click();
      await expect(page.getByRole('heading', { name: 'Preview: no booking was made' })).toBeVisible();
      await screenshot(page, 'book-preview-desktop');
      const list = await page.request.get('/api/public/businesses/acme-hair');
      expect((await list.json()).acceptingBookings).toBe(false);
    } finally {
      await page.goto('/b/acme-hair/settings/booking');
      await page.getByLabel('Take bookings on the public booking page').check();
      await page.getByRole('button', { name: 'Save online booking' }).click();
      await expect(page.getByText('Online booking saved.')).toBeVisible();
    }
  });
});
