import { expect, profileButton, screenshot, signIn, test } from '../fixtures';

test.describe('Keyboard and screen readers', () => {
  test('a skip link, focus on the page heading after navigating, and a profile menu driven by the keyboard', async ({ page }) => {
    await signIn(page, 'acmeOwner');
    // The first Tab stop is the skip link; it jumps over the top bar and the navigation.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeFocused();

    // Following a link moves focus to the new page's heading (a screen reader reads it out).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeFocused();

    // The profile menu: Enter opens it with focus on its first item, Escape closes it and returns focus.
    await profileButton(page).focus();
    await page.keyboard.press('Enter');
    const signOut = page.getByRole('menuitem', { name: 'Sign out' });
    await expect(signOut).toBeFocused();
    await expect(profileButton(page)).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(profileButton(page)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(signOut).toBeFocused();
    await page.keyboard.press('Escape');
  });

  test('the impersonation options keep focus inside until closed, and give it back', async ({ page }) => {
    await signIn(page, 'operator');
    await page.goto('/operator/businesses');
    const chevron = page.getByRole('button', { name: 'Impersonation options for City Yoga' });
    await chevron.click();
    const dialog = page.getByRole('dialog', { name: 'Impersonate City Yoga with options' });
    await expect(dialog).toBeVisible();
    // Focus moved into the dialog, and Tab cycles inside it.
    await expect(dialog.getByRole('radio', { name: 'Owner' })).toBeFocused();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await screenshot(page, 'operator-impersonation-options');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(chevron).toBeFocused();
  });
});

test.describe('Branding that cannot break the admin', () => {
  test('a pale brand colour gets dark text on its buttons and darkened links; a broken logo falls back to the initial', async ({ page }) => {
    await signIn(page, 'dentalOwner');
    /** PUT the branding with some fields changed, the rest as they are; returns what it was. */
    const setBranding = (patch: Record<string, unknown>) =>
      page.evaluate(async (patch) => {
        const me = await (await fetch('/api/auth/me')).json();
        const url = `/api/businesses/${me.memberships[0].business.id}/settings/branding`;
        const before = await (await fetch(url)).json();
        const xsrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.split('=')[1] ?? '');
        // Only fields the API still takes (the logo may come from an upload instead of a URL).
        const body = Object.fromEntries(Object.entries({ ...before, ...patch }).filter(([k]) => k in before));
        const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf }, body: JSON.stringify(body) });
        return { status: res.status, before };
      }, patch);
    const { status, before } = await setBranding({ primaryColor: '#fde047', logoUrl: 'https://logo.invalid/missing.png' });
    expect(status).toBe(200);
    const takesLogoUrl = 'logoUrl' in before;
    try {
      await page.goto('/b/bright-dental/bookings');
      await expect(page.getByRole('heading', { name: 'Bookings', level: 1 })).toBeVisible();
      const button = page.getByRole('link', { name: 'New booking' });
      await expect(button).toHaveCSS('background-color', 'rgb(253, 224, 71)');
      await expect(button).toHaveCSS('color', 'rgb(0, 0, 0)');
      // The logo cannot load: the initial tile is shown instead of a broken image.
      const nav = page.getByRole('navigation', { name: 'Main' });
      if (takesLogoUrl) {
        await expect(nav.locator('img.biz-logo')).toHaveCount(0);
        await expect(nav.locator('.biz-initial')).toHaveText('B');
      }
      await screenshot(page, 'branding-pale-colour-bookings'); // axe: no contrast failure anywhere
    } finally {
      await setBranding({ primaryColor: before.primaryColor ?? null, logoUrl: before.logoUrl ?? null });
    }
  });
});
