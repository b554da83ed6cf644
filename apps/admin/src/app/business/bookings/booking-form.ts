import { RouterLink } from '@angular/router';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import type { BookingStatus, BookingView, CreateBookingRequest, FreeSlotView, ResourceView, ServiceView, UpdateBookingRequest } from '#contracts';
import { LIMITS } from '#contracts';
import { forkJoin } from 'rxjs';
import { Confirm } from '../../core/confirm-dialog';
import { applyServerErrors, controlMessage, problemCode, problemDetail, takenSlot } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { CustomerPicker, type PickedCustomer } from '../customers/customer-picker';
import { BOOKING_STATUS_LABELS } from '../../ui/status-badge';
import { formatDateTime, formatMoney } from '../../ui/format';
import { isoToWallTime, isUnambiguousWallTime, todayInZone, wallTimeToIso } from '../zoned-time';

/** What a caller may prefill when creating (e.g. the calendar slot that was clicked). */
export interface BookingPrefill {
  date?: string;
  time?: string;
  resourceId?: string;
  customer?: PickedCustomer;
}

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

function customerRequired(control: AbstractControl<PickedCustomer | null>): ValidationErrors | null {
  return control.value?.id ? null : { required: true };
}

/**
 * Create or edit one booking. The date and time are wall time in the business's zone and are sent
 * as ISO 8601 with that zone's offset, whatever zone the browser is in. On a refused save the form
 * keeps every value, so the user can pick another slot and try again.
 */
