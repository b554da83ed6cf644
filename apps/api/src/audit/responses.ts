import {
  AUDIT_OUTCOMES,
  BUSINESS_ROLES,
  IMPERSONATION_END_REASONS,
  USER_KINDS,
  type AccessLogEntry as AccessLogShape,
  type AuditEventView as AuditEventShape,
  type AuditOutcome,
  type BusinessRole,
  type ImpersonationEndReason,
  type PlatformView,
  type PlatformViewEntry as PlatformViewShape,
  type UserKind,
} from '#contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';
import { AuditBusinessRef, PersonRef } from '../common/openapi/shared-responses.js';

export class AuditActor extends PersonRef {
  @Prop.enum(USER_KINDS, { enumName: 'UserKind' }) kind: UserKind;
}

export class AuditEventView implements AuditEventShape {
  @Prop.string({ description: 'The row id (a bigint, as a string)', pattern: '^\\d+$' }) id: string;
  @Prop.string({ description: 'Position in its chain (a bigint, as a string)', pattern: '^\\d+$' }) seq: string;
  @Prop.dateTime() occurredAt: string;
  @Prop.stringOrNull() requestId: string | null;
  @Prop.objectOrNull(() => AuditActor, { description: 'The real actor; null for system events' }) actor: AuditActor | null;
  @Prop.uuidOrNull() impersonationId: string | null;
  @Prop.objectOrNull(() => AuditBusinessRef, { description: 'With the zone and currency its times and prices are read in' }) business: AuditBusinessRef | null;
  @Prop.string({ example: 'booking.create' }) action: string;
  @Prop.stringOrNull() targetType: string | null;
  @Prop.stringOrNull() targetId: string | null;
  @Prop.enum(AUDIT_OUTCOMES, { enumName: 'AuditOutcome' }) outcome: AuditOutcome;
  @Prop.stringOrNull() method: string | null;
  @Prop.stringOrNull() path: string | null;
  @Prop.intOrNull() status: number | null;
  @Prop.stringOrNull() ip: string | null;
  @Prop.stringOrNull() userAgent: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'Changed fields only, never a secret',
    additionalProperties: { type: 'object', required: ['before', 'after'], properties: { before: {}, after: {} } },
  } as never)
  changes: Record<string, { before: unknown; after: unknown }> | null;
  @ApiProperty({
    type: 'object',
    description: 'Display names of the ids this row mentions (its target, ids inside `changes`), as they are named now; an id that names nothing is left out',
    additionalProperties: { type: 'string' },
    example: { '6f1c0e1e-4a57-4e0f-9d59-3f0f5d3b8a11': 'Haircut' },
  } as never)
  names: Record<string, string>;
}

export class AccessLogEntry implements AccessLogShape {
  @Prop.uuid() impersonationId: string;
  @Prop.object(() => PersonRef) operator: PersonRef;
  @Prop.enum(BUSINESS_ROLES, { enumName: 'BusinessRole' }) role: BusinessRole;
  @Prop.boolean() readOnly: boolean;
  @Prop.stringOrNull() reason: string | null;
  @Prop.stringOrNull() entryPoint: string | null;
  @Prop.dateTime() startedAt: string;
  @Prop.dateTimeOrNull() endedAt: string | null;
  @Prop.enumOrNull(IMPERSONATION_END_REASONS, { enumName: 'ImpersonationEndReason' }) endReason: ImpersonationEndReason | null;
  @Prop.intOrNull() durationSeconds: number | null;
  @Prop.array(() => AuditEventView, { description: 'What they changed and tried to change; with `activity=all` also what they looked at, oldest first' })
  changes: AuditEventView[];
  @Prop.boolean({ description: 'With `activity=all`: more events happened in this visit than the 500 listed' }) truncated: boolean;
}

export class PlatformViewEntry implements PlatformViewShape {
  @Prop.string({ description: 'The audit row id (a bigint, as a string)', pattern: '^\\d+$' }) id: string;
  @Prop.dateTime() occurredAt: string;
  @Prop.objectOrNull(() => PersonRef) operator: PersonRef | null;
  @Prop.enum(['all_bookings', 'operator_dashboard', 'audit_search'], { enumName: 'PlatformView' }) view: PlatformView;
  @Prop.int({ description: "How many of this business's records the view showed" }) records: number;
}

export type Checks = [
  Assert<SameShape<PlatformViewEntry, PlatformViewShape>>,
  Assert<SameShape<AuditEventView, AuditEventShape>>,
  Assert<SameShape<AccessLogEntry, AccessLogShape>>,
];
