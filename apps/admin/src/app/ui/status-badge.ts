import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BookingStatus, BusinessStatus } from '#contracts';

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: 'Confirmed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const BUSINESS_STATUS_LABELS: Record<BusinessStatus, string> = {
  active: 'Active',
  suspended: 'Suspended',
};

export function bookingStatusLabel(status: BookingStatus): string {
  return BOOKING_STATUS_LABELS[status] ?? status;
}

const LABELS: Record<string, string> = { ...BOOKING_STATUS_LABELS, ...BUSINESS_STATUS_LABELS };

/**
 * A status as a coloured pill (`.badge-<status>` in styles.css). Booking and business statuses
 * are labelled here; any other status passes its own `label`.
 */
@Component({
  selector: 'ui-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="'badge badge-' + status()">{{ text() }}</span>`,
})
export class StatusBadge {
  readonly status = input.required<string>();
  readonly label = input<string | null>(null);
  protected readonly text = computed(() => this.label() ?? LABELS[this.status()] ?? this.status());
}
