import { BOOKING_STATUSES, type BookingSource, type BookingStatus, type BookingView as BookingShape } from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';

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
  @Prop.enum(['admin', 'online'], { enumName: 'BookingSource', description: 'Made in the admin (or the API), or by the customer on the public booking page' })
  source: BookingSource;
}

export type Checks = [Assert<SameShape<BookingView, BookingShape>>];
