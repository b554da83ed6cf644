import { ChangeDetectionStrategy, Component, computed, inject, input, signal, type OnInit } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { FreeSlotView, ManageBookingView } from '#contracts';
import { problemCode, problemDetail } from '../ui/problem';
import { BookApi } from './book-api';
import { byDay, dayLabel, duration, money, wallDate, wallTime } from './book-format';

/**
 * The customer's manage link, /book/<slug>/manage/<token>: the booking, and — until the business's
 * cancellation window — cancel or move it to another free time. No sign-in: the token is the key.
 */
@Component({
  selector: 'app-manage-page',
  templateUrl: './manage-page.html',
  styleUrl: './book.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ManagePage implements OnInit {
  readonly slug = input.required<string>();
  readonly token = input.required<string>();

  private readonly api = inject(BookApi);
  protected readonly view = signal<ManageBookingView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly moving = signal(false);
  protected readonly slots = signal<FreeSlotView[]>([]);
  protected readonly days = computed(() => byDay(this.slots()));
  protected readonly accent = computed(() => this.view()?.business.primaryColor ?? '#2f5bd3');
  protected readonly wallTime = wallTime;
  protected readonly wallDate = wallDate;
  protected readonly dayLabel = dayLabel;
  protected readonly money = money;
  protected readonly duration = duration;

  ngOnInit(): void {
    document.title = 'Your booking';
    // Angular does not wait for ngOnInit; load() catches its own failures into error.
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.view.set(await firstValueFrom(this.api.manage(this.token())));
    } catch (err) {
      this.error.set(problemCode(err) === 'not_found' ? 'This booking link is not valid or has expired.' : problemDetail(err));
    }
  }

  protected async cancel(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    try {
      this.view.set(await firstValueFrom(this.api.cancel(this.token())));
      this.moving.set(false);
      this.notice.set('Your booking is cancelled.');
    } catch (err) {
      this.actionError.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }

  protected async startMove(): Promise<void> {
    const v = this.view();
    if (!v) return;
    this.moving.set(true);
    this.actionError.set(null);
    try {
      this.slots.set((await firstValueFrom(this.api.slots(v.business.slug, v.booking.service.id))).slots);
    } catch (err) {
      this.actionError.set(problemDetail(err));
    }
  }

  protected async moveTo(slot: FreeSlotView): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    try {
      this.view.set(await firstValueFrom(this.api.reschedule(this.token(), slot.startsAt)));
      this.moving.set(false);
      this.notice.set('Your booking has been moved.');
    } catch (err) {
      this.actionError.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }
}
