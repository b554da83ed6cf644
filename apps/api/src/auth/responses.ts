import { ApiProperty } from '@nestjs/swagger';
import {
  BUSINESS_ROLES,
  USER_KINDS,
  type BusinessRole,
  type LoginResponse as LoginShape,
  type LogoutResponse as LogoutShape,
  type MembershipView as MembershipShape,
  type MeResponse as MeShape,
  type PasswordResetConfirmResponse as PasswordResetConfirmShape,
  type PasswordResetRequestedResponse as PasswordResetRequestedShape,
  type TokenResponse as TokenShape,
  type UserKind,
  type UserView as UserShape,
} from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { BrandedBusinessRef, BusinessRef } from '../common/openapi/shared-responses.js';
import { ImpersonationView } from '../impersonation/responses.js';

export class UserView implements UserShape {
  @Prop.uuid() id: string;
  @Prop.string() email: string;
  @Prop.string() name: string;
  @Prop.enum(USER_KINDS, { enumName: 'UserKind' }) kind: UserKind;
}

export class MembershipView implements MembershipShape {
  @Prop.object(() => BrandedBusinessRef) business: BrandedBusinessRef;
  @Prop.enum(BUSINESS_ROLES, { enumName: 'BusinessRole' }) role: BusinessRole;
}

export class MeResponse implements MeShape {
  @Prop.object(() => UserView) user: UserView;
  @Prop.array(() => MembershipView, { description: 'Memberships of active businesses' }) memberships: MembershipView[];
  @Prop.array(() => BusinessRef, { description: 'Businesses this person belongs to that the platform has suspended (shut to them until reactivated)' })
  suspendedBusinesses: BusinessRef[];
  @Prop.objectOrNull(() => ImpersonationView, { description: 'The live impersonation, or null' }) impersonation: ImpersonationView | null;
}

export class LoginResponse implements LoginShape {
  @Prop.object(() => UserView) user: UserView;
}

export class TokenResponse implements TokenShape {
  @Prop.string({ description: 'A JWT; send it as `Authorization: Bearer …`' }) accessToken: string;
  @Prop.enum(['Bearer']) tokenType: 'Bearer';
  @Prop.int({ description: 'Seconds until it expires' }) expiresIn: number;
}

export class LogoutResponse implements LogoutShape {
  @Prop.boolean({ description: 'false when only an impersonation ended and the operator stays signed in' }) signedOut: boolean;
  @Prop.string() redirectTo: string;
}

export class PasswordResetRequestedResponse implements PasswordResetRequestedShape {
  @ApiProperty({ type: Boolean, enum: [true], description: 'Always true: the answer is the same whether or not the address has an account' }) accepted: true;
  @Prop.string() detail: string;
}

export class PasswordResetConfirmResponse implements PasswordResetConfirmShape {
  @Prop.string({ description: 'The account whose password changed (sign in with it)' }) email: string;
}

export type Checks = [
  Assert<SameShape<PasswordResetRequestedResponse, PasswordResetRequestedShape>>,
  Assert<SameShape<PasswordResetConfirmResponse, PasswordResetConfirmShape>>,
  Assert<SameShape<UserView, UserShape>>,
  Assert<SameShape<MembershipView, MembershipShape>>,
  Assert<SameShape<MeResponse, MeShape>>,
  Assert<SameShape<LoginResponse, LoginShape>>,
  Assert<SameShape<TokenResponse, TokenShape>>,
  Assert<SameShape<LogoutResponse, LogoutShape>>,
];
