import { InitialSchema1764000000000 } from './1764000000000-InitialSchema.js';
import { BookingDomain1764000001000 } from './1764000001000-BookingDomain.js';
import { LoginThrottle1765100000000 } from './1765100000000-LoginThrottle.js';
import { DisablingUserRevokesSessions1765100001000 } from './1765100001000-DisablingUserRevokesSessions.js';
import { LocalPeriodFunctions1765200000000 } from './1765200000000-LocalPeriodFunctions.js';
import { PlatformViewIndex1765200001000 } from './1765200001000-PlatformViewIndex.js';
import { AuditDatabaseClock1765200002000 } from './1765200002000-AuditDatabaseClock.js';
import { TenantKeysForDistribution1765400000000 } from './1765400000000-TenantKeysForDistribution.js';
import { IndexesForBoundedReads1765400001000 } from './1765400001000-IndexesForBoundedReads.js';
import { IdempotencyKeys1765500000000 } from './1765500000000-IdempotencyKeys.js';
import { OnlineBooking1765700000000 } from './1765700000000-OnlineBooking.js';
import { MessageOutbox1765800000000 } from './1765800000000-MessageOutbox.js';
import { InvitationsAndPasswordResets1765800001000 } from './1765800001000-InvitationsAndPasswordResets.js';
import { Notices1765800002000 } from './1765800002000-Notices.js';
import { ClassifyIdempotencyKeys1765900000000 } from './1765900000000-ClassifyIdempotencyKeys.js';
import { UpstreamRequestId1766000000000 } from './1766000000000-UpstreamRequestId.js';
import { AnonymousAuditCounts1766000001000 } from './1766000001000-AnonymousAuditCounts.js';
import { UploadedLogos1766000002000 } from './1766000002000-UploadedLogos.js';
import { SupportAccess1766200000000 } from './1766200000000-SupportAccess.js';
import { PublicRateLimits1766300000000 } from './1766300000000-PublicRateLimits.js';
import { BusinessCurrency1766400000000 } from './1766400000000-BusinessCurrency.js';
import { OpeningHoursConfirmed1766400001000 } from './1766400001000-OpeningHoursConfirmed.js';
import { AlignLimitChecks1766700000000 } from './1766700000000-AlignLimitChecks.js';

/** In timestamp order. A committed migration is never edited: add a new one. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  BookingDomain1764000001000,
  LoginThrottle1765100000000,
  DisablingUserRevokesSessions1765100001000,
  LocalPeriodFunctions1765200000000,
  PlatformViewIndex1765200001000,
  AuditDatabaseClock1765200002000,
  TenantKeysForDistribution1765400000000,
  IndexesForBoundedReads1765400001000,
  IdempotencyKeys1765500000000,
  OnlineBooking1765700000000,
  MessageOutbox1765800000000,
  InvitationsAndPasswordResets1765800001000,
  Notices1765800002000,
  ClassifyIdempotencyKeys1765900000000,
  UpstreamRequestId1766000000000,
  AnonymousAuditCounts1766000001000,
  UploadedLogos1766000002000,
  SupportAccess1766200000000,
  PublicRateLimits1766300000000,
  BusinessCurrency1766400000000,
  OpeningHoursConfirmed1766400001000,
  AlignLimitChecks1766700000000,
];
