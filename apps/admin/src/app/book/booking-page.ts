import { ChangeDetectionStrategy, Component, computed, inject, input, signal, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { LIMITS, addDays, type FreeSlotView, type PublicBookingCreated, type PublicBusinessView } from '#contracts';
import { AuthStore } from '../core/auth-store';
import { problemCode, problemDetail } from '../ui/problem';
import { BookApi } from './book-api';
import { byDay, dayLabel, duration, money, wallDate, wallTime } from './book-format';

type Step = 'service' | 'time' | 'details' | 'done';
const DAYS_PER_PAGE = 7;

/**
 * The public booking page, /book/<slug>: mobile first, no sign-in. Service → free time (shown in the
 * business's own zone, and saying so) → the customer's details → confirmation with the manage link.
 * With `preview` (the owner's "Preview booking page", also while impersonating) it reads the same
 * page through the owner's preview routes, works while online booking is off, and never books.
 */
@Component({
  selector: 'app-booking-page',
  imports: [FormsModule, RouterLink],
  templateUrl: './booking-page.html',
  styleUrl: './book.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BookingPage implements OnInit {
  protected readonly limits = LIMITS;
  readonly slug = input.required<string>();
  readonly preview = input(false);

  private readonly api = inject(BookApi);
  private readonly auth = inject(AuthStore);

  protected readonly business = signal<PublicBusinessView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly step = signal<Step>('service');
  protected readonly serviceId = signal<string | null>(null);
  protected readonly slots = signal<FreeSlotView[]>([]);
  protected readonly slotsLoading = signal(false);
  protected readonly slotsError = signal<string | null>(null);
  protected readonly rangeFrom = signal<string | null>(null);
  protected readonly chosen = signal<FreeSlotView | null>(null);
  protected readonly name = signal('');
  protected readonly email = signal('');
  protected readonly phone = signal('');
  protected readonly website = signal('');
  protected readonly submitting = signal(false);
  protected readonly submitError = signal<string | null>(null);
  protected readonly takenNext = signal<FreeSlotView[]>([]);
  protected readonly created = signal<PublicBookingCreated | null>(null);

  protected readonly service = computed(() => this.business()?.services.find((s) => s.id === this.serviceId()) ?? null);
  protected readonly days = computed(() => byDay(this.slots()));
  protected readonly accent = computed(() => this.business()?.primaryColor ?? '#2f5bd3');
  protected readonly managePath = computed(() => {
    const url = this.created()?.manageUrl;
    return url ? url.slice(url.indexOf('/book/')) : null;
  });
  protected readonly wallTime = wallTime;
  protected readonly wallDate = wallDate;
  protected readonly dayLabel = dayLabel;
  protected readonly money = money;
  protected readonly duration = duration;

  private businessId: string | null = null;

  ngOnInit(): void {
    // Angular does not wait for ngOnInit; load() catches its own failures into loadError.
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      if (this.preview()) {
        await this.auth.ensureLoaded();
        const ctx = this.auth.businessContext(this.slug());
        if (!ctx || ctx.role !== 'owner') {
          this.loadError.set('Only the owner (or an operator impersonating the owner) can preview this booking page.');
          return;
        }
        this.businessId = ctx.business.id;
        this.business.set(await firstValueFrom(this.api.previewBusiness(ctx.business.id)));
      } else {
        this.business.set(await firstValueFrom(this.api.business(this.slug())));
      }
      document.title = `Book with ${this.business()!.name}`;
    } catch (err) {
      this.loadError.set(problemCode(err) === 'not_found' ? 'There is no booking page at this address.' : problemDetail(err));
    }
  }

  protected canBook(): boolean {
    const b = this.business();
    return !!b && (b.acceptingBookings || (this.preview() && b.unavailableReason !== 'suspended'));
  }

  protected async chooseService(id: string): Promise<void> {
    this.serviceId.set(id);
    this.chosen.set(null);
    this.step.set('time');
    this.rangeFrom.set(null);
    await this.loadSlots();
  }

  protected async later(): Promise<void> {
    const last = this.slots().at(-1);
    const from = this.rangeFrom();
    // From a page of its own: the next page. From the first page (now + the default range): the day
    // after the last day shown, so no day between is skipped.
    const next = from ? addDays(from, DAYS_PER_PAGE) : last ? addDays(wallDate(last.startsAt), 1) : null;
    if (!next) return;
    this.rangeFrom.set(next);
    await this.loadSlots();
  }

  protected async earlier(): Promise<void> {
    const from = this.rangeFrom();
    if (!from) return;
    const back = addDays(from, -DAYS_PER_PAGE);
    this.rangeFrom.set(back <= todayIn(this.business()!.timeZone) ? null : back);
    await this.loadSlots();
  }

  private async loadSlots(): Promise<void> {
    const id = this.serviceId();
    if (!id) return;
    this.slotsLoading.set(true);
    this.slotsError.set(null);
    const from = this.rangeFrom() ?? undefined;
    const to = from ? addDays(from, DAYS_PER_PAGE) : undefined;
    try {
      const view = await firstValueFrom(
        this.preview() && this.businessId ? this.api.previewSlots(this.businessId, id, from, to) : this.api.slots(this.slug(), id, from, to),
      );
      this.slots.set(view.slots);
    } catch (err) {
      this.slots.set([]);
      this.slotsError.set(problemDetail(err));
    } finally {
      this.slotsLoading.set(false);
    }
  }

  protected chooseTime(slot: FreeSlotView): void {
    this.chosen.set(slot);
    this.submitError.set(null);
    this.takenNext.set([]);
    this.step.set('details');
  }

  protected back(to: Step): void {
    this.step.set(to);
  }

  protected async confirm(): Promise<void> {
    const slot = this.chosen();
    const service = this.service();
    if (!slot || !service || this.submitting()) return;
    this.submitError.set(null);
    if (this.preview()) {
      // A preview shows the confirmation customers would see, and books nothing.
      this.created.set({
        booking: {
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          status: 'confirmed',
          service: { id: service.id, name: service.name, durationMinutes: service.durationMinutes, priceCents: service.priceCents },
          resource: { id: slot.resourceIds[0] ?? '', name: '' },
          business: { slug: this.slug(), name: this.business()!.name, timeZone: this.business()!.timeZone },
        },
        manageUrl: '',
      });
      this.step.set('done');
      return;
    }
    this.submitting.set(true);
    try {
      const phone = this.phone().trim();
      const created = await firstValueFrom(
        this.api.book(this.slug(), {
          serviceId: service.id,
          startsAt: slot.startsAt,
          customer: { name: this.name().trim(), email: this.email().trim(), ...(phone ? { phone } : {}) },
          ...(this.website() ? { website: this.website() } : {}),
        }),
      );
      this.created.set(created);
      this.step.set('done');
    } catch (err) {
      this.submitError.set(problemDetail(err));
      if (problemCode(err) === 'slot_taken') {
        const next = (err as { error?: { nextFreeTimes?: FreeSlotView[] } }).error?.nextFreeTimes ?? [];
        this.takenNext.set(next);
      }
    } finally {
      this.submitting.set(false);
    }
  }
}

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
