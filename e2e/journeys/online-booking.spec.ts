import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, impersonationPill, screenshot, signIn, test, uniqueName } from '../fixtures';

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
    const soonest = (await page.locator('button.time').first().getAttribute('aria-label'))!;
    // A week ahead, so the booking is outside the demo's 24-hour cancellation window.
    await page.getByRole('button', { name: 'Later days' }).click();
    const first = page.locator('button.time').first();
    // Wait for the later days to be shown (the first time changes), not the list still on screen.
    await expect(first).not.toHaveAttribute('aria-label', soonest);
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
    const again = (await page.locator('button.time').first().getAttribute('aria-label'))!;
    await page.getByRole('button', { name: 'Later days' }).click();
    await expect(page.locator('button.time').first()).not.toHaveAttribute('aria-label', again);
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

  test("the owner sets a service's buffers and who performs it and a resource's own hours; the booking page and the admin's next free times follow them; read-only impersonation shows them and changes nothing", async ({
    browser,
  }) => {
    const chair = uniqueName('E2E Mat');
    const service = uniqueName('E2E Private class');
    const owner = await (await browser.newContext()).newPage();
    await signIn(owner, 'yogaOwner');

    // A resource that works 10:00–12:00 every day (City Yoga is open 07:00–21:00, Asia/Tokyo).
    await owner.goto('/b/city-yoga/settings/resources');
    await owner.getByLabel('New resource name').fill(chair);
    await owner.getByRole('button', { name: 'Add resource' }).click();
    await expect(owner.getByText('Resource added.')).toBeVisible();
    const row = owner.getByRole('row').filter({ hasText: chair });
    await expect(row).toContainText('Opening hours');
    await owner.getByRole('button', { name: `Working hours of ${chair}` }).click();
    const hours = owner.getByRole('form', { name: `Working hours of ${chair}` });
    await hours.getByLabel('Its own hours').check();
    // Client-side rules in place: a day that ends before it starts.
    await hours.getByLabel(`${chair} works on Monday`).check();
    await hours.getByLabel(`${chair} starts on Monday`).fill('12:00');
    await hours.getByLabel(`${chair} ends on Monday`).fill('10:00');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await expect(hours.getByText('Closing time must be after opening time.')).toBeVisible();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await hours.getByLabel(`${chair} works on ${day}`).check();
      await hours.getByLabel(`${chair} starts on ${day}`).fill('10:00');
      await hours.getByLabel(`${chair} ends on ${day}`).fill('12:00');
    }
    await screenshot(owner, 'settings-resource-hours');
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await expect(owner.getByText(`Working hours of ${chair} saved`)).toBeVisible();
    await expect(row).toContainText('Mon 10:00–12:00, Tue 10:00–12:00');
    await screenshot(owner, 'settings-resources');

    // A service with a buffer after, performed by that resource only.
    await owner.goto('/b/city-yoga/settings/services');
    await owner.getByRole('button', { name: 'New service' }).click();
    const form = owner.getByRole('region', { name: 'New service' });
    await form.getByLabel('Name').fill(service);
    await form.getByLabel('Duration (minutes)').fill('60');
    await form.getByLabel('Price').fill('40');
    await form.getByLabel('Buffer after (minutes)').fill('300');
    await form.getByLabel(chair).check();
    await form.getByRole('button', { name: 'Create service' }).click();
    await expect(form.getByText('Buffer after must be at most 240.')).toBeVisible();
    await form.getByLabel('Buffer after (minutes)').fill('15');
    await expect(form.getByText('Only the ticked resources are offered')).toBeVisible();
    await screenshot(owner, 'settings-service-form');
    await form.getByRole('button', { name: 'Create service' }).click();
    await expect(owner.getByText('Service created.')).toBeVisible();
    const serviceRow = owner.getByRole('row').filter({ hasText: service });
    await expect(serviceRow).toContainText('15 min after');
    await expect(serviceRow).toContainText(chair);
    await screenshot(owner, 'settings-services');

    // The booking page offers it only inside the resource's hours: 10:00 … 11:00 (60 minutes before 12:00).
    const phone = await browser.newContext({ viewport: PHONE });
    const customer = await phone.newPage();
    await customer.goto('/book/city-yoga');
    await customer.getByRole('button', { name: new RegExp(service) }).click();
    await expect(customer.getByText('Times are shown in Asia/Tokyo')).toBeVisible();
    await expect(customer.locator('button.time').first()).toBeVisible();
    const labels = await customer.locator('button.time').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const times = [...new Set(labels.map((l) => l.slice(-5)))].sort();
    expect(times).toEqual(['10:00', '10:15', '10:30', '10:45', '11:00']);
    await phone.close();

    // The admin's new-booking form: only that resource for this service, and next free times inside its hours.
    await owner.goto('/b/city-yoga/bookings/new');
    await expect(owner.getByRole('progressbar', { name: 'Loading services and resources' })).toHaveCount(0);
    await owner.getByRole('combobox', { name: /Service/ }).selectOption({ label: service });
    const options = await owner
      .getByRole('combobox', { name: /Resource/ })
      .locator('option')
      .allTextContents();
    expect(options.map((o) => o.trim())).toEqual(['Choose a resource', chair]);
    await owner.getByRole('button', { name: 'Next free times' }).click();
    const free = owner.locator('.next-free-list button');
    await expect(free.first()).toBeVisible();
    for (const text of await free.allTextContents()) expect(text).toMatch(new RegExp(`(10:00|10:15|10:30|10:45|11:00) · ${chair}$`));

    // An operator impersonating read-only sees the buffers, who performs it and the hours, and no way to change them.
    const operator = await (await browser.newContext()).newPage();
    await signIn(operator, 'operator');
    await operator.goto('/operator/businesses');
    await operator.getByRole('button', { name: 'Impersonation options for City Yoga' }).click();
    const dialog = operator.getByRole('dialog', { name: 'Impersonate City Yoga with options' });
    await dialog.getByRole('checkbox', { name: /Read-only/ }).check();
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(impersonationPill(operator)).toContainText('read-only');
    try {
      await operator.goto('/b/city-yoga/settings/services');
      await expect(operator.getByRole('row').filter({ hasText: service })).toContainText('15 min after');
      await expect(operator.getByRole('button', { name: 'New service' })).toHaveCount(0);
      await expect(operator.getByRole('button', { name: `Edit service ${service}` })).toHaveCount(0);
      await screenshot(operator, 'settings-services-readonly');
      await operator.goto('/b/city-yoga/settings/resources');
      await expect(operator.getByRole('row').filter({ hasText: chair })).toContainText('Sun 10:00–12:00');
      await expect(operator.getByRole('button', { name: `Working hours of ${chair}` })).toHaveCount(0);
      await expect(operator.getByLabel('New resource name')).toHaveCount(0);
    } finally {
      await impersonationPill(operator).getByRole('button', { name: 'Exit impersonation' }).click();
      await expect(operator).toHaveURL(/\/operator\/businesses$/);
    }

    // Retire both again, so the demo business offers what it did before.
    await owner.goto('/b/city-yoga/settings/services');
    await owner.getByRole('button', { name: `Edit service ${service}` }).click();
    await owner.getByLabel('Active (can be booked)').uncheck();
    await owner.getByRole('button', { name: 'Save service' }).click();
    await expect(owner.getByText('Service saved.')).toBeVisible();
    await owner.goto('/b/city-yoga/settings/resources');
    await owner.getByRole('button', { name: `Deactivate resource ${chair}` }).click();
    await expect(owner.getByText(`${chair} is now inactive.`)).toBeVisible();
  });
});
