import type { Page } from '@playwright/test';
import { expect, fillSignIn, screenshot, signIn, signOut, test, uniqueName, USERS } from '../fixtures';

/**
 * A new business from its first visit to ready (an operator made it and entered it as its owner:
 * the real owner's invitation link only reaches their mailbox), the logs of what the platform did in it, and
 * the honest dead ends: a checklist and empty states that say what to set up, prices in the
 * business's currency, labelled audit rows with names instead of ids, a suspended business's
 * owner told why, a 404 page, not-found states for bad ids, and read-only visits explained.
 */

/** A call to the API with the page's own session (cookies and the XSRF header), as the admin makes it. */
async function api<T = unknown>(page: Page, method: string, path: string, data?: object): Promise<T> {
  const xsrf = (await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  const res = await page.request.fetch(path, { method, data, headers: { 'x-xsrf-token': xsrf } });
  expect(res.ok(), `${method} ${path} → ${res.status()} ${await res.text()}`).toBeTruthy();
  return (res.status() === 204 ? null : await res.json()) as T;
}

/** The operator's own Bearer token (no cookies, no CSRF): for setting up state outside the page's session. */
async function operatorToken(page: Page): Promise<string> {
  const res = await page.request.post('/api/auth/token', { data: { email: USERS.operator.email, password: USERS.operator.password } });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const tag = uniqueName('Ready').split(' ')[1]!.toLowerCase();
const NEW = { name: `Ready Studio ${tag}`, slug: `ready-${tag}`, owner: { name: 'Rita Ready', email: `owner@ready-${tag}.example.test` } };
let businessId = '';
let setupVisit = '';

test.describe.serial('A new business, readable logs and honest dead ends', () => {
  test('a new business shows what to set up; the booking form says what is missing; prices follow the currency', async ({ page }) => {
    await signIn(page, 'operator');
    businessId = (await api<{ id: string }>(page, 'POST', '/api/businesses', { name: NEW.name, slug: NEW.slug, timeZone: 'Europe/Zurich', owner: NEW.owner }))
      .id;
    setupVisit = (await api<{ impersonation: { id: string } }>(page, 'POST', '/api/impersonation', { businessId, reason: 'Set-up help' })).impersonation.id;

    await page.goto(`/b/${NEW.slug}/dashboard`);
    const checklist = page.getByRole('region', { name: `Get ${NEW.name} ready for bookings` });
    await expect(checklist).toContainText('0 of 5 done');
    for (const step of ['Opening hours', 'Services', 'Resources', 'Team', 'Branding']) await expect(checklist.getByRole('link', { name: step })).toBeVisible();
    await screenshot(page, 'setup-checklist');

    // With nothing to book, the form says so and links to the settings instead of empty dropdowns.
    await page.goto(`/b/${NEW.slug}/bookings/new`);
    const missing = page.getByTestId('booking-setup-missing');
    await expect(missing).toContainText('No services or resources to book yet');
    await expect(page.getByLabel('Service *')).toHaveCount(0);
    await screenshot(page, 'booking-new-nothing-to-book');
    await missing.getByRole('link', { name: 'Add a service' }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${NEW.slug}/settings/services$`));

    // The currency is a general setting; every price follows it.
    await page.goto(`/b/${NEW.slug}/settings/general`);
    await expect(page.getByLabel('Currency *')).toHaveValue('EUR');
    await page.getByLabel('Currency *').selectOption('CHF');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await screenshot(page, 'settings-general-currency');
    const consultation = await api<{ id: string }>(page, 'POST', `/api/businesses/${businessId}/services`, {
      name: 'Consultation',
      durationMinutes: 45,
      priceCents: 12000,
    });
    await page.goto(`/b/${NEW.slug}/settings/services`);
    await expect(page.getByRole('row', { name: /Consultation/ })).toContainText(/CHF\s?120\.00/);

    // The checklist ticks itself from the data; its links lead to the page of each step.
    await page.goto(`/b/${NEW.slug}/dashboard`);
    await expect(checklist).toContainText('1 of 5 done');
    await checklist.getByRole('link', { name: 'Opening hours' }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${NEW.slug}/settings/availability$`));
    await page.goto(`/b/${NEW.slug}/bookings/new`);
    await expect(page.getByTestId('booking-setup-missing')).toContainText('No resources to book yet');

    // More for the logs: a price change and a resource.
    await api(page, 'PATCH', `/api/businesses/${businessId}/services/${consultation.id}`, { priceCents: 13550 });
    await api(page, 'POST', `/api/businesses/${businessId}/resources`, { name: 'Room Alpine' });
    await api(page, 'DELETE', '/api/impersonation');
  });

  test('the operator’s audit reads as words: changes first, names for ids, prices in the currency, the raw record a click away', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto(`/operator/audit?businessId=${businessId}`);
    const table = page.getByRole('region', { name: 'Audit events' });
    const changed = table.getByRole('row', { name: /Changed a service/ });
    await expect(changed).toContainText('Consultation');
    await expect(changed).toContainText('service.update'); // the code too, for the Action filter
    await expect(table).toContainText('Added a resource');
    await expect(table).toContainText('Changed general settings');
    await expect(table).not.toContainText('Viewed services');
    await changed.getByRole('button', { name: 'Changes' }).click();
    const priceRow = table.getByRole('row', { name: /^Price/ });
    await expect(priceRow).toContainText(/CHF\s?120\.00/);
    await expect(priceRow).toContainText(/CHF\s?135\.50/);
    await expect(priceRow).not.toContainText('12000');
    await changed.getByRole('button', { name: /^Raw record of Changed a service/ }).click();
    await expect(table.locator('pre.raw').first()).toContainText('"priceCents"');
    await screenshot(page, 'audit-readable');
    await page.getByRole('checkbox', { name: 'Show page views' }).check();
    await expect(table).toContainText('Viewed services');
    await screenshot(page, 'audit-with-page-views');

    // One visit as a story, oldest first, with the changes inline.
    await page.goto(`/operator/audit?impersonationId=${setupVisit}`);
    await expect(page.getByRole('heading', { name: /Impersonation/ })).toBeVisible();
    const story = page.locator('.timeline');
    await expect(story).toContainText('Entered the business');
    await expect(story).toContainText('Changed a service · Consultation');
    await expect(story.getByRole('row', { name: /^Currency/ })).toContainText('CHF');
    await screenshot(page, 'audit-impersonation-story');
    await signOut(page);
  });

  test('the access log shows what a visit changed, in words; page views only when asked', async ({ page }) => {
    await signIn(page, 'operator');
    await api(page, 'POST', '/api/impersonation', { businessId, reason: 'Read the log' });
    await page.goto(`/b/${NEW.slug}/access-log`);
    const visit = page.getByRole('article', { name: /Visit by Olivia Operator/ }).filter({ hasText: 'Set-up help' });
    await expect(visit).toContainText('4 changes made');
    await expect(visit).toContainText('Changed a service · Consultation');
    await expect(
      visit
        .getByRole('row', { name: /^Price/ })
        .filter({ hasText: /CHF\s?120\.00/ })
        .filter({ hasText: /CHF\s?135\.50/ }),
    ).toHaveCount(1);
    await expect(visit).toContainText('Added a resource · Room Alpine');
    await expect(visit.getByRole('row', { name: /^Currency/ })).toContainText('EUR');
    await expect(visit).not.toContainText('priceCents');
    await expect(visit).not.toContainText('Viewed services');
    await screenshot(page, 'access-log-readable');
    await page.getByRole('checkbox', { name: 'Also show the pages they viewed' }).check();
    await expect(visit).toContainText('Viewed services');
    await expect(visit).toContainText(/\d+ page views/);
    await screenshot(page, 'access-log-with-page-views');

    // The checklist follows what was set up (a service and a resource).
    await page.goto(`/b/${NEW.slug}/dashboard`);
    await expect(page.getByRole('region', { name: /ready for bookings/ })).toContainText('2 of 5 done');
    await api(page, 'DELETE', '/api/impersonation');
    await signOut(page);
  });

  test('a read-only visit explains itself instead of a greyed form', async ({ page }) => {
    await signIn(page, 'operator');
    await api(page, 'POST', '/api/impersonation', { businessId, readOnly: true, reason: 'Look only' });
    await page.goto(`/b/${NEW.slug}/dashboard`);
    await expect(page.getByRole('note').filter({ hasText: 'read-only visit' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New booking' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: /ready for bookings/ })).toBeVisible();
    await screenshot(page, 'readonly-dashboard');
    await page.goto(`/b/${NEW.slug}/bookings/new`);
    await expect(page.getByTestId('read-only-explained')).toContainText('Read-only visit: no new bookings');
    await expect(page.getByLabel('Service *')).toHaveCount(0);
    await screenshot(page, 'readonly-new-booking');
    await api(page, 'DELETE', '/api/impersonation');
    await signOut(page);
  });

  test('unknown pages and bad ids say "not found"; a suspended business’s owner is told why', async ({ page }) => {
    await signIn(page, 'acmeOwner');
    await page.goto('/b/acme-hair/no-such-page');
    await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
    await screenshot(page, 'page-not-found');
    await page.getByRole('link', { name: 'Go to your start page' }).click();
    await expect(page).toHaveURL(/\/b\/acme-hair\/dashboard$/);
    await page.goto('/nothing/here');
    await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();

    await page.goto('/b/acme-hair/customers/not-a-customer-id');
    await expect(page.getByTestId('not-found')).toContainText('Customer not found');
    await screenshot(page, 'customer-not-found');
    await page.goto('/b/acme-hair/bookings/00000000-0000-4000-8000-000000000000');
    await expect(page.getByTestId('not-found')).toContainText('Booking not found');
    await screenshot(page, 'booking-not-found');
    await signOut(page);

    // A demo business suspended for the length of this check (its owner is the one who can sign in).
    const token = await operatorToken(page);
    const auth = { authorization: `Bearer ${token}` };
    const list = await page.request.get('/api/businesses?q=city-yoga', { headers: auth });
    const yoga = ((await list.json()) as { items: { id: string; slug: string }[] }).items.find((b) => b.slug === 'city-yoga')!;
    const setStatus = async (status: 'active' | 'suspended') =>
      expect((await page.request.patch(`/api/businesses/${yoga.id}`, { headers: auth, data: { status } })).ok()).toBeTruthy();
    await setStatus('suspended');
    try {
      await fillSignIn(page, USERS.yogaOwner.email, USERS.yogaOwner.password);
      await expect(page).toHaveURL(/\/no-access$/);
      await expect(page.getByRole('heading', { name: 'City Yoga is suspended' })).toBeVisible();
      await expect(page.getByTestId('no-access')).not.toContainText('not a member of any business');
      await screenshot(page, 'suspended-owner');
      await page.goto('/b/city-yoga/dashboard');
      await expect(page).toHaveURL(/\/no-access$/);
    } finally {
      await setStatus('active');
    }
  });
});
