import { BUSINESS_STATUSES, type BusinessRef as BusinessRefShape, type BusinessStatus, type MembershipView } from '#contracts';
import { Prop, type Assert, type SameShape } from './props.js';

/** Response classes for shapes several modules share. Each mirrors a libs/contracts type (checked by SameShape). */
export class BusinessRef implements BusinessRefShape {
  @Prop.uuid() id: string;
  @Prop.string() slug: string;
  @Prop.string() name: string;
}

/** A business with what the shell needs to brand itself. */
export class BrandedBusinessRef extends BusinessRef {
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.string({ example: 'GBP', description: 'ISO 4217 code of its prices' }) currency: string;
  @Prop.stringOrNull({ example: '#0f766e' }) primaryColor: string | null;
  @Prop.stringOrNull() logoUrl: string | null;
}

/** The impersonated business, with its status (a suspended one is shown as such). */
export class ImpersonatedBusinessRef extends BrandedBusinessRef {
  @Prop.enum(BUSINESS_STATUSES, { enumName: 'BusinessStatus' }) status: BusinessStatus;
}

export class ZonedBusinessRef extends BusinessRef {
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
}

/** A business as an audit row names it: with the zone and currency its times and prices are read in. */
export class AuditBusinessRef extends ZonedBusinessRef {
  @Prop.string({ example: 'GBP' }) currency: string;
}

/** A person as other records name them. */
export class PersonRef {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.string() email: string;
}

export type SharedChecks = [
  Assert<SameShape<BusinessRef, BusinessRefShape>>,
  Assert<SameShape<BrandedBusinessRef, MembershipView['business']>>,
  Assert<SameShape<ZonedBusinessRef, BusinessRefShape & { timeZone: string }>>,
  Assert<SameShape<AuditBusinessRef, BusinessRefShape & { timeZone: string; currency: string }>>,
];
