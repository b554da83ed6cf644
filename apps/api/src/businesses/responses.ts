import {
  BUSINESS_ROLES,
  BUSINESS_STATUSES,
  SETUP_STEPS,
  type SetupChecklistView as SetupChecklistShape,
  type SetupStep,
  type BusinessRole,
  type BusinessStatus,
  type OperatorBusinessView as OperatorBusinessShape,
  type AcceptInvitationResponse as AcceptInvitationShape,
  type InvitationLookupResponse as InvitationLookupShape,
  type TeamInvitationView as TeamInvitationShape,
  type TeamMemberView as TeamMemberShape,
} from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { BusinessRef, PersonRef } from '../common/openapi/shared-responses.js';
import { BusinessSupportAccess } from '../impersonation/responses.js';

export class OwnerInvitationView {
  @Prop.string() name: string;
  @Prop.string() email: string;
  @Prop.dateTime() invitedAt: string;
  @Prop.dateTime() expiresAt: string;
  @Prop.boolean() expired: boolean;
}

export class OperatorBusinessView extends BusinessRef implements OperatorBusinessShape {
  @Prop.enum(BUSINESS_STATUSES, { enumName: 'BusinessStatus' }) status: BusinessStatus;
  @Prop.string({ example: 'Europe/London' }) timeZone: string;
  @Prop.objectOrNull(() => PersonRef, { description: 'The first owner, once one has joined' }) owner: PersonRef | null;
  @Prop.objectOrNull(() => OwnerInvitationView, { description: 'While no owner has joined: the invitation the first owner was sent' })
  ownerInvitation: OwnerInvitationView | null;
  @Prop.int({ description: "Live bookings today in the business's own time zone" }) bookingsToday: number;
  @Prop.dateTime() createdAt: string;
  @Prop.object(() => BusinessSupportAccess, { description: 'Whether an operator may enter it now (SUPPORT_ACCESS), and why not' })
  supportAccess: BusinessSupportAccess;
}

export class TeamMemberView implements TeamMemberShape {
  @Prop.uuid() userId: string;
  @Prop.string() name: string;
  @Prop.string() email: string;
  @Prop.enum(BUSINESS_ROLES, { enumName: 'BusinessRole' }) role: BusinessRole;
  @Prop.dateTime() joinedAt: string;
}

export class TeamInvitationView implements TeamInvitationShape {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
  @Prop.string() email: string;
  @Prop.enum(BUSINESS_ROLES, { enumName: 'BusinessRole' }) role: BusinessRole;
  @Prop.dateTime() invitedAt: string;
  @Prop.dateTime() expiresAt: string;
  @Prop.boolean() expired: boolean;
}

export class InvitedBusinessRef {
  @Prop.string() name: string;
  @Prop.string() slug: string;
}

export class InvitationLookupResponse implements InvitationLookupShape {
  @Prop.object(() => InvitedBusinessRef) business: InvitedBusinessRef;
  @Prop.string() name: string;
  @Prop.string() email: string;
  @Prop.enum(BUSINESS_ROLES, { enumName: 'BusinessRole' }) role: BusinessRole;
  @Prop.dateTime() expiresAt: string;
  @Prop.enum(['new', 'existing'], { description: '`new`: choose a password; `existing`: confirm with the account password' }) account: 'new' | 'existing';
}

export class AcceptInvitationResponse implements AcceptInvitationShape {
  @Prop.string() email: string;
  @Prop.object(() => InvitedBusinessRef) business: InvitedBusinessRef;
}

export type Checks = [
  Assert<SameShape<TeamInvitationView, TeamInvitationShape>>,
  Assert<SameShape<InvitationLookupResponse, InvitationLookupShape>>,
  Assert<SameShape<AcceptInvitationResponse, AcceptInvitationShape>>,
  Assert<SameShape<OperatorBusinessView, OperatorBusinessShape>>,
  Assert<SameShape<TeamMemberView, TeamMemberShape>>,
];

export class SetupStepState {
  @Prop.enum(SETUP_STEPS, { enumName: 'SetupStep' }) step: SetupStep;
  @Prop.boolean() done: boolean;
}

export class SetupChecklist implements SetupChecklistShape {
  @Prop.array(() => SetupStepState, { description: 'hours, services, resources, team, branding, in that order' }) steps: SetupStepState[];
  @Prop.boolean({ description: 'Every step done' }) complete: boolean;
}

export type SetupChecks = [Assert<SameShape<SetupChecklist, SetupChecklistShape>>];
