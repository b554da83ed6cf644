import type { BookingStatus } from '#contracts';

const LABELS: Record<BookingStatus, string> = {
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

export function bookingStatusLabel(status: BookingStatus): string {
  return LABELS[status] ?? status;
}
