import {
  BOOKING_STATUSES,
  type AvailabilitySettings as AvailabilityShape,
  type BookingSource,
  type BookingStatus,
  type BookingView as BookingShape,
  type BusinessDashboardView as BusinessDashboardShape,
  type CalendarView as CalendarShape,
  type FreeSlotsView as FreeSlotsShape,
  type FreeSlotView as FreeSlotShape,
} from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { ZonedBusinessRef } from '../common/openapi/shared-responses.js';
import { WeeklyHours } from '../common/weekly-hours.js';
import { ResourceView } from '../catalog/responses.js';

export class BookingCustomerRef {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
}
export class BookingServiceRef {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.int() durationMinutes: number;
  @Prop.int({ description: 'Integer cents' }) priceCents: number;
}
export class BookingResourceRef {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
}

export class BookingView implements BookingShape {
  @Prop.uuid() id: string;
  @Prop.uuid() businessId: string;
  @Prop.dateTime({ description: "In the business's time zone, with its offset" }) startsAt: string;
  @Prop.dateTime({ description: 'startsAt plus the service duration' }) endsAt: string;
  @Prop.enum(BOOKING_STATUSES, { enumName: 'BookingStatus' }) status: BookingStatus;
  @Prop.stringOrNull() notes: string | null;
  @Prop.object(() => BookingCustomerRef) customer: BookingCustomerRef;
  @Prop.object(() => BookingServiceRef) service: BookingServiceRef;
  @Prop.object(() => BookingResourceRef) resource: BookingResourceRef;
  @Prop.dateTime() createdAt: string;
  @Prop.uuidOrNull({ description: 'The real actor (an operator when made during an impersonation)' }) createdBy: string | null;
  @Prop.uuidOrNull({ description: 'The impersonation it was made in, if any' }) createdInImpersonation: string | null;
  @Prop.enum(['admin', 'online'], { enumName: 'BookingSource', description: 'Made in the admin (or the API), or by the customer on the public booking page' }) source: BookingSource;
}

export class AvailabilitySettings implements AvailabilityShape {
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.array(() => WeeklyHours) weekly: WeeklyHours[];
  @Prop.stringArray({ description: 'Local dates, YYYY-MM-DD', items: { type: 'string', format: 'date' } } as never) closedDates: string[];
}

export class BusinessDashboardCounts {
  @Prop.int() today: number;
  @Prop.int({ description: 'Monday to Sunday of the local week' }) week: number;
  @Prop.int() upcoming: number;
}

export class BusinessDashboardView implements BusinessDashboardShape {
  @Prop.object(() => ZonedBusinessRef) business: ZonedBusinessRef;
  @Prop.date({ description: "The business's local date" }) date: string;
  @Prop.object(() => BusinessDashboardCounts) counts: BusinessDashboardCounts;
  @Prop.array(() => BookingView) today: BookingView[];
}

export class CalendarView implements CalendarShape {
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.dateTime() from: string;
  @Prop.dateTime() to: string;
  @Prop.array(() => ResourceView) resources: ResourceView[];
  @Prop.object(() => AvailabilitySettings) availability: AvailabilitySettings;
  @Prop.array(() => BookingView) bookings: BookingView[];
}

export type Checks = [
  Assert<SameShape<BookingView, BookingShape>>,
  Assert<SameShape<AvailabilitySettings, AvailabilityShape>>,
  Assert<SameShape<BusinessDashboardView, BusinessDashboardShape>>,
  Assert<SameShape<CalendarView, CalendarShape>>,
];

export class FreeSlotView implements FreeSlotShape {
  @Prop.dateTime() startsAt: string;
  @Prop.dateTime() endsAt: string;
  @Prop.stringArray({ description: 'Resources free for the whole slot', items: { type: 'string', format: 'uuid' } } as never) resourceIds: string[];
}

export class FreeSlotsView implements FreeSlotsShape {
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.uuid() serviceId: string;
  @Prop.dateTime() from: string;
  @Prop.dateTime() to: string;
  @Prop.array(() => FreeSlotView) slots: FreeSlotView[];
}

export type SlotChecks = [Assert<SameShape<FreeSlotView, FreeSlotShape>>, Assert<SameShape<FreeSlotsView, FreeSlotsShape>>];
