/**
 * Stable machine-readable codes carried in every problem+json body (`code`).
 * Clients switch on these; the human `detail` may change wording at any time.
 */
export const PROBLEM_CODES = [
  'validation_failed',
  'bad_request',
  'body_too_deep',
  'authentication_required',
  'invalid_credentials',
  'session_revoked',
  'rate_limited',
  'csrf_invalid',
  'cookie_conflict',
  'origin_invalid',
  'host_invalid',
  'forbidden',
  'business_suspended',
  'impersonation_required',
  'impersonation_active',
  'impersonation_expired',
  'read_only_impersonation',
  'not_impersonating',
  'invalid_return_to',
  'operator_only',
  'owner_required',
  'not_found',
  'conflict',
  'email_taken',
  'slug_taken',
  'last_owner',
  'slot_taken',
  'outside_availability',
  'resource_not_eligible',
  'online_booking_disabled',
  'outside_booking_window',
  'cancellation_window_passed',
  'invalid_time_range',
  'calendar_too_busy',
  'invalid_cursor',
  'invalid_time_zone',
  'invalid_currency',
  'idempotency_key_reused',
  'idempotency_key_in_flight',
  'internal_error',
  'service_unavailable',
  'token_invalid',
  'already_member',
  'account_unavailable',
  'reason_required',
  'support_access_required',
  'break_glass_disabled',
  'not_while_impersonating',
  'support_access_not_needed',
  'access_request_throttled',
  'logo_too_large',
  'logo_unsupported',
  'logo_url_external',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** RFC 9457 problem details as this API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  requestId?: string;
  /** Field-level messages for `validation_failed`. */
  errors?: { field: string; messages: string[] }[];
  /** Extra, code-specific facts (e.g. the taken slot for `slot_taken`). */
  [extension: string]: unknown;
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string' && typeof (value as Problem).status === 'number';
}
