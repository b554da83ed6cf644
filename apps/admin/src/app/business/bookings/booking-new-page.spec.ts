import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ACME, businessUserMe, loadMe } from '../../core/auth-store.testing';
import { BookingNewPage } from './booking-new-page';

const CUSTOMER = '33333333-3333-4333-8333-333333333333';
const base = `/api/businesses/${ACME.id}`;

async function open(url: string) {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'b/:slug/bookings/new', component: BookingNewPage }])],
  });
  await loadMe(businessUserMe('owner'));
  const harness = await RouterTestingHarness.create();
  const http = TestBed.inject(HttpTestingController);
  const navigation = harness.navigateByUrl(url);
  return { harness, http, navigation };
}

function flushOptions(http: HttpTestingController) {
  http.expectOne(`${base}/services`).flush([{ id: 'svc', name: 'Cut', durationMinutes: 30, priceCents: 0, active: true }]);
  http.expectOne(`${base}/resources`).flush([{ id: 'res', name: 'Chair', active: true }]);
}

describe('BookingNewPage: the customer a link names', () => {
  it("shows the API's name for customerId, never the link's customerName", async () => {
    const { harness, http, navigation } = await open(`/b/acme-hair/bookings/new?customerId=${CUSTOMER}&customerName=Mallory%20Impostor`);
    await navigation;
    harness.detectChanges();
    expect(harness.routeNativeElement?.textContent).toContain('Loading the customer');
    http
      .expectOne(`${base}/customers/${CUSTOMER}`)
      .flush({ id: CUSTOMER, name: 'Real Person', email: 'real@example.test', phone: null, notes: null, createdAt: '2026-01-01T00:00:00Z', bookings: [] });
    await harness.fixture.whenStable();
    harness.detectChanges();
    flushOptions(http);
    await harness.fixture.whenStable();
    const text = harness.routeNativeElement?.textContent ?? '';
    expect(text).toContain('Real Person');
    expect(text).toContain('real@example.test');
    expect(text).not.toContain('Mallory');
    http.verify();
  });

  it('an id the API does not know (another business, or made up) prefills no customer and says so', async () => {
    const { harness, http, navigation } = await open(`/b/acme-hair/bookings/new?customerId=${CUSTOMER}&customerName=Mallory`);
    await navigation;
    harness.detectChanges();
    http
      .expectOne(`${base}/customers/${CUSTOMER}`)
      .flush(
        { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Customer was not found', code: 'not_found' },
        { status: 404, statusText: 'Not Found' },
      );
    await harness.fixture.whenStable();
    harness.detectChanges();
    flushOptions(http);
    await harness.fixture.whenStable();
    const el = harness.routeNativeElement!;
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('could not be loaded');
    expect(el.textContent).not.toContain('Mallory');
    expect(el.querySelector('[data-testid="linked-customer"]')).toBeNull();
  });

  it('without a customerId, asks the API for nothing about customers', async () => {
    const { harness, http, navigation } = await open('/b/acme-hair/bookings/new?customerName=Mallory&date=2026-05-04&time=10:00');
    await navigation;
    harness.detectChanges();
    flushOptions(http);
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.textContent).not.toContain('Mallory');
    http.expectNone((r) => r.url.includes('/customers/'));
  });
});
