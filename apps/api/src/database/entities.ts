import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuthSession } from '../auth/auth-session.entity.js';
import { User } from '../auth/user.entity.js';
import { LoginThrottleKey } from '../auth/login-throttle.entity.js';
import { PasswordReset } from '../auth/password-reset.entity.js';
import { PublicRateLimit } from '../public/public-rate-limit.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { ClosedDate, OpeningHours } from '../schedule/opening-hours.entity.js';
import { Resource, ResourceWorkingHours, ServiceResource } from '../catalog/resource.entity.js';
import { BookableService } from '../catalog/service.entity.js';
import { Business } from '../businesses/business.entity.js';
import { Membership } from '../businesses/membership.entity.js';
import { TeamInvitation } from '../businesses/team-invitation.entity.js';
import { BusinessLogo } from '../settings/business-logo.entity.js';
import { Impersonation } from '../impersonation/impersonation.entity.js';
import { SupportAccessGrant, SupportAccessRequest } from '../impersonation/support-access.entity.js';
import { AuditAnonymousCount } from '../audit/audit-anonymous-count.entity.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity.js';
import { Notice } from '../messages/notice.entity.js';
import { OutboxMessage } from '../messages/outbox-message.entity.js';
import { SchemaDistribution } from './schema-distribution.entity.js';

/** Every entity, for the one data source. Each is owned (and written) by its module. */
export const ENTITIES = [
  User,
  AuthSession,
  Business,
  Membership,
  Impersonation,
  AuditEvent,
  Customer,
  BookableService,
  Resource,
  OpeningHours,
  ClosedDate,
  Booking,
  ResourceWorkingHours,
  ServiceResource,
  SupportAccessGrant,
  SupportAccessRequest,
  IdempotencyKey,
  AuditAnonymousCount,
  OutboxMessage,
  Notice,
  SchemaDistribution,
  TeamInvitation,
  BusinessLogo,
  LoginThrottleKey,
  PasswordReset,
  PublicRateLimit,
];
