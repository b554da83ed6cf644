import { type BusinessDashboardView as BusinessDashboardShape, type CalendarView as CalendarShape } from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { ZonedBusinessRef } from '../common/openapi/shared-responses.js';
import { BookingView } from '../bookings/responses.js';
import { ResourceView } from '../catalog/responses.js';
import { AvailabilitySettings } from '../schedule/responses.js';

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

export type Checks = [Assert<SameShape<BusinessDashboardView, BusinessDashboardShape>>, Assert<SameShape<CalendarView, CalendarShape>>];
