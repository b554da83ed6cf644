import { expect, type Page } from '@playwright/test';

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** `date` plus `days` whole days (calendar arithmetic, no zone involved). */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday = 1 … Sunday = 7, for a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The dates (YYYY-MM-DD) of the day columns the calendar shows now. */
export async function visibleDates(page: Page): Promise<string[]> {
  const cells = page.locator('full-calendar [role="gridcell"][data-date]');
  await expect(cells.first()).toBeVisible();
  return cells.evaluateAll((els) => els.map((el) => el.getAttribute('data-date')!));
}

/**
 * Clicks the empty time-grid slot at `date` `time` (HH:MM, on the half hour), the way a person
 * does: in the middle of that day's column, at the height of that slot's row.
 */
export async function clickSlot(page: Page, date: string, time: string): Promise<void> {
  const lane = page.locator(`full-calendar [data-time="${time}:00"]`).last();
  await lane.scrollIntoViewIfNeeded();
  const column = page.locator(`full-calendar [role="gridcell"][data-date="${date}"]`);
  const [laneBox, columnBox] = [await lane.boundingBox(), await column.boundingBox()];
  if (!laneBox || !columnBox) throw new Error(`No calendar slot for ${date} ${time}`);
  await page.mouse.click(columnBox.x + columnBox.width / 2, laneBox.y + laneBox.height / 2);
}
