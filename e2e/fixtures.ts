import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';

/** The demo sign-ins seeded on first boot (docs/ARCHITECTURE.md §1). */
export const USERS = {
  operator: { email: 'operator@demo.test', password: 'demo-operator', name: 'Olivia Operator', landing: '/operator/dashboard' },
  acmeOwner: { email: 'owner@acme-hair.demo.test', password: 'demo-owner', name: 'Alice Owner', landing: '/b/acme-hair/dashboard' },
  acmeStaff: { email: 'staff@acme-hair.demo.test', password: 'demo-staff', name: 'Sam Stylist', landing: '/b/acme-hair/dashboard' },
  dentalOwner: { email: 'owner@bright-dental.demo.test', password: 'demo-owner', name: 'Bob Owner', landing: '/b/bright-dental/dashboard' },
  yogaOwner: { email: 'owner@city-yoga.demo.test', password: 'demo-owner', name: 'Chika Owner', landing: '/b/city-yoga/dashboard' },
} as const;

export type Who = keyof typeof USERS;

/** Escapes a string for use inside a RegExp. */
export function re(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** A name no other run or test has used: `E2E Customer 1a2b3c`. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36).slice(-4)}${randomBytes(2).toString('hex')}`;
}

/**
 * Fills the sign-in form (navigating to /login first unless already there) and submits it.
 * Does not wait for the landing page: callers assert where they expect to land.
 */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in as a demo user and waits for their landing page. */
export async function signIn(page: Page, who: Who): Promise<void> {
  const user = USERS[who];
  await fillSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(new RegExp(`${user.landing}$`));
  await expect(profileButton(page)).toContainText(user.name);
}

/** The profile menu button in the top bar (shows the real person's name). */
export function profileButton(page: Page) {
  return page.locator('header .profile-button');
}

/** Opens the profile menu and clicks Sign out. */
export async function signOut(page: Page): Promise<void> {
  await profileButton(page).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
}

/** The amber impersonation pill (role=status, labelled "Impersonating …"). */
export function impersonationPill(page: Page) {
  return page.locator('app-impersonation-pill .pill');
}

/** The two sizes every page is checked at: a laptop and a phone (iPhone 12–15 class). */
export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** Runs axe-core (WCAG 2.x A/AA rules) on the page as it is now and fails on serious or critical findings. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // The CDK focus trap's two sentinels (aria-hidden, tabindex 0) exist only to catch Tab at the
    // trap's edges and hand focus straight back inside; axe reads them as focusable hidden content.
    .exclude('.cdk-focus-trap-anchor')
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`)
        .join('\n')}`,
  );
  expect.soft(report, `axe on ${label} (${page.url()})`).toEqual([]);
}

/**
 * Pages already checked in this run, by size, route (ids and query left out) and what is open on
 * them (a dialog, a menu, an alert): the same page in the same state is checked once, pictured
 * every time. The journeys run in one worker, so this is the whole run.
 */
const checked = new Set<string>();

async function pageKey(page: Page, size: string): Promise<string> {
  const path = new URL(page.url()).pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');
  const open = await page.evaluate(() => ['dialog', 'menu', 'alert'].filter((role) => document.querySelector(`[role="${role}"]`)).join(','));
  return `${size} ${path} ${open}`;
}

async function settle(page: Page): Promise<void> {
  // Let spinners and fonts settle so the picture shows the page, not its loading state.
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(50); // one layout pass after a resize
}

/**
 * Inspects the page as it is now, at both sizes (phone only when the journey runs on a phone):
 * axe-core must find no serious or critical violation (checked once per page and state in a run),
 * and a full-page screenshot of each size is kept in
 * test-results/screens/<name>.desktop.png and <name>.phone.png. The viewport is restored after.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  const original = page.viewportSize() ?? VIEWPORTS.desktop;
  // Journeys written for a phone (the phone project) are pictured at phone size only.
  const sizes = original.width < 800 ? (['phone'] as const) : (['desktop', 'phone'] as const);
  try {
    for (const size of sizes) {
      await page.setViewportSize(VIEWPORTS[size]);
      await settle(page);
      const key = await pageKey(page, size);
      if (!checked.has(key)) {
        checked.add(key);
        await expectAccessible(page, `${name} at ${size} size`);
      }
      await page.screenshot({ path: `test-results/screens/${name}.${size}.png`, fullPage: true });
    }
  } finally {
    await page.setViewportSize(original);
  }
}

/** The id of the session's live impersonation, read from GET /api/auth/me with the page's cookies. */
export async function currentImpersonationId(page: Page): Promise<string | null> {
  const res = await page.request.get('/api/auth/me');
  expect(res.ok()).toBeTruthy();
  const me = (await res.json()) as { impersonation: { id: string } | null };
  return me.impersonation?.id ?? null;
}

/**
 * The test fixture: every page collects console errors and failed API calls, so a journey that
 * fails because of the app can say what the browser saw. Attached to the report on failure.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use, testInfo) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`[console] ${msg.text()} (${page.url()})`);
      });
      page.on('pageerror', (err) => errors.push(`[pageerror] ${err.message} (${page.url()})`));
      page.on('response', (res) => {
        if (res.url().includes('/api/') && res.status() >= 500) errors.push(`[http ${res.status()}] ${res.request().method()} ${res.url()}`);
      });
      await use(errors);
      if (testInfo.status !== testInfo.expectedStatus && errors.length) {
        await testInfo.attach('browser-errors', { body: errors.join('\n'), contentType: 'text/plain' });
        console.log(`Browser errors in "${testInfo.title}":\n  ${errors.join('\n  ')}`);
      }
    },
    { auto: true },
  ],
  page: async ({ page }, use) => {
    // The admin asks its questions in its own (CDK) dialogs; a native alert/confirm/prompt is a bug.
    const native: string[] = [];
    page.on('dialog', (dialog) => {
      native.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await use(page);
    expect(native, 'native browser dialogs opened by the app').toEqual([]);
  },
});

export { expect };
