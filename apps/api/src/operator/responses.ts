import type { OperatorBookingView as OperatorBookingShape, OperatorDashboardView as OperatorDashboardShape } from '#contracts';
import { BookingView } from '../bookings/responses.js';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { BusinessRef } from '../common/openapi/shared-responses.js';

export class OperatorBookingView extends BookingView implements OperatorBookingShape {
  @Prop.object(() => BusinessRef) business: BusinessRef;
}

export class OperatorDashboardCounts {
  @Prop.int() businesses: number;
  @Prop.int() activeBusinesses: number;
  @Prop.int({ description: "Each business's today in its own time zone" }) bookingsToday: number;
  @Prop.int() bookingsThisWeek: number;
  @Prop.int({ description: 'Live impersonations (idle and dead sessions excluded)' }) activeImpersonations: number;
}

export class OperatorDashboardView implements OperatorDashboardShape {
  @Prop.object(() => OperatorDashboardCounts) counts: OperatorDashboardCounts;
  @Prop.array(() => OperatorBookingView) today: OperatorBookingView[];
}

export type Checks = [Assert<SameShape<OperatorBookingView, OperatorBookingShape>>, Assert<SameShape<OperatorDashboardView, OperatorDashboardShape>>];
