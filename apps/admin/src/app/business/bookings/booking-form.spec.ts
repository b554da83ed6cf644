import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { BookingView, ResourceView, ServiceView } from '#contracts';
import { BookingForm } from './booking-form';

const BIZ = 'biz-1';
const SERVICES: ServiceView[] = [
  { id: 'svc-cut', name: 'Haircut', durationMinutes: 30, priceCents: 2500, active: true, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, resourceIds: [] },
  { id: 'svc-old', name: 'Retired perm', durationMinutes: 90, priceCents: 9000, active: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, resourceIds: [] },
];
const RESOURCES: ResourceView[] = [
  { id: 'res-anna', name: 'Anna', active: true, workingHours: [] },
  { id: 'res-gone', name: 'Old chair', active: false, workingHours: [] },
];

function booking(partial: Partial<BookingView> = {}): BookingView {
  return {
    id: 'bk-1',
    businessId: BIZ,
    startsAt: '2025-07-01T09:00:00+01:00',
    endsAt: '2025-07-01T09:30:00+01:00',
    status: 'confirmed',
    notes: null,
    customer: { id: 'cus-1', name: 'Cara Customer' },
    service: { id: 'svc-cut', name: 'Haircut', durationMinutes: 30, priceCents: 2500 },
    resource: { id: 'res-anna', name: 'Anna' },
    createdAt: '2025-06-01T10:00:00Z',
    createdBy: null,
    createdInImpersonation: null,
    source: 'admin',
    ...partial,
  };
}

async function setup(inputs: { booking?: BookingView; prefill?: object; timeZone?: string; services?: ServiceView[]; resources?: ResourceView[] } = {}) {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  const fixture: ComponentFixture<BookingForm> = TestBed.createComponent(BookingForm);
  fixture.componentRef.setInput('businessId', BIZ);
  fixture.componentRef.setInput('timeZone', inputs.timeZone ?? 'Europe/London');
  if (inputs.booking) fixture.componentRef.setInput('booking', inputs.booking);
  if (inputs.prefill) fixture.componentRef.setInput('prefill', inputs.prefill);
  fixture.detectChanges();
  const http = TestBed.inject(HttpTestingController);
  http.expectOne(`/api/businesses/${BIZ}/services`).flush(inputs.services ?? SERVICES);
  http.expectOne(`/api/businesses/${BIZ}/resources`).flush(inputs.resources ?? RESOURCES);
  await fixture.whenStable();
  const el: HTMLElement = fixture.nativeElement;
  const set = (selector: string, value: string) => {
    const input = el.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  };
  const submit = async () => {
    el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
  };
  return { fixture, el, http, set, submit };
}

/** Fill every field of a create form with a valid booking (customer picked through the prefill). */
async function filled() {
  const ctx = await setup({ prefill: { customer: { id: 'cus-1', name: 'Cara Customer' }, date: '2025-07-01', time: '09:00', resourceId: 'res-anna' } });
  ctx.set('select[formcontrolname="serviceId"]', 'svc-cut');
  await ctx.fixture.whenStable();
  return ctx;
}

const problem = (status: number, code: string, detail: string, extra: object = {}) => ({
  body: { type: 'about:blank', title: 'x', status, code, detail, ...extra },
  opts: { status, statusText: 'x' },
});

