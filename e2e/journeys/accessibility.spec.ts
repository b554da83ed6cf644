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
