import {
  BUSINESS_ROLES,
  type BusinessSupportAccess as BusinessSupportAccessShape,
  type SupportAccessRequestView as SupportAccessRequestShape,
  type SupportAccessSettings as SupportAccessSettingsShape,
  type BusinessRole,
  type ExitImpersonationResponse as ExitShape,
  type ExtendImpersonationResponse as ExtendShape,
  type ImpersonationView as ImpersonationShape,
  type StartImpersonationResponse as StartShape,
} from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { ImpersonatedBusinessRef } from '../common/openapi/shared-responses.js';

export class ImpersonationView implements ImpersonationShape {
  @Prop.uuid() id: string;
  @Prop.object(() => ImpersonatedBusinessRef) business: ImpersonatedBusinessRef;
  @Prop.enum(BUSINESS_ROLES, { enumName: 'BusinessRole' }) role: BusinessRole;
  @Prop.boolean() readOnly: boolean;
  @Prop.stringOrNull() reason: string | null;
  @Prop.dateTime() startedAt: string;
  @Prop.dateTime({ description: 'The absolute limit' }) expiresAt: string;
  @Prop.dateTime({ description: 'When the idle limit will end it if no request arrives before' }) idleExpiresAt: string;
}

export class StartImpersonationResponse implements StartShape {
  @Prop.object(() => ImpersonationView) impersonation: ImpersonationView;
  @Prop.string({ example: '/b/acme-hair/dashboard' }) redirectTo: string;
}

export class ExitImpersonationResponse implements ExitShape {
  @Prop.string({ example: '/operator/businesses' }) redirectTo: string;
}

export class ExtendImpersonationResponse implements ExtendShape {
  @Prop.object(() => ImpersonationView) impersonation: ImpersonationView;
}

export class SupportAccessGrantor {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
}

export class SupportAccessSettings implements SupportAccessSettingsShape {
  @Prop.enum(['open', 'granted'], {
    enumName: 'SupportAccessMode',
    description: "The platform's SUPPORT_ACCESS: open (operators may always enter) or granted (only while an owner grants it)",
  })
  mode: 'open' | 'granted';
  @Prop.dateTimeOrNull({ description: 'Until when operators may enter; null: no live grant' }) grantedUntil: string | null;
  @Prop.dateTimeOrNull() grantedAt: string | null;
  @Prop.objectOrNull(() => SupportAccessGrantor) grantedBy: SupportAccessGrantor | null;
  @Prop.boolean({ description: 'Whether operators may enter without a grant in an emergency (SUPPORT_BREAK_GLASS); the owners are told at once' })
  breakGlassAvailable: boolean;
}

export class BusinessSupportAccess implements BusinessSupportAccessShape {
  @Prop.enum(['open', 'granted', 'closed'], {
    enumName: 'SupportAccessState',
    description: 'open: the platform lets operators in at any time; granted: an owner granted access until grantedUntil; closed: no grant',
  })
  state: 'open' | 'granted' | 'closed';
  @Prop.dateTimeOrNull() grantedUntil: string | null;
  @Prop.boolean({ description: 'Closed, but an emergency (break-glass) entry with a reason is allowed' }) breakGlassAvailable: boolean;
  @Prop.dateTimeOrNull({ description: 'The last access request sent to this business' }) lastRequestAt: string | null;
}

export class SupportAccessRequestView implements SupportAccessRequestShape {
  @Prop.uuid() id: string;
  @Prop.uuid() businessId: string;
  @Prop.string() reason: string;
  @Prop.dateTime() createdAt: string;
  @Prop.dateTime({ description: 'When the same operator may ask this business again' }) nextAllowedAt: string;
}

export type Checks = [
  Assert<SameShape<SupportAccessSettings, SupportAccessSettingsShape>>,
  Assert<SameShape<BusinessSupportAccess, BusinessSupportAccessShape>>,
  Assert<SameShape<SupportAccessRequestView, SupportAccessRequestShape>>,
  Assert<SameShape<ExtendImpersonationResponse, ExtendShape>>,
  Assert<SameShape<ImpersonationView, ImpersonationShape>>,
  Assert<SameShape<StartImpersonationResponse, StartShape>>,
  Assert<SameShape<ExitImpersonationResponse, ExitShape>>,
];
