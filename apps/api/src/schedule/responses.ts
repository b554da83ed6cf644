import { type AvailabilitySettings as AvailabilityShape, type FreeSlotsView as FreeSlotsShape, type FreeSlotView as FreeSlotShape } from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { WeeklyHours } from '../common/weekly-hours.js';

export class AvailabilitySettings implements AvailabilityShape {
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.array(() => WeeklyHours) weekly: WeeklyHours[];
  @Prop.stringArray({ description: 'Local dates, YYYY-MM-DD', items: { type: 'string', format: 'date' } } as never) closedDates: string[];
}

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

export type Checks = [
  Assert<SameShape<AvailabilitySettings, AvailabilityShape>>,
  Assert<SameShape<FreeSlotView, FreeSlotShape>>,
  Assert<SameShape<FreeSlotsView, FreeSlotsShape>>,
];
