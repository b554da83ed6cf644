import type { ResourceView as ResourceShape, ServiceView as ServiceShape } from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { WeeklyHours } from '../common/weekly-hours.js';

export class ServiceView implements ServiceShape {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.int() durationMinutes: number;
  @Prop.int({ description: 'Integer cents' }) priceCents: number;
  @Prop.boolean() active: boolean;
  @Prop.int({ description: 'Kept free on the resource before each booking of this service' }) bufferBeforeMinutes: number;
  @Prop.int({ description: '…and after it' }) bufferAfterMinutes: number;
  @Prop.stringArray({ description: 'The resources that may perform it; empty = every active resource', items: { type: 'string', format: 'uuid' } } as never)
  resourceIds: string[];
}

export class ResourceView implements ResourceShape {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.boolean() active: boolean;
  @Prop.array(() => WeeklyHours, { description: "The resource's own weekly hours; empty = whenever the business is open" }) workingHours: WeeklyHours[];
}

export type Checks = [Assert<SameShape<ServiceView, ServiceShape>>, Assert<SameShape<ResourceView, ResourceShape>>];