@Component({
  selector: 'app-booking-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, CustomerPicker, RouterLink],
  templateUrl: './booking-form.html',
  styleUrl: './booking-form.css',
})
export class BookingForm implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly confirm = inject(Confirm);

  readonly businessId = input.required<string>();
  readonly timeZone = input.required<string>();
  /** The booking to edit; null to create one. */
  readonly booking = input<BookingView | null>(null);
  readonly prefill = input<BookingPrefill | null>(null);
  readonly readOnly = input(false);
  /** ISO 4217 code the prices are shown in. */
  readonly currency = input<string | null>(null);
  /** `/b/<slug>/settings` link commands for someone who can add services and resources (owners); null otherwise. */
  readonly settingsLink = input<string[] | null>(null);
  readonly saved = output<BookingView>();
  readonly cancelled = output<BookingView>();

  protected readonly form = new FormGroup({
    customer: new FormControl<PickedCustomer | null>(null, { validators: [customerRequired] }),
    serviceId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    resourceId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    date: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    time: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(TIME_PATTERN)] }),
    notes: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LIMITS.notes.max)] }),
    status: new FormControl<BookingStatus>('confirmed', { nonNullable: true }),
  });

  protected readonly services = signal<ServiceView[]>([]);
  protected readonly resources = signal<ResourceView[]>([]);
  protected readonly loadingOptions = signal(true);
  protected readonly optionsError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly cancelling = signal(false);
  /** The refusal to show above the buttons (slot taken, outside hours, or the server's detail). */
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);

  protected readonly isEdit = computed(() => this.booking() !== null);
  /**
   * A new booking needs an active service and resource: without them the form says what to set up
   * (and links there for owners) instead of offering empty choices.
   */
  protected readonly missingSetup = computed(() => {
    if (this.isEdit() || this.loadingOptions() || this.optionsError()) return null;
    const pages: { path: string; label: string }[] = [];
    if (this.services().length === 0) pages.push({ path: 'services', label: 'Add a service' });
    if (this.resources().length === 0) pages.push({ path: 'resources', label: 'Add a resource' });
    if (!pages.length) return null;
    const what = pages.length === 2 ? 'services or resources' : pages[0]!.path;
    return {
      title: `No ${what} to book yet`,
      detail: `A booking is a service on a resource (a chair, a room, a person). This business has no active ${what} yet.`,
      pages,
    };
  });
  protected readonly isCancelled = computed(() => this.booking()?.status === 'cancelled');
  protected readonly statuses: { value: BookingStatus; label: string }[] = (['confirmed', 'completed', 'no_show'] as const).map((value) => ({
    value,
    label: BOOKING_STATUS_LABELS[value],
  }));
  protected readonly message = controlMessage;
  protected readonly money = formatMoney;

  ngOnInit(): void {
    const b = this.booking();
    if (b) {
      const wall = isoToWallTime(b.startsAt, this.timeZone());
      this.form.reset({
        customer: { id: b.customer.id, name: b.customer.name },
        serviceId: b.service.id,
        resourceId: b.resource.id,
        date: wall.date,
        time: wall.time,
        notes: b.notes ?? '',
        status: b.status === 'cancelled' ? 'confirmed' : b.status,
      });
      if (b.status === 'cancelled' || this.readOnly()) this.form.disable();
    } else {
      const p = this.prefill() ?? {};
      this.form.reset({
        customer: p.customer ?? null,
        serviceId: '',
        resourceId: p.resourceId ?? '',
        date: p.date ?? todayInZone(this.timeZone()),
        time: p.time ?? '',
        notes: '',
        status: 'confirmed',
      });
      if (this.readOnly()) this.form.disable();
    }
    this.loadOptions();
  }

  protected loadOptions(): void {
    this.loadingOptions.set(true);
    this.optionsError.set(null);
    forkJoin({ services: this.api.services(this.businessId()), resources: this.api.resources(this.businessId()) }).subscribe({
      next: ({ services, resources }) => {
        const b = this.booking();
        // Only active ones can be chosen; the booking's current (maybe retired) one stays listed.
        this.services.set(services.filter((s) => s.active || s.id === b?.service.id));
        this.resources.set(resources.filter((r) => r.active || r.id === b?.resource.id));
        const only = this.services().length === 1 ? this.services()[0] : undefined;
        if (!b && only && !this.form.controls.serviceId.value) this.form.controls.serviceId.setValue(only.id);
        this.loadingOptions.set(false);
      },
      error: (err: unknown) => {
        this.loadingOptions.set(false);
        this.optionsError.set(problemDetail(err));
      },
    });
  }

  /** "Next free times" of the chosen service (the same computation as the public booking page). */
  protected readonly nextFree = signal<FreeSlotView[] | null>(null);
  protected readonly nextFreeError = signal<string | null>(null);

  protected showNextFree(): void {
    const serviceId = this.form.controls.serviceId.value;
    if (!serviceId) return;
    this.nextFreeError.set(null);
    const date = this.form.controls.date.value || todayInZone(this.timeZone());
    const from = date < todayInZone(this.timeZone()) ? undefined : date;
    this.api.freeSlots(this.businessId(), serviceId, from).subscribe({
      next: (v) => this.nextFree.set(v.slots.slice(0, 8)),
      error: (err: unknown) => this.nextFreeError.set(problemDetail(err)),
    });
  }

  protected useFree(slot: FreeSlotView): void {
    const wall = isoToWallTime(slot.startsAt, this.timeZone());
    const current = this.form.controls.resourceId.value;
    this.form.patchValue({ date: wall.date, time: wall.time, resourceId: slot.resourceIds.includes(current) ? current : slot.resourceIds[0]! });
    this.form.markAsDirty();
    this.nextFree.set(null);
  }

  protected freeLabel(slot: FreeSlotView): string {
    const wall = isoToWallTime(slot.startsAt, this.timeZone());
    const names = slot.resourceIds.map((id) => this.resources().find((r) => r.id === id)?.name ?? '').filter(Boolean);
    return `${wall.date} ${wall.time}${names.length ? ` · ${names.join(', ')}` : ''}`;
  }

  /**
   * The resources to choose from for the chosen service: those that perform it (all, when the service
   * names none). The one already chosen stays listed, marked, so a calendar prefill or an old booking
   * never changes resource silently; the server refuses it with resource_not_eligible.
   */
  protected resourceOptions(): { resource: ResourceView; performs: boolean }[] {
    const service = this.services().find((x) => x.id === this.form.controls.serviceId.value);
    const only = service?.resourceIds ?? [];
    const chosen = this.form.controls.resourceId.value;
    return this.resources()
      .map((resource) => ({ resource, performs: only.length === 0 || only.includes(resource.id) }))
      .filter((o) => o.performs || o.resource.id === chosen);
  }

  protected durationHint(): string | null {
    const s = this.services().find((x) => x.id === this.form.controls.serviceId.value);
    return s ? `${s.durationMinutes} min · ${formatMoney(s.priceCents, this.currency())}` : null;
  }

  protected submit(): void {
    this.error.set(null);
    this.done.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Please fill in the highlighted fields.');
      return;
    }
    const v = this.form.getRawValue();
    const startsAt = wallTimeToIso(v.date, v.time, this.timeZone());
    if (!startsAt) {
      this.form.controls.time.setErrors({ server: 'Enter a valid date and time.' });
      this.form.controls.time.markAsTouched();
      return;
    }
    const b = this.booking();
    const notes = v.notes.trim();
    this.saving.set(true);
    const request = b
      ? this.api.updateBooking(this.businessId(), b.id, this.changes(b, v, startsAt, notes))
      : this.api.createBooking(this.businessId(), this.createBody(v, startsAt, notes));
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.done.set(b ? 'Booking saved.' : 'Booking created.');
        this.form.markAsPristine();
        this.saved.emit(saved);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.error.set(this.refusal(err));
      },
    });
  }

  private createBody(v: ReturnType<typeof this.form.getRawValue>, startsAt: string, notes: string): CreateBookingRequest {
    return { customerId: v.customer!.id, serviceId: v.serviceId, resourceId: v.resourceId, startsAt, ...(notes ? { notes } : {}) };
  }

  /** Only what changed, so e.g. marking a past booking completed does not re-check its slot. */
  private changes(b: BookingView, v: ReturnType<typeof this.form.getRawValue>, startsAt: string, notes: string): UpdateBookingRequest {
    const body: UpdateBookingRequest = {};
    if (v.customer!.id !== b.customer.id) body.customerId = v.customer!.id;
    if (v.serviceId !== b.service.id) body.serviceId = v.serviceId;
    if (v.resourceId !== b.resource.id) body.resourceId = v.resourceId;
    if (Date.parse(startsAt) !== Date.parse(b.startsAt)) body.startsAt = startsAt;
    if (notes !== (b.notes ?? '')) body.notes = notes || null;
    if (v.status !== b.status) body.status = v.status as UpdateBookingRequest['status'];
    return body;
  }

  /** The sentence for a refused save; field messages go beside their fields. */
  private refusal(err: unknown): string {
    const code = problemCode(err);
    const tz = this.timeZone();
    if (code === 'slot_taken') {
      const slot = takenSlot(err);
      if (!slot) return problemDetail(err, 'That time is already booked for this resource.');
      const who = slot.resourceName ?? 'This resource';
      const day = formatDateTime(slot.startsAt, 'weekday', { timeZone: tz });
      return `That slot is taken: ${who} is already booked ${day}, ${formatDateTime(slot.startsAt, 'time', { timeZone: tz })}–${formatDateTime(slot.endsAt, 'time', { timeZone: tz })}. Pick another time or resource.`;
    }
    if (code === 'outside_availability') {
      return `That time is outside opening hours (or on a closed day, or outside the resource's working hours). ${problemDetail(err, '')}`.trim();
    }
    if (code === 'resource_not_eligible') {
      // The message goes beside the Resource field too.
      applyServerErrors(this.form, err);
      return problemDetail(err, 'This resource does not perform the chosen service; pick another resource.');
    }
    if (code === 'validation_failed') {
      const leftover = applyServerErrors(this.form, err, { startsAt: 'time', customerId: 'customer' });
      return leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err, 'Please correct the highlighted fields.');
    }
    return problemDetail(err);
  }

  protected async cancelBooking(): Promise<void> {
    const b = this.booking();
    if (!b) return;
    const when = `${formatDateTime(b.startsAt, 'weekday', { timeZone: this.timeZone() })} ${formatDateTime(b.startsAt, 'time', { timeZone: this.timeZone() })}`;
    const yes = await this.confirm.ask({
      title: 'Cancel this booking?',
      message: `${b.customer.name}, ${b.service.name} on ${when} will be cancelled and the slot becomes free again. This cannot be undone.`,
      confirmLabel: 'Cancel booking',
      cancelLabel: 'Keep booking',
      danger: true,
    });
    if (!yes) return;
    this.error.set(null);
    this.cancelling.set(true);
    this.api.cancelBooking(this.businessId(), b.id).subscribe({
      next: (c) => {
        this.cancelling.set(false);
        this.form.disable();
        this.done.set('Booking cancelled.');
        this.cancelled.emit(c);
      },
      error: (err: unknown) => {
        this.cancelling.set(false);
        this.error.set(problemDetail(err));
      },
    });
  }

  /** Shown under the time field when the wall time falls in a DST change of the business's zone. */
  protected dstNote(): string | null {
    const { date, time } = this.form.getRawValue();
    if (!TIME_PATTERN.test(time) || !date || isUnambiguousWallTime(date, time, this.timeZone())) return null;
    const iso = wallTimeToIso(date, time, this.timeZone());
    return iso ? `Clocks change that night; this will be booked as ${formatDateTime(iso, 'time', { timeZone: this.timeZone() })} (${iso.slice(-6)}).` : null;
  }
}
