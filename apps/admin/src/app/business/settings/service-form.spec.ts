import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LIMITS, type ResourceView, type ServiceView } from '#contracts';
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

  it("limits the duration to whole minutes between 5 and a whole day (the API's and the database's limits)", () => {
    const d = serviceFormGroup().controls.durationMinutes;
    d.setValue(0);
    expect(d.errors?.['min']).toBeTruthy();
    d.setValue(LIMITS.serviceDurationMinutes.max + 1);
    expect(d.errors?.['max']).toBeTruthy();
    d.setValue(1440);
    expect(d.valid).toBe(true);
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
    fixture.componentInstance.form.patchValue({ name: ' Colour ', durationMinutes: 90, price: '65.5', active: true });
    fixture.componentInstance.submit();
    const req = http.expectOne({ method: 'POST', url: '/api/businesses/biz-1/services' });
    expect(req.request.body).toEqual({
      name: 'Colour',
      durationMinutes: 90,
      priceCents: 6550,
      active: true,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      resourceIds: [],
    });
    req.flush({ id: 'svc-1', ...req.request.body });
  });

  it('puts server field messages on the fields (priceCents → price)', async () => {
    const { fixture, http, el } = await setup();
    fixture.componentInstance.form.patchValue({ name: 'Colour', durationMinutes: 90, price: '65', active: true });
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

  it('buffers are whole minutes from 0 to 240', () => {
    const form = serviceFormGroup();
    for (const [value, error] of [
      [-5, 'min'],
      [241, 'max'],
      [7.5, 'integer'],
      [null, 'required'],
    ] as const) {
      form.controls.bufferAfterMinutes.setValue(value);
      expect(form.controls.bufferAfterMinutes.errors?.[error], String(value)).toBeTruthy();
    }
    form.controls.bufferAfterMinutes.setValue(240);
    expect(form.controls.bufferAfterMinutes.valid).toBe(true);
  });
});

describe('ServiceForm: buffers and who performs it', () => {
  const RESOURCES: ResourceView[] = [
    { id: 'res-anna', name: 'Anna', active: true, workingHours: [] },
    { id: 'res-ben', name: 'Ben', active: true, workingHours: [] },
    { id: 'res-old', name: 'Old chair', active: false, workingHours: [] },
  ];
  const PERM: ServiceView = {
    id: 'svc-perm',
    name: 'Perm',
    durationMinutes: 90,
    priceCents: 9000,
    active: true,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 15,
    resourceIds: ['res-ben', 'res-old'],
  };

  async function setup(service: ServiceView | null) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(ServiceForm);
    fixture.componentRef.setInput('businessId', 'biz-1');
    fixture.componentRef.setInput('resources', RESOURCES);
    if (service) fixture.componentRef.setInput('service', service);
    fixture.detectChanges();
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
  }
  const boxes = (el: HTMLElement) =>
    [...el.querySelectorAll<HTMLLabelElement>('fieldset.performers label')].map((l) => ({
      name: l.textContent!.trim(),
      checked: l.querySelector('input')!.checked,
    }));

  it("shows the service's buffers and ticks the resources that perform it (an inactive one it still names is listed)", async () => {
    const { el } = await setup(PERM);
    expect(el.querySelector<HTMLInputElement>('input[formcontrolname="bufferBeforeMinutes"]')!.value).toBe('5');
    expect(el.querySelector<HTMLInputElement>('input[formcontrolname="bufferAfterMinutes"]')!.value).toBe('15');
    expect(boxes(el)).toEqual([
      { name: 'Anna', checked: false },
      { name: 'Ben', checked: true },
      { name: 'Old chair (inactive)', checked: true },
    ]);
    expect(el.textContent).toContain('Only the ticked resources are offered');
  });

  it('sends the buffers and the ticked resources', async () => {
    const { fixture, el, http } = await setup(PERM);
    const inputs = el.querySelectorAll<HTMLInputElement>('fieldset.performers input');
    inputs[0]!.click(); // Anna on
    inputs[2]!.click(); // Old chair off
    fixture.componentInstance.form.patchValue({ bufferAfterMinutes: 20 });
    fixture.componentInstance.submit();
    const req = http.expectOne({ method: 'PATCH', url: '/api/businesses/biz-1/services/svc-perm' });
    expect(req.request.body).toMatchObject({ bufferBeforeMinutes: 5, bufferAfterMinutes: 20 });
    expect([...req.request.body.resourceIds].sort()).toEqual(['res-anna', 'res-ben']);
    req.flush({ ...PERM, ...req.request.body });
  });

  it('a new service with none ticked sends an empty list (every resource performs it)', async () => {
    const fresh = await setup(null);
    fresh.fixture.componentInstance.form.patchValue({ name: 'Trim', durationMinutes: 30, price: '20' });
    await fresh.fixture.whenStable();
    expect(fresh.el.textContent).toContain('None ticked: every active resource can perform it.');
    fresh.fixture.componentInstance.submit();
    expect(fresh.http.expectOne({ method: 'POST' }).request.body.resourceIds).toEqual([]);
  });

  it("puts the server's messages beside the buffer and the resources fields", async () => {
    const { fixture, http, el } = await setup(PERM);
    fixture.componentInstance.submit();
    http.expectOne({ method: 'PATCH' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'validation_failed',
        detail: 'Some fields are not valid.',
        errors: [
          { field: 'bufferAfterMinutes', messages: ['bufferAfterMinutes must not be greater than 240'] },
          { field: 'resourceIds', messages: ['No resource res-old in this business'] },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const after = el.querySelector('input[formcontrolname="bufferAfterMinutes"]')!.closest('label')!;
    expect(after.querySelector('.field-error')!.textContent).toContain('bufferAfterMinutes must not be greater than 240');
    expect(el.querySelector('fieldset.performers .field-error')!.textContent).toContain('No resource res-old in this business');
  });
});