describe('BookingForm', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('offers only active services and resources', async () => {
    const { el } = await setup();
    const services = [...el.querySelectorAll('select[formcontrolname="serviceId"] option')].map((o) => o.textContent!.trim());
    const resources = [...el.querySelectorAll('select[formcontrolname="resourceId"] option')].map((o) => o.textContent!.trim());
    expect(services).toEqual(['Choose a service', 'Haircut']);
    expect(resources).toEqual(['Choose a resource', 'Anna']);
  });

  it('validates required fields client-side and sends nothing', async () => {
    const { el, http, submit } = await setup();
    // The only active service is preselected; clear it to see its message too.
    const service = el.querySelector<HTMLSelectElement>('select[formcontrolname="serviceId"]')!;
    service.value = '';
    service.dispatchEvent(new Event('change'));
    await submit();
    const text = el.textContent!;
    expect(text).toContain('Customer is required.');
    expect(text).toContain('Service is required.');
    expect(text).toContain('Resource is required.');
    expect(text).toContain('Start time is required.');
    http.expectNone({ method: 'POST' });
  });

  it('sends the wall time in the business zone with its offset', async () => {
    const { http, submit, fixture } = await filled();
    await submit();
    const req = http.expectOne({ method: 'POST', url: `/api/businesses/${BIZ}/bookings` });
    expect(req.request.body).toEqual({ customerId: 'cus-1', serviceId: 'svc-cut', resourceId: 'res-anna', startsAt: '2025-07-01T09:00:00+01:00' });
    const saved = vi.fn();
    fixture.componentInstance.saved.subscribe(saved);
    req.flush(booking());
    await fixture.whenStable();
    expect(saved).toHaveBeenCalledWith(expect.objectContaining({ id: 'bk-1' }));
  });

  it('shows a progress indicator while saving', async () => {
    const { el, http, submit } = await filled();
    await submit();
    const button = el.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toContain('Saving…');
    http.expectOne({ method: 'POST' }).flush(booking());
  });

  it('on 409 slot_taken names the taken slot and keeps every value', async () => {
    const { el, http, submit, fixture } = await filled();
    await submit();
    const p = problem(409, 'slot_taken', 'The slot is taken.', {
      slot: { resourceId: 'res-anna', resourceName: 'Anna', startsAt: '2025-07-01T08:45:00+01:00', endsAt: '2025-07-01T09:15:00+01:00' },
    });
    http.expectOne({ method: 'POST' }).flush(p.body, p.opts);
    await fixture.whenStable();
    const alert = el.querySelector('[data-testid="booking-error"]')!.textContent!;
    expect(alert).toContain('That slot is taken');
    expect(alert).toContain('Anna');
    // In the viewer's locale: 08:45–09:15, or 08:45 AM–09:15 AM where the locale uses a 12-hour clock.
    expect(alert).toMatch(/08:45( AM)?–09:15( AM)?/);
    expect(el.querySelector<HTMLInputElement>('input[formcontrolname="time"]')!.value).toBe('09:00');
    expect(el.querySelector<HTMLInputElement>('input[formcontrolname="date"]')!.value).toBe('2025-07-01');
    expect(el.querySelector<HTMLSelectElement>('select[formcontrolname="serviceId"]')!.value).toBe('svc-cut');
    expect(el.querySelector<HTMLSelectElement>('select[formcontrolname="resourceId"]')!.value).toBe('res-anna');
    expect(el.textContent).toContain('Cara Customer');
    expect(el.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(false);
  });

  it('on 422 outside_availability says it is outside opening hours', async () => {
    const { el, http, submit, fixture } = await filled();
    await submit();
    const p = problem(422, 'outside_availability', 'Tuesday opens 09:00–17:00.');
    http.expectOne({ method: 'POST' }).flush(p.body, p.opts);
    await fixture.whenStable();
    const alert = el.querySelector('[data-testid="booking-error"]')!.textContent!;
    expect(alert).toContain('outside opening hours');
    expect(alert).toContain('Tuesday opens 09:00–17:00.');
    expect(el.querySelector<HTMLInputElement>('input[formcontrolname="time"]')!.value).toBe('09:00');
  });

  it('puts validation_failed field messages beside their fields', async () => {
    const { el, http, submit, fixture } = await filled();
    await submit();
    const p = problem(400, 'validation_failed', 'Some fields are not valid.', {
      errors: [
        { field: 'startsAt', messages: ['startsAt must be on a 5-minute boundary'] },
        { field: 'notes', messages: ['notes is too long'] },
      ],
    });
    http.expectOne({ method: 'POST' }).flush(p.body, p.opts);
    await fixture.whenStable();
    expect(el.textContent).toContain('startsAt must be on a 5-minute boundary');
    expect(el.textContent).toContain('notes is too long');
    expect(el.querySelector('[data-testid="booking-error"]')!.textContent).toContain('Some fields are not valid.');
  });

  it('shows any other problem detail', async () => {
    const { el, http, submit, fixture } = await filled();
    await submit();
    const p = problem(403, 'read_only_impersonation', 'This impersonation is read-only.');
    http.expectOne({ method: 'POST' }).flush(p.body, p.opts);
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="booking-error"]')!.textContent).toContain('This impersonation is read-only.');
  });

  it('edit sends only what changed (a reschedule) and reads the time in the business zone', async () => {
    const { el, http, set, submit, fixture } = await setup({
      booking: booking({ startsAt: '2025-07-01T13:00:00Z', endsAt: '2025-07-01T13:30:00Z' }),
      timeZone: 'America/New_York',
    });
    expect(el.querySelector<HTMLInputElement>('input[formcontrolname="time"]')!.value).toBe('09:00');
    set('input[formcontrolname="time"]', '23:30');
    await fixture.whenStable();
    await submit();
    const req = http.expectOne({ method: 'PATCH', url: `/api/businesses/${BIZ}/bookings/bk-1` });
    expect(req.request.body).toEqual({ startsAt: '2025-07-01T23:30:00-04:00' });
    req.flush(booking());
  });

  it('cancel asks first in a dialog (Keep booking sends nothing), then POSTs …/cancel', async () => {
    const { el, http, fixture } = await setup({ booking: booking() });
    const cancel = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('Cancel booking'))!;
    const dialogButton = async (name: string) => {
      await fixture.whenStable();
      const dialog = document.querySelector<HTMLElement>('[role="alertdialog"]')!;
      expect(dialog.textContent).toContain('Cara Customer');
      return [...dialog.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === name)!;
    };
    cancel.click();
    (await dialogButton('Keep booking')).click();
    await fixture.whenStable();
    http.expectNone({ method: 'POST' });
    expect(el.textContent).not.toContain('Booking cancelled.');

    cancel.click();
    (await dialogButton('Cancel booking')).click();
    await fixture.whenStable();
    http.expectOne({ method: 'POST', url: `/api/businesses/${BIZ}/bookings/bk-1/cancel` }).flush(booking({ status: 'cancelled' }));
    await fixture.whenStable();
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(el.textContent).toContain('Booking cancelled.');
  });

  it('offers the resources that perform the chosen service; a prefilled one that does not stays, marked, and the 422 goes beside it', async () => {
    const services: ServiceView[] = [
      ...SERVICES,
      {
        id: 'svc-perm',
        name: 'Perm',
        durationMinutes: 60,
        priceCents: 6000,
        active: true,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 10,
        resourceIds: ['res-ben'],
      },
    ];
    const resources: ResourceView[] = [
      ...RESOURCES,
      { id: 'res-ben', name: 'Ben', active: true, workingHours: [{ weekday: 2, opens: '12:00', closes: '14:00' }] },
    ];
    const { el, http, set, submit, fixture } = await setup({
      services,
      resources,
      prefill: { customer: { id: 'cus-1', name: 'Cara Customer' }, date: '2025-07-01', time: '09:00', resourceId: 'res-anna' },
    });
    const options = () => [...el.querySelectorAll('select[formcontrolname="resourceId"] option')].map((o) => o.textContent!.trim());
    set('select[formcontrolname="serviceId"]', 'svc-cut');
    fixture.detectChanges();
    expect(options()).toEqual(['Choose a resource', 'Anna', 'Ben']);
    set('select[formcontrolname="serviceId"]', 'svc-perm');
    fixture.detectChanges();
    expect(options()).toEqual(['Choose a resource', 'Anna (does not perform this service)', 'Ben']);
    await submit();
    const message = 'Anna does not perform "Perm"; choose one of the resources set for it under Settings → Services';
    const p = problem(422, 'resource_not_eligible', message, { errors: [{ field: 'resourceId', messages: [message] }] });
    http.expectOne({ method: 'POST' }).flush(p.body, p.opts);
    await fixture.whenStable();
    expect(el.querySelector('select[formcontrolname="resourceId"]')!.closest('label')!.querySelector('.field-error')!.textContent).toContain(message);
    expect(el.querySelector('[data-testid="booking-error"]')!.textContent).toContain(message);
    set('select[formcontrolname="resourceId"]', 'res-ben');
    fixture.detectChanges();
    expect(options()).toEqual(['Choose a resource', 'Ben']);
  });
});
