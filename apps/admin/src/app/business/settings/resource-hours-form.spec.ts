import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ResourceView } from '#contracts';
import { ResourceHoursForm, hoursSummary } from './resource-hours-form';

const BEN: ResourceView = { id: 'res-ben', name: 'Ben', active: true, workingHours: [{ weekday: 2, opens: '12:00', closes: '14:00' }] };

async function setup(resource: ResourceView) {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(ResourceHoursForm);
  fixture.componentRef.setInput('businessId', 'biz-1');
  fixture.componentRef.setInput('resource', resource);
  fixture.componentRef.setInput('timeZone', 'Europe/London');
  fixture.detectChanges();
  await fixture.whenStable();
  return { fixture, el: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
}

describe('resource working hours', () => {
  it('summarises hours by weekday, or says it follows the opening hours', () => {
    expect(hoursSummary([])).toBe('Opening hours');
    expect(
      hoursSummary([
        { weekday: 5, opens: '10:00', closes: '12:00' },
        { weekday: 1, opens: '09:00', closes: '13:00' },
      ]),
    ).toBe('Mon 09:00–13:00, Fri 10:00–12:00');
  });

  it('shows its own hours and sends the days it works', async () => {
    const { fixture, el, http } = await setup(BEN);
    expect(el.querySelectorAll<HTMLInputElement>('input[type="radio"]')[1]!.checked).toBe(true);
    const tuesday = el.querySelector<HTMLInputElement>('input[aria-label="Ben works on Tuesday"]')!;
    expect(tuesday.checked).toBe(true);
    expect(el.querySelector<HTMLInputElement>('input[aria-label="Ben works on Monday"]')!.checked).toBe(false);
    el.querySelector<HTMLInputElement>('input[aria-label="Ben works on Friday"]')!.click();
    fixture.detectChanges();
    fixture.componentInstance.form.controls.weekly.at(4).patchValue({ opens: '10:00', closes: '12:30' });
    fixture.componentInstance.submit();
    const req = http.expectOne({ method: 'PATCH', url: '/api/businesses/biz-1/resources/res-ben' });
    expect(req.request.body).toEqual({
      workingHours: [
        { weekday: 2, opens: '12:00', closes: '14:00' },
        { weekday: 5, opens: '10:00', closes: '12:30' },
      ],
    });
    req.flush({ ...BEN, workingHours: req.request.body.workingHours });
    http.verify();
  });

  it('"whenever the business is open" sends no hours of its own', async () => {
    const { fixture, el, http } = await setup(BEN);
    el.querySelectorAll<HTMLInputElement>('input[type="radio"]')[0]!.click();
    fixture.detectChanges();
    expect(el.querySelector('input[aria-label="Ben works on Tuesday"]')).toBeNull();
    fixture.componentInstance.submit();
    expect(http.expectOne({ method: 'PATCH' }).request.body).toEqual({ workingHours: [] });
  });

  it('refuses a day that ends before it starts, and own hours on no day, without sending anything', async () => {
    const { fixture, el, http } = await setup(BEN);
    fixture.componentInstance.form.controls.weekly.at(1).patchValue({ opens: '15:00', closes: '14:00' });
    fixture.componentInstance.submit();
    fixture.detectChanges();
    expect(el.textContent).toContain('Closing time must be after opening time.');
    fixture.componentInstance.form.controls.weekly.at(1).patchValue({ open: false, opens: '12:00', closes: '14:00' });
    fixture.componentInstance.submit();
    fixture.detectChanges();
    expect(el.textContent).toContain('Tick at least one day it works');
    http.expectNone({ method: 'PATCH' });
  });

  it("puts the server's message for workingHours.N on that weekday's row", async () => {
    const { fixture, el, http } = await setup(BEN);
    fixture.componentInstance.submit();
    http.expectOne({ method: 'PATCH' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'validation_failed',
        detail: 'workingHours.0.closes: must be after opens',
        errors: [{ field: 'workingHours.0.closes', messages: ['closes (14:00) must be after opens (15:00)'] }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    const tuesdayRow = el.querySelector('input[aria-label="Ben works on Tuesday"]')!.closest('.day')!;
    expect(tuesdayRow.querySelector('.field-error')!.textContent).toContain('closes (14:00) must be after opens (15:00)');
    expect(el.querySelector('[role="alert"].alert-error')!.textContent).toContain('workingHours.0.closes');
  });
});
