import { expect, impersonationPill, screenshot, signIn, test } from '../fixtures';

const ACME = { slug: 'acme-hair', name: 'Acme Hair' };

test.describe('Impersonation time limits', () => {
  test('a warning before the idle limit, "Stay" restarts it, and a half-typed form survives the impersonation ending', async ({ page, context }) => {
    await page.clock.install();
    await signIn(page, 'operator');
    await page.goto('/operator/businesses');
    await page.getByRole('button', { name: `Impersonate ${ACME.name}`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));
    const pill = impersonationPill(page);
    await expect(pill).toContainText(/1[45] min left/); // the idle limit comes first
    await expect(page.getByRole('region', { name: 'Impersonation time limit' })).toHaveCount(0);

    // Eleven quiet minutes later (the browser's clock; the server has not seen them yet).
    const before = (await (await page.request.get('/api/auth/me')).json()).impersonation;
    await page.clock.fastForward('11:00');
    const warning = page.getByRole('region', { name: 'Impersonation time limit' });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(`${ACME.name}: 3:`);
    await expect(pill).toContainText(/^.*3:\d\d left/);
    await screenshot(page, 'impersonation-time-warning');
    await warning.getByRole('button', { name: `Stay in ${ACME.name}` }).click();
    // The server restarted the idle limit and kept the absolute one.
    await expect.poll(async () => (await (await page.request.get('/api/auth/me')).json()).impersonation.idleExpiresAt).not.toBe(before.idleExpiresAt);
    const after = (await (await page.request.get('/api/auth/me')).json()).impersonation;
    expect(after.expiresAt).toBe(before.expiresAt);
    await page.clock.setSystemTime(Date.now()); // back to the server's time: far from any limit
    await expect(warning).toHaveCount(0);

    // A change typed into the general settings, not saved...
    await page.goto(`/b/${ACME.slug}/settings/general`);
    await expect(page.getByLabel('Business name')).toHaveValue(ACME.name);
    const phone = `+44 20 7000 ${String(1000 + Math.floor(Math.random() * 8999))}`;
    await page.getByLabel('Contact phone').fill(phone);
    await page.waitForTimeout(500); // the draft is kept after a short pause in typing

    // ...when the impersonation ends elsewhere (another tab exits; a time limit does the same).
    const other = await context.newPage();
    await other.goto(`/b/${ACME.slug}/dashboard`);
    await impersonationPill(other).getByRole('button', { name: 'Exit impersonation' }).click();
    await expect(other).toHaveURL(/\/operator\/businesses$/);
    await other.close();
    await expect(page).toHaveURL(/\/operator\/businesses$/, { timeout: 25_000 });

    // Re-entering the business and opening the form offers the typed change back.
    await page.getByRole('button', { name: `Impersonate ${ACME.name}`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/b/${ACME.slug}/dashboard$`));
    await page.goto(`/b/${ACME.slug}/settings/general`);
    const offer = page.getByRole('status').filter({ hasText: 'before your impersonation of Acme Hair ended' });
    await expect(offer).toBeVisible();
    await expect(page.getByLabel('Contact phone')).not.toHaveValue(phone);
    await screenshot(page, 'impersonation-draft-offer');
    await offer.getByRole('button', { name: 'Restore my changes' }).click();
    await expect(page.getByLabel('Contact phone')).toHaveValue(phone);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    // Saved: nothing is offered any more.
    await page.reload();
    await expect(page.getByLabel('Contact phone')).toHaveValue(phone);
    await expect(page.getByRole('status').filter({ hasText: 'before your impersonation' })).toHaveCount(0);
  });
});
