import {
  BUSINESS_ROLES,
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

export type Checks = [
  Assert<SameShape<ExtendImpersonationResponse, ExtendShape>>,
  Assert<SameShape<ImpersonationView, ImpersonationShape>>,
  Assert<SameShape<StartImpersonationResponse, StartShape>>,
  Assert<SameShape<ExitImpersonationResponse, ExitShape>>,
];
