import type { CustomerRecord as CustomerRecordShape, CustomerView as CustomerShape } from '#contracts';
import { BookingView } from '../bookings/responses.js';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';

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

export type Checks = [Assert<SameShape<CustomerView, CustomerShape>>, Assert<SameShape<CustomerRecord, CustomerRecordShape>>];
