import { ApiPropertyOptional } from '@nestjs/swagger';
import { BUSINESS_ROLES, type BusinessRole, type NoticeList as NoticeListShape, type NoticeView as NoticeShape } from '#contracts';
import { BusinessRef, PersonRef } from '../common/openapi/shared-responses.js';
import type { OutboxMessageDetail as OutboxDetailShape, OutboxMessageView as OutboxViewShape, OutboxPage as OutboxPageShape, OutboxStatus } from '#contracts';
import { Prop, type Assert, type SameShape } from '../common/openapi/props.js';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'dead', 'cancelled'];

export class OutboxBusinessRef {
  @Prop.uuid() id: string;
  @Prop.string() name: string;
}

export class OutboxMessageView implements OutboxViewShape {
  @Prop.uuid() id: string;
  @Prop.objectOrNull(() => OutboxBusinessRef, { description: 'null for platform messages' }) business: OutboxBusinessRef | null;
  @Prop.string({ example: 'team_invite' }) kind: string;
  @Prop.string() recipient: string;
  @Prop.string() subject: string;
  @Prop.enum(OUTBOX_STATUSES, { enumName: 'OutboxStatus' }) status: OutboxStatus;
  @Prop.int() attempts: number;
  @Prop.dateTime({ description: 'Not sent before this instant (back-off)' }) notBefore: string;
  @Prop.dateTime() createdAt: string;
  @Prop.dateTimeOrNull() sentAt: string | null;
  @Prop.stringOrNull() lastError: string | null;
}

export class OutboxMessageDetail extends OutboxMessageView implements OutboxDetailShape {
  @Prop.string({ description: 'The text as sent; a one-time link is shown as hidden' }) bodyText: string;
  @Prop.stringOrNull() smtpResponse: string | null;
  @Prop.boolean() hasOneTimeLink: boolean;
}

export class OutboxDelivery {
  @Prop.boolean() smtpConfigured: boolean;
  @Prop.boolean() workerRunning: boolean;
  @Prop.int() pending: number;
  @Prop.int() sending: number;
  @Prop.int() dead: number;
}

/** A page of messages (like every `…Page`) plus the state of delivery. */
export class OutboxPage implements OutboxPageShape {
  @Prop.array(() => OutboxMessageView) items: OutboxMessageView[];
  @Prop.stringOrNull({ description: 'Opaque keyset cursor for the next page (`?cursor=`), or null on the last page' }) nextCursor: string | null;
  @Prop.object(() => OutboxDelivery) delivery: OutboxDelivery;
}

export type Checks = [
  Assert<SameShape<OutboxMessageView, OutboxViewShape>>,
  Assert<SameShape<OutboxMessageDetail, OutboxDetailShape>>,
  Assert<SameShape<OutboxPage, OutboxPageShape>>,
];

export class NoticeFacts {
  @Prop.object(() => PersonRef) operator: PersonRef;
  @Prop.dateTime() at: string;
  @ApiPropertyOptional({ enum: [...BUSINESS_ROLES], enumName: 'BusinessRole' }) role?: BusinessRole;
  @ApiPropertyOptional({ type: Boolean }) readOnly?: boolean;
  @Prop.stringOrNull() reason: string | null;
  @ApiPropertyOptional({ type: Boolean }) breakGlass?: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) impersonationId?: string;
}

export class NoticeView implements NoticeShape {
  @Prop.uuid() id: string;
  @Prop.object(() => BusinessRef) business: BusinessRef;
  @Prop.enum(['impersonation.started', 'support_access.requested']) kind: NoticeShape['kind'];
  @Prop.dateTime() createdAt: string;
  @Prop.object(() => NoticeFacts) facts: NoticeFacts;
  @Prop.stringOrNull({ description: 'The access log entry of the visit (impersonation notices)' }) accessLogPath: string | null;
  @Prop.boolean({ description: "Only the business's own owners may dismiss" }) canDismiss: boolean;
}

export class NoticeList implements NoticeListShape {
  @Prop.array(() => NoticeView) items: NoticeView[];
}

export type NoticeChecks = [Assert<SameShape<NoticeView, NoticeShape>>, Assert<SameShape<NoticeList, NoticeListShape>>];
