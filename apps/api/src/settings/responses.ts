import type { BookingRulesSettings as BookingRulesShape, BrandingSettings as BrandingShape, GeneralSettings as GeneralShape } from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';

export class GeneralSettings implements GeneralShape {
  @Prop.string() name: string;
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.string({ example: 'GBP', description: 'ISO 4217 code of every price (amounts are integer hundredths)' }) currency: string;
  @Prop.stringOrNull() contactEmail: string | null;
  @Prop.stringOrNull() contactPhone: string | null;
}

export class BrandingSettings implements BrandingShape {
  @Prop.stringOrNull({ example: '#0f766e' }) primaryColor: string | null;
  @Prop.stringOrNull() logoUrl: string | null;
}

export class BookingRulesSettings implements BookingRulesShape {
  @Prop.boolean({ description: 'Whether the public booking page takes bookings' }) onlineBookingEnabled: boolean;
  @Prop.int({ description: 'Online bookings start at least this many minutes from now' }) minNoticeMinutes: number;
  @Prop.int({ description: '…and at most this many days ahead' }) bookingHorizonDays: number;
  @Prop.int({ description: 'Customers may cancel or reschedule online until this many hours before the start' }) cancellationWindowHours: number;
}

export type RulesChecks = [Assert<SameShape<BookingRulesSettings, BookingRulesShape>>];

export type Checks = [Assert<SameShape<GeneralSettings, GeneralShape>>, Assert<SameShape<BrandingSettings, BrandingShape>>];
