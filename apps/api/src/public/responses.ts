import {
  BOOKING_STATUSES,
  type BookingStatus,
  type ManageBookingView as ManageShape,
  type PublicBookingCreated as CreatedShape,
  type PublicBookingView as PublicBookingShape,
  type PublicBusinessView as PublicBusinessShape,
} from '#contracts';
import { BookingResourceRef, BookingServiceRef } from '../bookings/responses.js';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';

export class PublicBookingRules {
  @Prop.int() minNoticeMinutes: number;
  @Prop.int() bookingHorizonDays: number;
  @Prop.int() cancellationWindowHours: number;
}

export class PublicService {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.int() durationMinutes: number;
  @Prop.int({ description: 'Integer cents' }) priceCents: number;
  @Prop.stringArray({ items: { type: 'string', format: 'uuid' } } as never) resourceIds: string[];
}

export class PublicResource {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
}

export class PublicBusinessView implements PublicBusinessShape {
  @Prop.string() slug: string;
  @Prop.string() name: string;
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.string({ example: 'GBP', description: 'ISO 4217 code of the prices' }) currency: string;
  @Prop.stringOrNull() primaryColor: string | null;
  @Prop.stringOrNull() logoUrl: string | null;
  @Prop.boolean({ description: 'False when online booking is off or the business is suspended (see unavailableReason)' }) acceptingBookings: boolean;
  @Prop.enumOrNull(['online_booking_off', 'suspended']) unavailableReason: 'online_booking_off' | 'suspended' | null;
  @Prop.object(() => PublicBookingRules) rules: PublicBookingRules;
  @Prop.array(() => PublicService) services: PublicService[];
  @Prop.array(() => PublicResource) resources: PublicResource[];
}

export class PublicBusinessRef {
  @Prop.string() slug: string;
  @Prop.string() name: string;
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
}

export class PublicBookingView implements PublicBookingShape {
  @Prop.dateTime() startsAt: string;
  @Prop.dateTime() endsAt: string;
  @Prop.enum(BOOKING_STATUSES, { enumName: 'BookingStatus' }) status: BookingStatus;
  @Prop.object(() => BookingServiceRef) service: BookingServiceRef;
  @Prop.object(() => BookingResourceRef) resource: BookingResourceRef;
  @Prop.object(() => PublicBusinessRef) business: PublicBusinessRef;
}

export class PublicBookingCreated implements CreatedShape {
  @Prop.object(() => PublicBookingView) booking: PublicBookingView;
  @Prop.string({ description: "The customer's own link to see, cancel or reschedule it; shown once, never stored" }) manageUrl: string;
}

export class ManageBusinessRef {
  @Prop.string() slug: string;
  @Prop.string() name: string;
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.string({ example: 'GBP', description: 'ISO 4217 code of the prices' }) currency: string;
  @Prop.stringOrNull() primaryColor: string | null;
  @Prop.stringOrNull() logoUrl: string | null;
}

export class ManageBookingView implements ManageShape {
  @Prop.object(() => PublicBookingView) booking: PublicBookingView;
  @Prop.object(() => ManageBusinessRef) business: ManageBusinessRef;
  @Prop.boolean() changeable: boolean;
  @Prop.dateTime() changeableUntil: string;
  @Prop.boolean() reschedulable: boolean;
}

export type Checks = [
  Assert<SameShape<PublicBusinessView, PublicBusinessShape>>,
  Assert<SameShape<PublicBookingView, PublicBookingShape>>,
  Assert<SameShape<PublicBookingCreated, CreatedShape>>,
  Assert<SameShape<ManageBookingView, ManageShape>>,
];
