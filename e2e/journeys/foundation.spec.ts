import { expect, fillSignIn, profileButton, screenshot, signIn, signOut, test, USERS } from '../fixtures';

test.describe('Signing in and out', () => {
  test('the operator signs in, lands on the operator dashboard, sees their name and signs out', async ({ page }) => {
    await page.goto('/');
    // Signed out, the root sends people to the sign-in page.
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page).toHaveTitle(/Sign in/);
    await screenshot(page, 'login');

    await signIn(page, 'operator');
    await expect(page).toHaveURL(/\/operator\/dashboard$/);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Businesses' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page).toHaveTitle(/^Dashboard/);

    // The profile menu names the real person and offers Sign out.
    await expect(profileButton(page)).toHaveText(/Olivia Operator/);
    await profileButton(page).click();
    const menu = page.getByRole('menu');
    await expect(menu).toContainText('Olivia Operator');
    await expect(menu).toContainText('operator@demo.test');
    await expect(menu).toContainText('Platform operator');
    await screenshot(page, 'operator-landing-profile-menu');
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    // Really signed out: a protected page sends us back to sign in.
    await page.goto('/operator/dashboard');
    await expect(page).toHaveURL(/\/login\?returnTo=/);
  });

  test('a business owner signs in and lands on their business dashboard', async ({ page }) => {
    await signIn(page, 'acmeOwner');
    await expect(page).toHaveURL(/\/b\/acme-hair\/dashboard$/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toContainText('Acme Hair');
    await expect(nav).toContainText('Owner');
    for (const link of ['Dashboard', 'Calendar', 'Bookings', 'Customers', 'Settings']) {
      await expect(nav.getByRole('link', { name: link, exact: true })).toBeVisible();
    }
    // No operator pages and no impersonation pill for a business user.
    await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Exit impersonation' })).toHaveCount(0);
    await expect(profileButton(page)).toHaveText(/Alice Owner/);
    await screenshot(page, 'owner-landing-dashboard');

    // An owner who types an operator URL does not get the operator pages.
    await page.goto('/operator/businesses');
    await expect(page).not.toHaveURL(/\/operator\//);
    await expect(page.getByRole('heading', { name: 'Businesses', exact: true })).toHaveCount(0);
  });

  test('a deep link while signed out comes back to that page after signing in', async ({ page }) => {
    await page.goto('/b/acme-hair/calendar');
    await expect(page).toHaveURL(/\/login\?returnTo=/);
    const returnTo = new URL(page.url()).searchParams.get('returnTo');
    expect(returnTo).toBe('/b/acme-hair/calendar');
    await screenshot(page, 'login-with-returnto');

    const owner = USERS.acmeOwner;
    await fillSignIn(page, owner.email, owner.password);
    await expect(page).toHaveURL(/\/b\/acme-hair\/calendar$/);
    await expect(page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
    await screenshot(page, 'owner-deep-link-calendar');
  });

  test('a foreign returnTo is ignored after signing in', async ({ page }) => {
    await page.goto('/login?returnTo=' + encodeURIComponent('//evil.example/phish'));
    await fillSignIn(page, USERS.acmeStaff.email, USERS.acmeStaff.password);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/b\/acme-hair\/dashboard$/);
  });

  test('a wrong password shows the server message and keeps the person on the sign-in page', async ({ page }) => {
    await page.goto('/login');
    // A different account from the other journeys, so the per-account throttle never touches them.
    await fillSignIn(page, USERS.yogaOwner.email, 'not-the-password');
    const alert = page.getByRole('alert');
    await expect(alert).toHaveText('The e-mail or password is not correct');
    await expect(page).toHaveURL(/\/login$/);
    // The password field is cleared for the next attempt; the email stays.
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.getByLabel('Email')).toHaveValue(USERS.yogaOwner.email);
    await screenshot(page, 'login-wrong-password');

    // Then the right password works.
    await page.getByLabel('Password').fill(USERS.yogaOwner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/b\/city-yoga\/dashboard$/);
  });

  test('empty fields are explained before anything is sent', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address.')).toBeVisible();
    await expect(page.getByText('Enter your password.')).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the admin loads without Content-Security-Policy violations and with its stylesheet applied', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.waitForLoadState('load');
    // The global stylesheet must be active on screen (not left as media="print").
    const sheets = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).media || 'all'));
    expect(sheets.length).toBeGreaterThan(0);
    expect(sheets).not.toContain('print');
    expect(violations).toEqual([]);
  });

  test('staff sign out goes to the sign-in page', async ({ page }) => {
    await signIn(page, 'acmeStaff');
    await signOut(page);
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/b/acme-hair/dashboard');
    await expect(page).toHaveURL(/\/login\?returnTo=/);
  });
});
