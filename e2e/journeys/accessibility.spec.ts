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
  test('a pale brand colour gets dark text on its buttons and darkened links; a logo that cannot load falls back to the initial', async ({ page }) => {
    await signIn(page, 'dentalOwner');
    /** Calls the branding API from the page (its cookies and XSRF token); returns the status and the answer. */
    const call = (method: 'GET' | 'PUT' | 'DELETE', path: '' | '/logo', body?: unknown, type = 'application/json') =>
      page.evaluate(
        async ({ method, path, body, type }) => {
          const me = await (await fetch('/api/auth/me')).json();
          const url = `/api/businesses/${me.memberships[0].business.id}/settings/branding${path}`;
          const xsrf = decodeURIComponent(
            document.cookie
              .split('; ')
              .find((c) => c.startsWith('XSRF-TOKEN='))
              ?.split('=')[1] ?? '',
          );
          const payload = body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as number[]);
          const res = await fetch(url, { method, headers: { 'content-type': type, 'x-xsrf-token': xsrf }, body: payload });
          return { status: res.status, body: await res.json() };
        },
        { method, path, body, type },
      );
    const before = (await call('GET', '')).body as { primaryColor: string | null; logoUrl: string | null };
    expect((await call('PUT', '', { primaryColor: '#fde047' })).status).toBe(200);
    // A logo is uploaded (the 1×1 GIF), then every request for it fails: the shell must show the initial.
    const gif = [...Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')];
    expect((await call('PUT', '/logo', gif, 'image/gif')).status).toBe(200);
    await page.route('**/api/public/logos/**', (route) => route.abort());
    try {
      await page.goto('/b/bright-dental/bookings');
      await expect(page.getByRole('heading', { name: 'Bookings', level: 1 })).toBeVisible();
      const button = page.getByRole('link', { name: 'New booking' });
      await expect(button).toHaveCSS('background-color', 'rgb(253, 224, 71)');
      await expect(button).toHaveCSS('color', 'rgb(0, 0, 0)');
      // The logo cannot load: the initial tile is shown instead of a broken image.
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.locator('img.biz-logo')).toHaveCount(0);
      await expect(nav.locator('.biz-initial')).toHaveText('B');
      await screenshot(page, 'branding-pale-colour-bookings'); // axe: no contrast failure anywhere
    } finally {
      await page.unroute('**/api/public/logos/**');
      await call('PUT', '', { primaryColor: before.primaryColor ?? null });
      if (before.logoUrl === null) await call('DELETE', '/logo');
    }
  });
});
