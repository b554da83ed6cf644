import type { Page } from '@playwright/test';
import { expect, impersonationPill, screenshot, signIn, signOut, test, uniqueName } from '../fixtures';

const YOGA = { slug: 'city-yoga', name: 'City Yoga' };

/** The notices shown above a business's pages. */
const notices = (page: Page) => page.getByTestId('platform-notice');

/** POST from the page itself, with the session cookie and the CSRF header, as the admin's own HttpClient would. */
async function apiPost(page: Page, path: string): Promise<{ status: number; code?: string }> {
  return page.evaluate(async (p) => {
    const xsrf = decodeURIComponent(
      document.cookie
        .split('; ')
        .find((c) => c.startsWith('XSRF-TOKEN='))
        ?.slice('XSRF-TOKEN='.length) ?? '',
    );
    const res = await fetch(p, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf }, body: '{}' });
    return { status: res.status, code: (await res.json().catch(() => ({}))).code };
  }, path);
}

test.describe('The business always knows when the platform enters', () => {
  test('the operator sees the notice of their own visit but cannot dismiss it; the owner sees and dismisses it', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/operator/businesses');
    await page.getByRole('button', { name: `Impersonation options for ${YOGA.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Impersonate ${YOGA.name} with options` });
    await dialog.getByLabel(/Reason/).fill('Notice journey: checking the timetable');
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${YOGA.slug}/dashboard$`));
    await expect(impersonationPill(page)).toBeVisible();

    const mine = notices(page).filter({ hasText: 'Notice journey: checking the timetable' });
    await expect(mine).toBeVisible();
    await expect(mine).toContainText('Platform support entered your admin');
    await expect(mine).toContainText('operator@demo.test');
    await expect(mine).toContainText("Only the business's owners can dismiss this.");
    await expect(mine.getByRole('button', { name: 'Dismiss' })).toHaveCount(0);
    await screenshot(page, 'notice-as-impersonating-operator');
    // The API refuses it too, whatever the page shows.
    const id = await page.evaluate(async () => (await (await fetch('/api/notifications')).json()).items[0].id as string);
    expect(await apiPost(page, `/api/notifications/${id}/dismiss`)).toEqual({ status: 403, code: 'owner_required' });
    await expect(mine).toBeVisible();

    await impersonationPill(page).getByRole('button').click();
    await expect(page).toHaveURL(/\/operator\/businesses$/);
    await signOut(page);

    await signIn(page, 'yogaOwner');
    const forOwner = notices(page).filter({ hasText: 'Notice journey: checking the timetable' });
    await expect(forOwner).toBeVisible();
    await expect(forOwner.getByRole('link', { name: 'See it in the access log' })).toBeVisible();
    await screenshot(page, 'notice-for-owner');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'notice-for-owner-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await forOwner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(forOwner).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(notices(page).filter({ hasText: 'Notice journey: checking the timetable' })).toHaveCount(0);
  });
});

test.describe('A business made by an operator invites its owner', () => {
  test('the form asks for no password; the owner shows as invited and the invitation waits in the outbox, labelled', async ({ page }) => {
    const name = uniqueName('Invite Studio');
    await signIn(page, 'operator');
    await page.goto('/operator/businesses');
    await page.getByRole('button', { name: 'New business' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create business' }) });
    await expect(form.getByText('The owner gets an e-mail invitation and chooses their own password.')).toBeVisible();
    await expect(form.locator('input[type="password"]')).toHaveCount(0);
    await form.getByLabel('Name', { exact: true }).fill(name);
    const slug = await form.getByLabel('Slug').inputValue();
    expect(slug).toMatch(/^invite-studio-/);
    const email = `owner@${slug}.example.test`;
    // The zone select shows the zone the form will send (the browser's own, even when that is UTC,
    // which Chromium's zone list leaves out), and a chosen zone is the one the business gets.
    const zone = form.getByLabel('Time zone');
    await expect(zone).not.toHaveValue('');
    await zone.selectOption('Europe/Lisbon');
    await form.getByLabel('Owner name').fill('Ina Invited');
    await form.getByLabel('Owner email').fill(email);
    await screenshot(page, 'operator-new-business-invite');
    await form.getByRole('button', { name: 'Create business' }).click();

    const created = page.getByRole('status').filter({ hasText: `${name} is created.` });
    await expect(created).toContainText(`Ina Invited was sent an invitation to ${email} to join as owner.`);
    await page.getByRole('searchbox', { name: 'Search' }).fill(slug);
    const row = page.locator('table tbody tr').filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Ina Invited');
    await expect(row).toContainText(`Invited · ${email}`);
    const listed = await page.request.get(`/api/businesses?q=${encodeURIComponent(slug)}`);
    expect(listed.ok()).toBeTruthy();
    const { items } = (await listed.json()) as { items: { slug: string; timeZone: string }[] };
    expect(items.find((b) => b.slug === slug)?.timeZone).toBe('Europe/Lisbon');
    await screenshot(page, 'operator-business-invited-owner');

    // The operator's outbox: the invitation waits (no SMTP here), its kind in words, its link hidden.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    const message = page.locator('table tbody tr').filter({ hasText: email });
    await expect(message).toContainText(`You're invited to join ${name}`);
    await expect(message).toContainText('Team invitation');
    await message.getByRole('button', { name: `You're invited to join ${name}` }).click();
    const detail = page.locator('tr.detail-row');
    await expect(detail).toContainText('Team invitation');
    await expect(detail).toContainText('from the platform team has invited you');
    await expect(detail).toContainText('[one-time link: hidden, only the recipient receives it]');
    await screenshot(page, 'operator-outbox-invitation');
  });
});
