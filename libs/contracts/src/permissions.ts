/**
 * The permission table of docs/ARCHITECTURE.md §2 as data, written from the product's rules and not
 * from the routes' own declarations: which capability each API route needs, and what each kind of
 * caller gets for each capability. The API's permission test (apps/api/test/permissions.spec.ts)
 * calls every route as every caller and compares the answers with this table, so a route declared
 * with the wrong access fails there even though it is consistent with itself. The admin may read
 * it to decide what to show; the API's verdict is final.
 */

/** What a route needs, in the words of the §2 table. Reads are GET; everything else is a write. */
export const CAPABILITIES = [
  /** Anyone, signed in or not: sign-in, health, the public booking page, invitation links. */
  'public',
  /** Anyone signed in, operator or business user, impersonating or not: the session, own notices. */
  'signed-in',
  /** A business's own owner dismissing an in-app notice; never an operator, even impersonating as owner. */
  'own-notice',
  /** Reading a business's day-to-day data and what booking and theming need: staff and owners. */
  'business-read',
  /** Changing a business's day-to-day data (bookings, customers): staff and owners. */
  'business-write',
  /** Reading what only owners see (team, access log, the booking page's settings). */
  'owner-read',
  /** Changing settings, services, resources, the team: owners. */
  'owner-write',
  /** The operator's own pages (businesses, all bookings, dashboard, audit, outbox): not while impersonating. */
  'platform',
  /** Starting, switching, extending and ending an impersonation: operators, also while impersonating. */
  'impersonation',
  /**
   * A business's own decision about the platform (granting or revoking support access): its owners
   * alone, never an operator acting inside it, so nobody can grant access to themselves.
   */
  'own-decision',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The callers the table distinguishes. "It" is the business the route names. */
export const CALLERS = [
  'anonymous',
  'staff',
  'owner',
  'owner of another business',
  'operator',
  'operator impersonating it as owner',
  'operator impersonating it as staff',
  'operator impersonating it read-only',
  'operator impersonating another business',
  'staff of a suspended business',
  'owner of a suspended business',
  'operator impersonating a suspended business',
] as const;
export type Caller = (typeof CALLERS)[number];

/** `allow`, or the problem code of the refusal (401 for `authentication_required`, 403 for the rest). */
export type Verdict =
  | 'allow'
  | 'authentication_required'
  | 'forbidden'
  | 'business_suspended'
  | 'impersonation_required'
  | 'impersonation_active'
  | 'read_only_impersonation'
  | 'operator_only'
  | 'owner_required'
  | 'not_while_impersonating';

const A = 'allow';

/**
 * One row per capability, one column per caller. A suspended business is frozen: its own users are
 * refused everything of it (`business_suspended`, whatever their role), and an operator may enter it
 * to troubleshoot and read, but change nothing until an operator reactivates it.
 */
export const PERMISSIONS: Record<Capability, Record<Caller, Verdict>> = {
  public: {
    anonymous: A,
    staff: A,
    owner: A,
    'owner of another business': A,
    operator: A,
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': A,
    'operator impersonating it read-only': A,
    'operator impersonating another business': A,
    'staff of a suspended business': A,
    'owner of a suspended business': A,
    'operator impersonating a suspended business': A,
  },
  'signed-in': {
    anonymous: 'authentication_required',
    staff: A,
    owner: A,
    'owner of another business': A,
    operator: A,
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': A,
    'operator impersonating it read-only': A,
    'operator impersonating another business': A,
    'staff of a suspended business': A,
    'owner of a suspended business': A,
    'operator impersonating a suspended business': A,
  },
  'own-notice': {
    anonymous: 'authentication_required',
    staff: A,
    owner: A,
    'owner of another business': A,
    operator: 'owner_required',
    'operator impersonating it as owner': 'owner_required',
    'operator impersonating it as staff': 'owner_required',
    'operator impersonating it read-only': 'owner_required',
    'operator impersonating another business': 'owner_required',
    'staff of a suspended business': A,
    'owner of a suspended business': A,
    'operator impersonating a suspended business': 'owner_required',
  },
  'business-read': {
    anonymous: 'authentication_required',
    staff: A,
    owner: A,
    'owner of another business': 'forbidden',
    operator: 'impersonation_required',
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': A,
    'operator impersonating it read-only': A,
    'operator impersonating another business': 'forbidden',
    'staff of a suspended business': 'business_suspended',
    'owner of a suspended business': 'business_suspended',
    'operator impersonating a suspended business': A,
  },
  'business-write': {
    anonymous: 'authentication_required',
    staff: A,
    owner: A,
    'owner of another business': 'forbidden',
    operator: 'impersonation_required',
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': A,
    'operator impersonating it read-only': 'read_only_impersonation',
    'operator impersonating another business': 'forbidden',
    'staff of a suspended business': 'business_suspended',
    'owner of a suspended business': 'business_suspended',
    'operator impersonating a suspended business': 'business_suspended',
  },
  'owner-read': {
    anonymous: 'authentication_required',
    staff: 'owner_required',
    owner: A,
    'owner of another business': 'forbidden',
    operator: 'impersonation_required',
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': 'owner_required',
    'operator impersonating it read-only': A,
    'operator impersonating another business': 'forbidden',
    'staff of a suspended business': 'business_suspended',
    'owner of a suspended business': 'business_suspended',
    'operator impersonating a suspended business': A,
  },
  'owner-write': {
    anonymous: 'authentication_required',
    staff: 'owner_required',
    owner: A,
    'owner of another business': 'forbidden',
    operator: 'impersonation_required',
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': 'owner_required',
    'operator impersonating it read-only': 'read_only_impersonation',
    'operator impersonating another business': 'forbidden',
    'staff of a suspended business': 'business_suspended',
    'owner of a suspended business': 'business_suspended',
    'operator impersonating a suspended business': 'business_suspended',
  },
  platform: {
    anonymous: 'authentication_required',
    staff: 'operator_only',
    owner: 'operator_only',
    'owner of another business': 'operator_only',
    operator: A,
    'operator impersonating it as owner': 'impersonation_active',
    'operator impersonating it as staff': 'impersonation_active',
    'operator impersonating it read-only': 'impersonation_active',
    'operator impersonating another business': 'impersonation_active',
    'staff of a suspended business': 'operator_only',
    'owner of a suspended business': 'operator_only',
    'operator impersonating a suspended business': 'impersonation_active',
  },
  'own-decision': {
    anonymous: 'authentication_required',
    staff: 'owner_required',
    owner: A,
    'owner of another business': 'forbidden',
    operator: 'impersonation_required',
    'operator impersonating it as owner': 'not_while_impersonating',
    'operator impersonating it as staff': 'not_while_impersonating',
    'operator impersonating it read-only': 'not_while_impersonating',
    'operator impersonating another business': 'forbidden',
    'staff of a suspended business': 'business_suspended',
    'owner of a suspended business': 'business_suspended',
    'operator impersonating a suspended business': 'not_while_impersonating',
  },
  impersonation: {
    anonymous: 'authentication_required',
    staff: 'operator_only',
    owner: 'operator_only',
    'owner of another business': 'operator_only',
    operator: A,
    'operator impersonating it as owner': A,
    'operator impersonating it as staff': A,
    'operator impersonating it read-only': A,
    'operator impersonating another business': A,
    'staff of a suspended business': 'operator_only',
    'owner of a suspended business': 'operator_only',
    'operator impersonating a suspended business': A,
  },
};

/**
 * The capability every API route needs, keyed `METHOD path` exactly as docs/access.txt lists the
 * route. A new route must be added here: the permission test fails for a route this table does not
 * name, and the access snapshot (docs/access.txt) shows the route's declared access for review.
 */
export const ROUTE_CAPABILITIES = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/token': 'public',
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/auth/me': 'signed-in',
  'GET /api/health': 'public',

  'POST /api/impersonation': 'impersonation',
  'DELETE /api/impersonation': 'impersonation',
  'POST /api/impersonation/extend': 'impersonation',

  'GET /api/notifications': 'signed-in',
  'POST /api/notifications/:id/dismiss': 'own-notice',

  'GET /api/audit': 'platform',
  'GET /api/bookings': 'platform',
  'GET /api/businesses': 'platform',
  'POST /api/businesses': 'platform',
  'GET /api/businesses/:businessId': 'platform',
  'PATCH /api/businesses/:businessId': 'platform',
  'GET /api/operator/dashboard': 'platform',
  'GET /api/operator/outbox': 'platform',
  'GET /api/operator/outbox/:id': 'platform',
  'POST /api/operator/outbox/:id/retry': 'platform',

  'GET /api/businesses/:businessId/dashboard': 'business-read',
  'GET /api/businesses/:businessId/setup': 'business-read',
  'GET /api/businesses/:businessId/calendar': 'business-read',
  'GET /api/businesses/:businessId/slots': 'business-read',
  'GET /api/businesses/:businessId/bookings': 'business-read',
  'POST /api/businesses/:businessId/bookings': 'business-write',
  'GET /api/businesses/:businessId/bookings/:id': 'business-read',
  'PATCH /api/businesses/:businessId/bookings/:id': 'business-write',
  'POST /api/businesses/:businessId/bookings/:id/cancel': 'business-write',
  'GET /api/businesses/:businessId/customers': 'business-read',
  'POST /api/businesses/:businessId/customers': 'business-write',
  'GET /api/businesses/:businessId/customers/:id': 'business-read',
  'PATCH /api/businesses/:businessId/customers/:id': 'business-write',
  'GET /api/businesses/:businessId/services': 'business-read',
  'POST /api/businesses/:businessId/services': 'owner-write',
  'PATCH /api/businesses/:businessId/services/:id': 'owner-write',
  'GET /api/businesses/:businessId/resources': 'business-read',
  'POST /api/businesses/:businessId/resources': 'owner-write',
  'PATCH /api/businesses/:businessId/resources/:id': 'owner-write',
  'GET /api/businesses/:businessId/settings/general': 'business-read',
  'PUT /api/businesses/:businessId/settings/general': 'owner-write',
  'GET /api/businesses/:businessId/settings/branding': 'business-read',
  'PUT /api/businesses/:businessId/settings/branding': 'owner-write',
  'PUT /api/businesses/:businessId/settings/branding/logo': 'owner-write',
  'DELETE /api/businesses/:businessId/settings/branding/logo': 'owner-write',
  'GET /api/businesses/:businessId/settings/availability': 'business-read',
  'PUT /api/businesses/:businessId/settings/availability': 'owner-write',
  'GET /api/businesses/:businessId/settings/booking': 'business-read',
  'PUT /api/businesses/:businessId/settings/booking': 'owner-write',
  'GET /api/businesses/:businessId/booking-page': 'owner-read',
  'GET /api/businesses/:businessId/booking-page/slots': 'owner-read',
  'GET /api/businesses/:businessId/team': 'owner-read',
  'POST /api/businesses/:businessId/team': 'owner-write',
  'PATCH /api/businesses/:businessId/team/:userId': 'owner-write',
  'DELETE /api/businesses/:businessId/team/:userId': 'owner-write',
  'GET /api/businesses/:businessId/team/invitations': 'owner-read',
  'DELETE /api/businesses/:businessId/team/invitations/:invitationId': 'owner-write',
  'GET /api/businesses/:businessId/settings/support-access': 'owner-read',
  'PUT /api/businesses/:businessId/settings/support-access': 'own-decision',
  'POST /api/businesses/:businessId/support-access/requests': 'platform',
  'GET /api/businesses/:businessId/access-log': 'owner-read',
  'GET /api/businesses/:businessId/access-log/platform-views': 'owner-read',

  'GET /api/public/businesses/:slug': 'public',
  'GET /api/public/logos/:businessId/:sha256': 'public',
  'GET /api/public/businesses/:slug/slots': 'public',
  'POST /api/public/businesses/:slug/bookings': 'public',
  'GET /api/public/bookings/manage/:token': 'public',
  'POST /api/public/bookings/manage/:token/cancel': 'public',
  'POST /api/public/bookings/manage/:token/reschedule': 'public',
  'POST /api/team-invitations/lookup': 'public',
  'POST /api/team-invitations/accept': 'public',
} as const satisfies Record<string, Capability>;

export type ApiRoute = keyof typeof ROUTE_CAPABILITIES;
