import type { Page } from '@playwright/test';
import { isoWeekday, plusDays, todayIn } from '../calendar';
import { currentImpersonationId, expect, impersonationPill, profileButton, re, screenshot, signIn, signOut, test, uniqueName } from '../fixtures';

const ACME = { slug: 'acme-hair', name: 'Acme Hair', zone: 'Europe/London' };

/** From the operator's business list, the eye on a business's row: impersonate it as owner. */
async function impersonateFromList(page: Page, businessName: string): Promise<void> {
  if (!page.url().endsWith('/operator/businesses')) await page.goto('/operator/businesses');
  await expect(page.getByRole('heading', { name: 'Businesses', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: `Impersonate ${businessName}`, exact: true }).click();
}

/** The options menu next to the eye: start with a role and/or read-only. */
async function impersonateWithOptions(
  page: Page,
  businessName: string,
  options: { role?: 'Owner' | 'Staff'; readOnly?: boolean; reason?: string },
): Promise<void> {
  await page.goto('/operator/businesses');
  await page.getByRole('button', { name: `Impersonation options for ${businessName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Impersonate ${businessName} with options` });
  await expect(dialog).toBeVisible();
  if (options.role) await dialog.getByRole('radio', { name: options.role }).check();
  if (options.readOnly) await dialog.getByRole('checkbox', { name: /Read-only/ }).check();
  if (options.reason) await dialog.getByLabel(/Reason/).fill(options.reason);
  await screenshot(page, `impersonation-options-${(options.role ?? 'owner').toLowerCase()}${options.readOnly ? '-readonly' : ''}`);
  await dialog.getByRole('button', { name: 'Start' }).click();
}

/** A weekday 15–21 days ahead in the business's zone (past the seeded bookings, not the closed day). */
function freeWeekday(zone: string): string {
  const today = todayIn(zone);
  const closed = plusDays(today, 24);
  for (let offset = 15; offset < 30; offset++) {
    const date = plusDays(today, offset);
    if (isoWeekday(date) <= 5 && date !== closed) return date;
  }
  throw new Error('no weekday found');
}

test.describe('Operator impersonation', () => {
  test('eye icon → business dashboard with the pill; actions are audited under the operator', async ({ page }) => {
    await signIn(page, 'operator');
    await impersonateFromList(page, ACME.name);

    // Lands on the business dashboard, as the business sees it, with the amber pill.
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    const pill = impersonationPill(page);
    await expect(pill).toBeVisible();
    await expect(pill).toContainText(ACME.name);
    await expect(pill).toContainText('Owner');
    await expect(pill).toHaveAttribute('aria-label', /^Impersonating Acme Hair as Owner/);
    await expect(pill.getByRole('button', { name: 'Exit impersonation' })).toBeVisible();
    await expect(page).toHaveTitle(/^\[Impersonating Acme Hair\] /);
    // The real identity stays on screen.
    await expect(profileButton(page)).toHaveText(/Olivia Operator/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toContainText(ACME.name);
    await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'All bookings' })).toHaveCount(0);
    await pill.screenshot({ path: 'test-results/screens/impersonation-pill.png' });
    await page.locator('header').screenshot({ path: 'test-results/screens/impersonation-topbar.png' });
    await screenshot(page, 'impersonation-dashboard');
    const impersonationId = await currentImpersonationId(page);
    expect(impersonationId).toBeTruthy();

    // The profile menu still says who is really signed in.
    await profileButton(page).click();
    await expect(page.getByRole('menu')).toContainText('Olivia Operator');
    await expect(page.getByRole('menu')).toContainText('Platform operator');
    await page.keyboard.press('Escape');

    // A booking made while impersonating.
    await page.goto(`/b/${ACME.slug}/customers`);
    const firstCustomer = (await page.locator('table tbody tr').first().locator('td').first().textContent())!.trim();
    await page.goto(`/b/${ACME.slug}/bookings/new`);
    await expect(page).toHaveTitle(/^\[Impersonating Acme Hair\] New booking/);
    await page.getByRole('combobox', { name: 'Customer' }).fill(firstCustomer.split(' ')[0]!);
    await page
      .getByRole('option', { name: re(firstCustomer) })
      .first()
      .click();
    await page.getByLabel('Service').selectOption({ label: 'Beard trim' });
    await page.getByLabel('Resource').selectOption({ label: 'Chair 3' });
    await page.getByLabel('Date').fill(freeWeekday(ACME.zone));
    await page.getByLabel('Start time').fill(`${String(9 + Math.floor(Math.random() * 8)).padStart(2, '0')}:30`);
    await page.getByRole('button', { name: 'Create booking' }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/bookings/[0-9a-f-]{36}$`));
    await expect(page.locator('.card.summary')).toContainText('Beard trim with Chair 3');
    await expect(pill).toBeVisible();

    // A setting changed while impersonating.
    const phone = `+44 20 7946 ${String(1000 + Math.floor(Math.random() * 8999))}`;
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/settings/general$`));
    await expect(page.getByLabel('Business name')).toHaveValue(ACME.name);
    await page.getByLabel('Contact phone').fill(phone);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await screenshot(page, 'impersonation-settings-general');

    // Exit with the ×: back on the business list, the operator's own view.
    await pill.getByRole('button', { name: 'Exit impersonation' }).click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    await expect(pill).toHaveCount(0);
    await expect(page).toHaveTitle(/^Businesses/);
    await expect(profileButton(page)).toHaveText(/Olivia Operator/);
    expect(await currentImpersonationId(page)).toBeNull();

    // The audit trail shows those actions under the operator, inside that impersonation.
    await page.goto('/operator/audit');
    await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
    const rows = page.locator('table tbody tr');
    const settingsRow = rows.filter({ hasText: /PUT \/api\/businesses\/[0-9a-f-]+\/settings\/general/ }).first();
    await expect(settingsRow).toContainText('Olivia Operator');
    await expect(settingsRow).toContainText(`as ${ACME.name}`);
    const bookingRow = rows.filter({ hasText: /POST \/api\/businesses\/[0-9a-f-]+\/bookings(?!\/)/ }).first();
    await expect(bookingRow).toContainText('Olivia Operator');
    await expect(bookingRow).toContainText(`as ${ACME.name}`);
    await screenshot(page, 'impersonation-audit-list');

    // ... and the impersonation as one story, from its start to its end.
    await page.goto(`/operator/audit?impersonationId=${impersonationId}`);
    await expect(page.getByRole('heading', { name: /^Impersonation/ })).toBeVisible();
    await expect(page.locator('.story')).toContainText(`Olivia Operator in ${ACME.name}`);
    const timeline = page.locator('ol.timeline');
    await expect(timeline).toContainText('impersonation.start');
    await expect(timeline).toContainText(/POST \/api\/businesses\/[0-9a-f-]+\/bookings/);
    await expect(timeline).toContainText(/PUT \/api\/businesses\/[0-9a-f-]+\/settings\/general/);
    await expect(timeline).toContainText(/impersonation\.(end|exit)/);
    await screenshot(page, 'impersonation-audit-timeline');
  });

  test('a customer name in All bookings opens that customer inside the business', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/operator/bookings');
    await expect(page.getByRole('heading', { name: 'All bookings', level: 1 })).toBeVisible();
    const firstRow = page.locator('table tbody tr').first();
    await expect(firstRow).toBeVisible();
    const business = (await firstRow.locator('td').nth(1).textContent())!.trim();
    const entry = firstRow.getByRole('button', { name: /^Open .+ in / });
    const customer = (await entry.textContent())!.trim();
    await expect(entry).toHaveAccessibleName(`Open ${customer} in ${business}`);
    await entry.click();

    await expect(page).toHaveURL(/\/b\/[a-z0-9-]+\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: customer, level: 1 })).toBeVisible();
    await expect(impersonationPill(page)).toContainText(business);
    await expect(page).toHaveTitle(new RegExp(`^\\[Impersonating ${business}\\] Customer`));
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(business);
    await screenshot(page, 'impersonation-customer-entry');
    await impersonationPill(page).getByRole('button', { name: 'Exit impersonation' }).click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);

    // The operator dashboard offers the same entry.
    await page.goto('/operator/dashboard');
    const dashEntry = page.getByRole('button', { name: /^Open .+ in / }).first();
    await expect(dashEntry).toBeVisible();
    await dashEntry.click();
    await expect(page).toHaveURL(/\/b\/[a-z0-9-]+\/customers\/[0-9a-f-]{36}$/);
    await expect(impersonationPill(page)).toBeVisible();
  });

  test('Sign out while impersonating only ends the impersonation', async ({ page }) => {
    await signIn(page, 'operator');
    await impersonateFromList(page, 'Bright Dental');
    await expect(page).toHaveURL(/\/b\/bright-dental\/dashboard$/);
    await expect(impersonationPill(page)).toContainText('Bright Dental');

    await signOut(page);
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    await expect(impersonationPill(page)).toHaveCount(0);
    await expect(profileButton(page)).toHaveText(/Olivia Operator/);
    await expect(page.getByRole('heading', { name: 'Businesses', level: 1 })).toBeVisible();
    // Still signed in as the operator.
    await page.goto('/operator/dashboard');
    await expect(page).toHaveURL(/\/operator\/dashboard$/);
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    // The business pages are no longer open to them.
    await page.goto('/b/bright-dental/dashboard');
    await expect(page).not.toHaveURL(/\/b\/bright-dental\/dashboard$/);

    // A second Sign out really signs out.
    await signOut(page);
    await expect(page).toHaveURL(/\/login$/);
  });

  test('impersonating as staff hides and blocks the settings', async ({ page }) => {
    await signIn(page, 'operator');
    await impersonateWithOptions(page, ACME.name, { role: 'Staff', reason: 'E2E staff check' });
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));
    const pill = impersonationPill(page);
    await expect(pill).toContainText(ACME.name);
    await expect(pill).toContainText('Staff');
    await expect(pill).toHaveAttribute('aria-label', /as Staff/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Calendar' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Access log' })).toHaveCount(0);
    await screenshot(page, 'impersonation-staff-dashboard');

    await page.goto(`/b/${ACME.slug}/settings/general`);
    await expect(page).not.toHaveURL(/\/settings/);
    await expect(page.getByRole('heading', { name: 'Settings' })).toHaveCount(0);
    await expect(page.getByLabel('Business name')).toHaveCount(0);
    await expect(pill).toBeVisible();
    // The API refuses the owner-only endpoints as well (reading general settings is open to staff).
    const api = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const base = `/api/businesses/${me.impersonation.business.id}`;
      const xsrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('XSRF-TOKEN='))
          ?.split('=')[1] ?? '',
      );
      const team = await fetch(`${base}/team`);
      const put = await fetch(`${base}/settings/general`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf },
        body: JSON.stringify({ name: 'Hijacked', timeZone: 'Europe/London', contactEmail: null, contactPhone: null }),
      });
      return { team: team.status, put: put.status, putCode: (await put.json().catch(() => ({}))).code };
    });
    expect(api).toEqual({ team: 403, put: 403, putCode: 'owner_required' });
  });

  test('a second tab notices when the impersonation ends in the first', async ({ page, context }) => {
    await signIn(page, 'operator');
    await impersonateFromList(page, ACME.name);
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));

    const second = await context.newPage();
    await second.goto(`/b/${ACME.slug}/bookings`);
    await expect(second.getByRole('heading', { name: 'Bookings', level: 1 })).toBeVisible();
    await expect(impersonationPill(second)).toContainText(ACME.name);

    await page.bringToFront();
    await impersonationPill(page).getByRole('button', { name: 'Exit impersonation' }).click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);

    // The other tab leaves the business on its own (broadcast, focus, or the 20 s poll).
    await expect(second).toHaveURL(/\/operator\/businesses$/, { timeout: 25_000 });
    await expect(impersonationPill(second)).toHaveCount(0);
    await expect(second.getByRole('status').filter({ hasText: `Impersonation of ${ACME.name} ended in another tab.` })).toBeVisible();
    await expect(second).not.toHaveTitle(/Impersonating/);
    await screenshot(second, 'impersonation-second-tab-notice');
    await second.close();
  });

  test('read-only impersonation shows no way to change anything and the API refuses writes', async ({ page }) => {
    await signIn(page, 'operator');
    await impersonateWithOptions(page, ACME.name, { readOnly: true });
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));
    const pill = impersonationPill(page);
    await expect(pill).toContainText('read-only');
    await expect(pill).toHaveAttribute('aria-label', /read-only/);
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('read-only');
    await pill.screenshot({ path: 'test-results/screens/impersonation-pill-readonly.png' });

    await page.goto(`/b/${ACME.slug}/bookings`);
    await expect(page.getByRole('heading', { name: 'Bookings', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New booking' })).toHaveCount(0);
    await page.goto(`/b/${ACME.slug}/customers`);
    await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'New customer' })).toHaveCount(0);
    await page.goto(`/b/${ACME.slug}/calendar`);
    await expect(page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
    await expect(page.getByText('Click an empty slot to book it')).toHaveCount(0);
    await expect(page.locator('.slot-cursor'), 'no keyboard slot picker when nothing may be booked').toHaveCount(0);
    await page.goto(`/b/${ACME.slug}/bookings/new`);
    await expect(page.getByRole('button', { name: 'Create booking' })).toHaveCount(0);
    await page.goto(`/b/${ACME.slug}/settings/general`);
    await expect(page.getByLabel('Business name')).toHaveValue(ACME.name);
    await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
    await screenshot(page, 'impersonation-readonly-settings');

    // A write sent anyway (with a valid CSRF token) is refused.
    const refusal = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const xsrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('XSRF-TOKEN='))
          ?.split('=')[1] ?? '',
      );
      const res = await fetch(`/api/businesses/${me.impersonation.business.id}/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf },
        body: JSON.stringify({ name: 'Should Not Exist' }),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    });
    expect(refusal.status).toBe(403);
    expect(refusal.body?.code).toBe('read_only_impersonation');
  });

  test("the owner's access log shows who from the platform entered, why, and how it ended", async ({ page }) => {
    const reason = uniqueName('Ticket');
    await signIn(page, 'operator');
    await impersonateWithOptions(page, ACME.name, { reason });
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));
    await impersonationPill(page).getByRole('button', { name: 'Exit impersonation' }).click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    await signOut(page);
    await expect(page).toHaveURL(/\/login/);

    await signIn(page, 'acmeOwner');
    await page.goto(`/b/${ACME.slug}/access-log`);
    await expect(page.getByRole('heading', { name: 'Access log', level: 1 })).toBeVisible();
    const visit = page.locator('article, li, .card').filter({ hasText: reason }).first();
    await expect(visit).toBeVisible();
    await expect(visit).toContainText('Olivia Operator');
    await expect(visit).toContainText(/Exited/);
    await screenshot(page, 'owner-access-log');
  });
});
