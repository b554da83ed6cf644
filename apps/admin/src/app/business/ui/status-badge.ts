import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BookingStatus } from '#contracts';

export const STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: 'Confirmed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

@Component({
  selector: 'app-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge" [class]="'badge badge-' + status()">{{ label() }}</span>`,
  styles: `
    .badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .75rem; font-weight: 600; background: #f3f4f6; color: #374151; white-space: nowrap; }
    .badge-confirmed { background: #eff6ff; color: #1d4ed8; }
    .badge-completed { background: #f0fdf4; color: #15803d; }
    .badge-cancelled { background: #f3f4f6; color: #5b6574; text-decoration: line-through; }
    .badge-no_show { background: #fff7ed; color: #c2410c; }
  `,
})
export class StatusBadge {
  readonly status = input.required<BookingStatus>();
  protected readonly label = computed(() => STATUS_LABELS[this.status()] ?? this.status());
}
