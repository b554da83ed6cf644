export * from './roles.js';
export * from './problem-codes.js';
export * from './paths.js';
export * from './return-to.js';
export type * from './dto.js';
export { messageKindLabel, MESSAGE_KIND_LABELS } from './dto.js';
export {
  AUDIT_OUTCOMES,
  BOOKING_STATUSES,
  BUSINESS_STATUSES,
  IMPERSONATION_END_REASONS,
  IMPERSONATION_ENTRY_POINTS,
  IMPERSONATION_LIMITS,
  SETUP_STEPS,
  SUPPORT_ACCESS_DURATION_MS,
  SUPPORT_ACCESS_DURATIONS,
} from './dto.js';
export * from './currencies.js';
export * from './audit-labels.js';
export * from './time.js';
export { CANONICAL_TIME_ZONES, TIME_ZONE_ALIASES, TZDATA_VERSION } from './time-zone-names.js';
export * from './permissions.js';
export * from './audit-actions.js';
export * from './instant.js';
export * from './limits.js';
