import {
  BOOKING_STATUSES,
  type AvailabilitySettings as AvailabilityShape,
  type BookingSource,
  type BookingStatus,
  type BookingView as BookingShape,
  type BusinessDashboardView as BusinessDashboardShape,
  type CalendarView as CalendarShape,
  type CustomerRecord as CustomerRecordShape,
  type CustomerView as CustomerShape,
  type FreeSlotsView as FreeSlotsShape,
  type FreeSlotView as FreeSlotShape,
  type ResourceView as ResourceShape,
  type ServiceView as ServiceShape,
  type WeeklyHours as WeeklyHoursShape,
} from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { ZonedBusinessRef } from '../common/openapi/shared-responses.js';

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

export class CustomerView implements CustomerShape {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.stringOrNull() email: string | null;
  @Prop.stringOrNull() phone: string | null;
  @Prop.stringOrNull() notes: string | null;
  @Prop.dateTime() createdAt: string;
}

export class CustomerRecord extends CustomerView implements CustomerRecordShape {
  @Prop.array(() => BookingView, { description: 'The latest 100, newest first' }) bookings: BookingView[];
}

export class ServiceView implements ServiceShape {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.int() durationMinutes: number;
  @Prop.int({ description: 'Integer cents' }) priceCents: number;
  @Prop.boolean() active: boolean;
  @Prop.int({ description: 'Kept free on the resource before each booking of this service' }) bufferBeforeMinutes: number;
  @Prop.int({ description: '…and after it' }) bufferAfterMinutes: number;
  @Prop.stringArray({ description: 'The resources that may perform it; empty = every active resource', items: { type: 'string', format: 'uuid' } } as never) resourceIds: string[];
}

export class ResourceView implements ResourceShape {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.boolean() active: boolean;
  @Prop.array(() => WeeklyHours, { description: "The resource's own weekly hours; empty = whenever the business is open" }) workingHours: WeeklyHours[];
}

export class WeeklyHours implements WeeklyHoursShape {
  @Prop.int({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday (ISO 8601)' }) weekday: number;
  @Prop.string({ example: '09:00', pattern: '^\\d{2}:\\d{2}$' }) opens: string;
  @Prop.string({ example: '17:00', pattern: '^\\d{2}:\\d{2}$' }) closes: string;
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
  Assert<SameShape<CustomerView, CustomerShape>>,
  Assert<SameShape<CustomerRecord, CustomerRecordShape>>,
  Assert<SameShape<ServiceView, ServiceShape>>,
  Assert<SameShape<ResourceView, ResourceShape>>,
  Assert<SameShape<WeeklyHours, WeeklyHoursShape>>,
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
