import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { parseMoney } from '../../ui/format';
import { ServiceForm, serviceFormGroup } from './service-form';

describe('service form validation', () => {
  it('requires a name, a duration and a price', () => {
    const form = serviceFormGroup();
    form.patchValue({ name: '', durationMinutes: null, price: '' });
    expect(form.controls.name.errors?.['required']).toBe(true);
    expect(form.controls.durationMinutes.errors?.['required']).toBe(true);
    expect(form.controls.price.errors?.['required']).toBe(true);
  });

  it('limits the duration to whole minutes between 5 and 720', () => {
    const d = serviceFormGroup().controls.durationMinutes;
    d.setValue(0);
    expect(d.errors?.['min']).toBeTruthy();
    d.setValue(721);
    expect(d.errors?.['max']).toBeTruthy();
    d.setValue(12.5);
    expect(d.errors?.['integer']).toBeTruthy();
    d.setValue(45);
    expect(d.valid).toBe(true);
  });

  it('accepts money as people type it and refuses the rest', () => {
    const p = serviceFormGroup().controls.price;
    for (const ok of ['25', '25.5', '25.50', '25,50', '0']) {
      p.setValue(ok);
      expect(p.valid, ok).toBe(true);
    }
    for (const bad of ['-5', '25.555', 'abc', '1e3', '25.']) {
      p.setValue(bad);
      expect(p.errors?.['money'], bad).toBeTruthy();
    }
    expect(parseMoney('25.5')).toBe(2550);
    expect(parseMoney('25,05')).toBe(2505);
    expect(parseMoney('0.99')).toBe(99);
  });
});

describe('ServiceForm', () => {
  async function setup() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(ServiceForm);
    fixture.componentRef.setInput('businessId', 'biz-1');
    fixture.detectChanges();
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
  }

  it('shows client-side messages and sends nothing while invalid', async () => {
    const { fixture, el, http } = await setup();
    fixture.componentInstance.form.patchValue({ name: '', price: 'abc' });
    fixture.componentInstance.submit();
    await fixture.whenStable();
    expect(el.textContent).toContain('Name is required.');
    expect(el.textContent).toContain('Enter an amount like 25 or 25.50.');
    http.expectNone({ method: 'POST' });
  });

  it('sends the price as integer cents', async () => {
    const { fixture, http } = await setup();
    fixture.componentInstance.form.setValue({ name: ' Colour ', durationMinutes: 90, price: '65.5', active: true });
    fixture.componentInstance.submit();
    const req = http.expectOne({ method: 'POST', url: '/api/businesses/biz-1/services' });
    expect(req.request.body).toEqual({ name: 'Colour', durationMinutes: 90, priceCents: 6550, active: true });
    req.flush({ id: 'svc-1', ...req.request.body });
  });

  it('puts server field messages on the fields (priceCents → price)', async () => {
    const { fixture, http, el } = await setup();
    fixture.componentInstance.form.setValue({ name: 'Colour', durationMinutes: 90, price: '65', active: true });
    fixture.componentInstance.submit();
    http.expectOne({ method: 'POST' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'validation_failed',
        detail: 'Some fields are not valid.',
        errors: [{ field: 'priceCents', messages: ['priceCents must not be greater than 1000000'] }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(el.textContent).toContain('priceCents must not be greater than 1000000');
    expect(el.textContent).toContain('Some fields are not valid.');
  });
});
