import { Component } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AvailabilitySettings } from '#contracts';
import { ACME, businessUserMe, loadMe } from '../../core/auth-store.testing';
import { AvailabilitySettingsPage, dayRow, dayRowValidator } from './availability-settings';

@Component({ template: '' })
class Blank {}

const HOURS: AvailabilitySettings = {
  timeZone: 'Europe/London',
  weekly: [
    { weekday: 1, opens: '09:00', closes: '17:00' },
    { weekday: 2, opens: '09:00', closes: '17:00' },
  ],
  closedDates: ['2025-12-25'],
};
const URL = `/api/businesses/${ACME.id}/settings/availability`;

async function open() {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([
        { path: 'b/:slug/settings/availability', component: AvailabilitySettingsPage },
        { path: '**', component: Blank },
      ]),
    ],
  });
  await loadMe(businessUserMe('owner'));
  const harness = await RouterTestingHarness.create();
  const page = await harness.navigateByUrl(`/b/${ACME.slug}/settings/availability`, AvailabilitySettingsPage);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne({ method: 'GET', url: URL }).flush(HOURS);
  await harness.fixture.whenStable();
  return { harness, page, http, el: harness.routeNativeElement! };
}

describe('dayRowValidator', () => {
  it('accepts a closed day whatever its times', () => {
    const row = dayRow(1);
    row.patchValue({ open: false, opens: '18:00', closes: '09:00' });
    expect(row.valid).toBe(true);
  });

  it('requires closing after opening on an open day', () => {
    const row = dayRow(1, { weekday: 1, opens: '09:00', closes: '17:00' });
    expect(row.valid).toBe(true);
    row.patchValue({ closes: '09:00' });
    expect(row.errors).toEqual({ closesBeforeOpens: 'Closing time must be after opening time.' });
    row.patchValue({ closes: '08:30' });
    expect(row.errors?.['closesBeforeOpens']).toBeTruthy();
    row.patchValue({ closes: '' });
    expect(dayRowValidator(row)).toEqual({ times: 'Enter both an opening and a closing time.' });
  });
});

describe('AvailabilitySettingsPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('fills seven weekday rows and the closed dates from the API', async () => {
    const { page, el } = await open();
    const openDays = page.form.controls.weekly.controls.map((r) => r.controls.open.value);
    expect(openDays).toEqual([true, true, false, false, false, false, false]);
    expect(el.textContent).toContain('Monday');
    expect(el.textContent).toContain('Sunday');
    expect(page.form.controls.closedDates.value).toEqual(['2025-12-25']);
    expect(el.querySelector('[aria-label^="Remove closed date"]')).not.toBeNull();
  });

  it('refuses to save when a day closes before it opens, and says so on that row', async () => {
    const { page, el, http, harness } = await open();
    const monday = page.form.controls.weekly.at(0);
    monday.patchValue({ opens: '17:00', closes: '09:00' });
    page.save();
    await harness.fixture.whenStable();
    http.expectNone({ method: 'PUT', url: URL });
    expect(el.textContent).toContain('Closing time must be after opening time.');
    expect(el.textContent).toContain('Fix the highlighted days before saving.');
  });

  it('saves open days only, with closed dates', async () => {
    const { page, http, harness, el } = await open();
    page.form.controls.weekly.at(5).patchValue({ open: true, opens: '10:00', closes: '14:00' });
    page.save();
    const req = http.expectOne({ method: 'PUT', url: URL });
    expect(req.request.body).toEqual({
      timeZone: 'Europe/London',
      weekly: [
        { weekday: 1, opens: '09:00', closes: '17:00' },
        { weekday: 2, opens: '09:00', closes: '17:00' },
        { weekday: 6, opens: '10:00', closes: '14:00' },
      ],
      closedDates: ['2025-12-25'],
    });
    req.flush({ ...HOURS, weekly: req.request.body.weekly });
    await harness.fixture.whenStable();
    expect(el.textContent).toContain('Opening hours saved.');
  });

  it('shows the server problem detail when the save is refused', async () => {
    const { page, http, harness, el } = await open();
    page.save();
    http
      .expectOne({ method: 'PUT', url: URL })
      .flush(
        { type: 'about:blank', title: 'Forbidden', status: 403, code: 'owner_required', detail: 'Only an owner can change opening hours.' },
        { status: 403, statusText: 'Forbidden' },
      );
    await harness.fixture.whenStable();
    expect(el.textContent).toContain('Only an owner can change opening hours.');
  });
});
