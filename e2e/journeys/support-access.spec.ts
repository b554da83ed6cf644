import type { Browser, Page } from '@playwright/test';
import { expect, impersonationPill, screenshot, signIn, test } from '../fixtures';

/**
 * SUPPORT_ACCESS=granted (the "granted" Playwright project runs its own app with it): the eye stays
 * closed until the business's owner grants support access; the operator asks for it, the owner
 * grants it, the operator enters; the owner revokes it and the operator's next request ends the
 * impersonation, saying why.
 */

/** A JSON request from the page itself, with the session cookie and the CSRF header, as the admin's own HttpClient sends it. */
async function apiSend(page: Page, method: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(
    async ({ m, p, b }) => {
      const xsrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('XSRF-TOKEN='))
          ?.slice('XSRF-TOKEN='.length) ?? '',
      );
      const res = await fetch(p, { method: m, headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf }, body: JSON.stringify(b) });
      return { status: res.status, body: await res.json().catch(() => ({})) };
    },
    { m: method, p: path, b: body },
  );
}

/** The demo business this journey uses on the granted-mode app (no other journey runs there). */
const DENTAL = { slug: 'bright-dental', name: 'Bright Dental' };

async function ownerPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, 'dentalOwner');
  return page;
}

test.describe('Support access on the owner’s terms (SUPPORT_ACCESS=granted)', () => {
  test('the eye is closed until the owner grants access; revoking ends the live impersonation at the operator’s next request', async ({
    page,
    browser,
    baseURL,
  }) => {
    const { slug, name } = DENTAL;
    // The owner starts from a closed door: a grant left by an earlier attempt on the same database is revoked.
    const ownerTab = await ownerPage(browser, baseURL!);
    const businessId = await ownerTab.evaluate(
      async () =>
        ((await (await fetch('/api/auth/me')).json()).memberships as { business: { id: string; slug: string } }[]).find(
          (m) => m.business.slug === 'bright-dental',
        )!.business.id,
    );
    expect((await apiSend(ownerTab, 'PUT', `/api/businesses/${businessId}/settings/support-access`, { duration: null })).status).toBe(200);

    await signIn(page, 'operator');
    // 1. Closed: the eye is disabled with the reason; the operator asks for access.
    await page.goto('/operator/businesses');
    await page.getByLabel('Search').fill(slug);
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await expect(row.locator('td.access')).toContainText('Closed');
    await expect(row.locator('td.access')).toContainText('The owners have not granted support access.');
    const eye = row.getByRole('button', { name: `Impersonate ${name}`, exact: true });
    await expect(eye).toBeDisabled();
    await expect(eye).toHaveAccessibleDescription('The owners have not granted support access.');
    await screenshot(page, 'support-access-list-closed');

    await row.getByRole('button', { name: `Request access to ${name}` }).click();
    await expect(page.getByRole('heading', { name: `Request access to ${name}` })).toBeVisible();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByText('Say why you need access.')).toBeVisible();
    await page.getByLabel(/Reason/).fill('Ticket #512: the owner reports missing bookings');
    await screenshot(page, 'support-access-request');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByText(`Access request sent to the owners of ${name}.`)).toBeVisible();
    await expect(row.locator('td.access')).toContainText('Last requested');

    // 2. The owner sees the request and grants access for an hour.
    await ownerTab.goto(`/b/${slug}/dashboard`);
    const request = ownerTab.getByTestId('platform-notice').filter({ hasText: 'Platform support asks for access to your admin' });
    await expect(request.first()).toBeVisible();
    await expect(request.filter({ hasText: 'Ticket #512: the owner reports missing bookings' }).first()).toBeVisible();
    await ownerTab.goto(`/b/${slug}/settings/support-access`);
    await expect(ownerTab.getByTestId('support-access-state')).toContainText('No access granted');
    await expect(ownerTab.getByTestId('support-access-state')).toContainText('Operators cannot enter your admin.');
    await screenshot(ownerTab, 'support-access-settings-closed');
    await ownerTab.getByRole('button', { name: 'Grant for 1 hour' }).click();
    await expect(ownerTab.getByRole('status').filter({ hasText: 'Support access granted until' })).toBeVisible();
    await expect(ownerTab.getByTestId('support-access-state')).toContainText('Access granted until');
    await expect(ownerTab.getByTestId('support-access-state')).toContainText('Granted by Bob Owner');
    await screenshot(ownerTab, 'support-access-settings-granted');

    // 3. The eye opens; the operator enters. Inside, they see the setting but cannot change it.
    await page.reload();
    await page.getByLabel('Search').fill(slug);
    await expect(row.locator('td.access')).toContainText('Granted');
    await expect(row.locator('td.access')).toContainText('Granted until');
    await expect(eye).toBeEnabled();
    await screenshot(page, 'support-access-list-granted');
    await eye.click();
    await expect(page).toHaveURL(new RegExp(`/b/${slug}/dashboard$`));
    await expect(impersonationPill(page)).toBeVisible();
    await page.goto(`/b/${slug}/settings/support-access`);
    await expect(page.getByTestId('support-access-state')).toContainText('Access granted until');
    await expect(page.getByText("Only the business's own owners can grant or revoke support access")).toBeVisible();
    await expect(page.getByRole('button', { name: 'Grant for 1 week' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Revoke access' })).toBeDisabled();
    await screenshot(page, 'support-access-settings-impersonating');
    // The API refuses it too: nobody grants access to themselves.
    const self = await apiSend(page, 'PUT', `/api/businesses/${businessId}/settings/support-access`, { duration: 'P7D' });
    expect(self).toMatchObject({ status: 403, body: { code: 'not_while_impersonating' } });
    await page.getByRole('link', { name: 'Dashboard' }).first().click();
    await expect(page).toHaveURL(new RegExp(`/b/${slug}/dashboard$`));

    // 4. The owner revokes; the operator's next request ends the impersonation and says why.
    await ownerTab.getByRole('button', { name: 'Revoke access' }).click();
    await expect(ownerTab.getByRole('status').filter({ hasText: 'Support access revoked.' })).toBeVisible();
    await expect(ownerTab.getByTestId('support-access-state')).toContainText('No access granted');

    await page.getByRole('link', { name: 'Bookings' }).first().click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    await expect(page.getByText(`Your impersonation of ${name} ended: the owner revoked support access.`)).toBeVisible();
    await expect(impersonationPill(page)).toHaveCount(0);
    await screenshot(page, 'support-access-ended');
    await page.getByLabel('Search').fill(slug);
    await expect(row.locator('td.access')).toContainText('Closed');
    await expect(eye).toBeDisabled();

    // The owner's access log names why the visit ended.
    await ownerTab.goto(`/b/${slug}/access-log`);
    await expect(ownerTab.getByText('Support access revoked').first()).toBeVisible();
    await ownerTab.context().close();
  });

  test('break-glass: an emergency entry without a grant needs a reason, and the owner is told at once', async ({ page, browser, baseURL }) => {
    const yoga = { slug: 'city-yoga', name: 'City Yoga' };
    const reason = `Incident ${Date.now().toString(36)}: double bookings reported`;
    await signIn(page, 'operator');
    await page.goto('/operator/businesses');
    await page.getByLabel('Search').fill(yoga.slug);
    const row = page.getByRole('row').filter({ hasText: yoga.name });
    await expect(row.locator('td.access')).toContainText('Closed');
    await expect(row.getByRole('button', { name: `Impersonate ${yoga.name}`, exact: true })).toBeDisabled();

    await row.getByRole('button', { name: `Impersonation options for ${yoga.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Impersonate ${yoga.name} with options` });
    await dialog.getByLabel(/Emergency entry without a grant/).check();
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(row.getByRole('alert')).toContainText('An emergency entry needs a reason');
    await dialog.getByLabel(/Reason/).fill(reason);
    await screenshot(page, 'support-access-break-glass-options');
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${yoga.slug}/dashboard$`));
    await expect(impersonationPill(page)).toBeVisible();
    // No grant, and the visit carries on from page to page.
    await page.getByRole('link', { name: 'Bookings' }).first().click();
    await expect(page).toHaveURL(new RegExp(`/b/${yoga.slug}/bookings`));
    await expect(impersonationPill(page)).toBeVisible();
    await impersonationPill(page).getByRole('button').click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);

    const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    const ownerTab = await context.newPage();
    await signIn(ownerTab, 'yogaOwner');
    const told = ownerTab.getByTestId('platform-notice').filter({ hasText: reason });
    await expect(told).toBeVisible();
    await expect(told).toContainText('Platform support used emergency access to enter your admin');
    await context.close();
  });
});
