import type { Page } from '@playwright/test';
import { expect, impersonationPill, profileButton, screenshot, signIn, test } from '../fixtures';

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
});
