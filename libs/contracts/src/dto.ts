/**
 * JSON shapes of the HTTP API (docs/ARCHITECTURE.md §6), shared by the API (which returns them) and the admin
 * (which reads them). Dates and times are ISO 8601 strings with an offset; money is integer cents.
 */
import type { BusinessRole, UserKind } from './roles.js';

export interface Page<T> {
  items: T[];
  /** Opaque keyset cursor for the next page, or null on the last page. */
  nextCursor: string | null;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  kind: UserKind;
}

export interface BusinessRef {
  id: string;
  slug: string;
  name: string;
}

export interface MembershipView {
  /** `currency`: the ISO 4217 code every price of the business is shown in (a general setting). */
  business: BusinessRef & { timeZone: string; currency: string; primaryColor: string | null; logoUrl: string | null };
  role: BusinessRole;
}

/**
 * `support_access_revoked` / `support_access_expired`: in `SUPPORT_ACCESS=granted` mode the owner revoked the
 * support-access grant, or it ran out, and the operator's next request ended the visit.
 */
export type ImpersonationEndReason = 'exit' | 'sign_out' | 'expired' | 'switched' | 'revoked' | 'support_access_revoked' | 'support_access_expired';
export const IMPERSONATION_END_REASONS: readonly ImpersonationEndReason[] = [
  'exit',
  'sign_out',
  'expired',
  'switched',
  'revoked',
  'support_access_revoked',
  'support_access_expired',
];

export interface ImpersonationView {
  id: string;
  /** `status: 'suspended'`: the operator may look around but every write is 403 `business_suspended`. */
  business: BusinessRef & { status: BusinessStatus; timeZone: string; currency: string; primaryColor: string | null; logoUrl: string | null };
  role: BusinessRole;
  readOnly: boolean;
  reason: string | null;
  startedAt: string;
  expiresAt: string;
  /** When the idle limit will end it if no request arrives before. */
  idleExpiresAt: string;
}

export interface MeResponse {
  user: UserView;
  /** Memberships of active businesses only: a suspended business's users are shut out of it. */
  memberships: MembershipView[];
  /** The businesses this person belongs to that the platform has suspended, so the admin can say so. */
  suspendedBusinesses: BusinessRef[];
  impersonation: ImpersonationView | null;
}

export interface LoginRequest {
  email: string;
  password: string;
}
export interface LoginResponse {
  user: UserView;
}
export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
export interface LogoutResponse {
  signedOut: boolean;
  redirectTo: string;
}

export type ImpersonationEntryPoint = 'business_list' | 'all_bookings' | 'operator_dashboard' | 'time_limit' | 'api';
export const IMPERSONATION_ENTRY_POINTS: readonly ImpersonationEntryPoint[] = ['business_list', 'all_bookings', 'operator_dashboard', 'time_limit', 'api'];

export interface StartImpersonationRequest {
  businessId: string;
  role?: BusinessRole;
  readOnly?: boolean;
  reason?: string;
  returnTo?: string;
  /** Where in the admin it was started from, for the audit trail. */
  entryPoint?: ImpersonationEntryPoint;
  /**
   * Emergency entry without the owner's grant (`SUPPORT_ACCESS=granted` with `SUPPORT_BREAK_GLASS=true`
   * only; a reason is then required, and the owners are told at once).
   */
  breakGlass?: boolean;
}
export interface StartImpersonationResponse {
  impersonation: ImpersonationView;
  redirectTo: string;
}
/**
 * POST /api/impersonation/extend: the idle limit restarts from now; the absolute limit
 * (`expiresAt`) never moves — past it the operator starts again, with a reason.
 */
export interface ExtendImpersonationResponse {
  impersonation: ImpersonationView;
}

/**
 * What ended an impersonation, in the `impersonation_expired` problem's `limit` member: its absolute or
 * idle time limit, or (granted mode) the owner's support-access grant being revoked or running out.
 */
export type ImpersonationLimit = 'absolute' | 'idle' | 'support_access_revoked' | 'support_access_expired';
export const IMPERSONATION_LIMITS: readonly ImpersonationLimit[] = ['absolute', 'idle', 'support_access_revoked', 'support_access_expired'];

export interface ExitImpersonationResponse {
  redirectTo: string;
}

export type BusinessStatus = 'active' | 'suspended';
export const BUSINESS_STATUSES: readonly BusinessStatus[] = ['active', 'suspended'];

/** Operator view of a business (GET /businesses). */
export interface OperatorBusinessView extends BusinessRef {
  status: BusinessStatus;
  timeZone: string;
  owner: { id: string; name: string; email: string } | null;
  /**
   * While no owner has joined yet: the invitation the first owner was sent (a business made by an
   * operator starts so, until its owner accepts and chooses their own password).
   */
  ownerInvitation: { name: string; email: string; invitedAt: string; expiresAt: string; expired: boolean } | null;
  bookingsToday: number;
  createdAt: string;
  /** Whether an operator may enter it now (the eye), and why not. */
  supportAccess: BusinessSupportAccess;
}

/** The platform's `SUPPORT_ACCESS` setting: `open` (operators may always enter) or `granted` (only while the owner grants it). */
export type SupportAccessMode = 'open' | 'granted';
/**
 * A business's support access as the operator's list shows it: `open` (the platform lets operators in
 * at any time), `granted` (the owner granted it until `grantedUntil`), `closed` (granted mode, no grant).
 */
export type SupportAccessState = 'open' | 'granted' | 'closed';
export interface BusinessSupportAccess {
  state: SupportAccessState;
  grantedUntil: string | null;
  /** Closed, but the platform allows an emergency (break-glass) entry with a reason. */
  breakGlassAvailable: boolean;
  /** The last access request any operator sent this business, if any. */
  lastRequestAt: string | null;
}

/** How long an owner grants support access for: one hour, one day or one week (ISO 8601 durations). */
export type SupportAccessDuration = 'PT1H' | 'P1D' | 'P7D';
export const SUPPORT_ACCESS_DURATIONS: readonly SupportAccessDuration[] = ['PT1H', 'P1D', 'P7D'];
export const SUPPORT_ACCESS_DURATION_MS: Record<SupportAccessDuration, number> = { PT1H: 3_600_000, P1D: 86_400_000, P7D: 7 * 86_400_000 };

/** GET|PUT /businesses/:businessId/settings/support-access. */
export interface SupportAccessSettings {
  mode: SupportAccessMode;
  /** Until when operators may enter (granted mode); null: no live grant. */
  grantedUntil: string | null;
  grantedAt: string | null;
  grantedBy: { id: string; name: string } | null;
  breakGlassAvailable: boolean;
}
/** PUT body: grant for one of the fixed durations from now (replacing any live grant), or null to revoke. */
export interface UpdateSupportAccessRequest {
  duration: SupportAccessDuration | null;
}
/** POST /businesses/:businessId/support-access/requests: an operator asks the owners for access. */
export interface SupportAccessRequestBody {
  reason: string;
}
export interface SupportAccessRequestView {
  id: string;
  businessId: string;
  reason: string;
  createdAt: string;
  /** When the same operator may ask this business again. */
  nextAllowedAt: string;
}
/** POST /businesses. The owner is invited by e-mail and chooses their own password; nobody types it for them. */
export interface CreateBusinessRequest {
  name: string;
  slug: string;
  timeZone: string;
  owner: { name: string; email: string };
}
export interface UpdateBusinessRequest {
  name?: string;
  slug?: string;
  status?: BusinessStatus;
  /** A canonical IANA zone (400 `invalid_time_zone` otherwise). */
  timeZone?: string;
}

export type BookingStatus = 'confirmed' | 'cancelled' | 'completed' | 'no_show';
export const BOOKING_STATUSES: readonly BookingStatus[] = ['confirmed', 'cancelled', 'completed', 'no_show'];
/** Where a booking was made: in the admin, or by the customer on the public booking page. */
export type BookingSource = 'admin' | 'online';

export interface BookingView {
  id: string;
  businessId: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  notes: string | null;
  customer: { id: string; name: string };
  service: { id: string; name: string; durationMinutes: number; priceCents: number };
  resource: { id: string; name: string };
  createdAt: string;
  createdBy: string | null;
  createdInImpersonation: string | null;
  source: BookingSource;
}
/** A row of the operator's All bookings list: the booking plus its business. */
export interface OperatorBookingView extends BookingView {
  business: BusinessRef;
}
export interface CreateBookingRequest {
  customerId: string;
  serviceId: string;
  resourceId: string;
  startsAt: string;
  notes?: string;
}
export interface UpdateBookingRequest {
  customerId?: string;
  serviceId?: string;
  resourceId?: string;
  startsAt?: string;
  notes?: string | null;
  status?: Exclude<BookingStatus, 'cancelled'>;
}

export interface CustomerView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
  createdAt: string;
}
export interface CustomerRecord extends CustomerView {
  bookings: BookingView[];
}
export interface CreateCustomerRequest {
  name: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}
export type UpdateCustomerRequest = Partial<CreateCustomerRequest>;

export interface ServiceView {
  id: string;
  name: string;
  durationMinutes: number;
  priceCents: number;
  active: boolean;
  /** Kept free on the resource before / after each booking of this service. */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** The resources that may perform it; empty = every active resource. */
  resourceIds: string[];
}
export interface ResourceView {
  id: string;
  name: string;
  active: boolean;
  /** The resource's own weekly hours; empty = whenever the business is open. */
  workingHours: WeeklyHours[];
}

export interface GeneralSettings {
  name: string;
  timeZone: string;
  /** ISO 4217 code of the business's prices (amounts are integer hundredths: `priceCents`). */
  currency: string;
  contactEmail: string | null;
  contactPhone: string | null;
}
/** PUT body: `currency` may be left out (the stored one is kept), so older scripts keep working. */
export type UpdateGeneralSettingsRequest = Omit<GeneralSettings, 'currency'> & { currency?: string };
export interface BrandingSettings {
  primaryColor: string | null;
  logoUrl: string | null;
}
export interface WeeklyHours {
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  weekday: number;
  opens: string;
  closes: string;
}
export interface AvailabilitySettings {
  timeZone: string;
  weekly: WeeklyHours[];
  closedDates: string[];
}

/** GET|PUT /businesses/:businessId/settings/booking: the rules of the public booking page. */
export interface BookingRulesSettings {
  onlineBookingEnabled: boolean;
  /** Online bookings start at least this many minutes after now. */
  minNoticeMinutes: number;
  /** …and at most this many days ahead. */
  bookingHorizonDays: number;
  /** Customers may cancel or reschedule online until this many hours before the start (0 = until it starts). */
  cancellationWindowHours: number;
}

/** One free start time and the resources free at it. */
export interface FreeSlotView {
  startsAt: string;
  endsAt: string;
  resourceIds: string[];
}
/** GET …/slots?serviceId&from&to: free start times in [from, to), in the business's zone. */
export interface FreeSlotsView {
  timeZone: string;
  serviceId: string;
  from: string;
  to: string;
  slots: FreeSlotView[];
}

/** GET /public/businesses/:slug: what the booking page shows. */
export interface PublicBusinessView {
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  primaryColor: string | null;
  logoUrl: string | null;
  /** False when online booking is switched off or the business is suspended (`unavailableReason`). */
  acceptingBookings: boolean;
  unavailableReason: 'online_booking_off' | 'suspended' | null;
  rules: { minNoticeMinutes: number; bookingHorizonDays: number; cancellationWindowHours: number };
  services: { id: string; name: string; durationMinutes: number; priceCents: number; resourceIds: string[] }[];
  resources: { id: string; name: string }[];
}
/** A booking as its customer sees it: no customer record, no notes, no staff details. */
export interface PublicBookingView {
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  service: { id: string; name: string; durationMinutes: number; priceCents: number };
  resource: { id: string; name: string };
  business: { slug: string; name: string; timeZone: string };
}
export interface CreatePublicBookingRequest {
  serviceId: string;
  startsAt: string;
  resourceId?: string;
  customer: { name: string; email: string; phone?: string | null };
}
export interface PublicBookingCreated {
  booking: PublicBookingView;
  /** The customer's own link to see, cancel or reschedule it; shown once, never stored. */
  manageUrl: string;
}
/** GET /public/bookings/manage/:token */
export interface ManageBookingView {
  booking: PublicBookingView;
  business: Pick<PublicBusinessView, 'slug' | 'name' | 'timeZone' | 'currency' | 'primaryColor' | 'logoUrl'>;
  /** Whether it can still be cancelled or rescheduled here, and until when. */
  changeable: boolean;
  changeableUntil: string;
  /** Rescheduling also needs the page to be taking bookings. */
  reschedulable: boolean;
}
/** Extra fields of a public 409 `slot_taken`: the next free times for the same service. */
export interface PublicSlotTakenFields {
  nextFreeTimes: FreeSlotView[];
}

export interface TeamMemberView {
  userId: string;
  name: string;
  email: string;
  role: BusinessRole;
  joinedAt: string;
}
/**
 * POST /businesses/:businessId/team — sends an invitation; nobody types a password for someone else.
 * The answer is the same whether or not the address already has an account anywhere on the platform.
 */
export interface InviteTeamMemberRequest {
  name: string;
  email: string;
  role: BusinessRole;
}

/** An invitation still waiting for its person (GET /businesses/:businessId/team/invitations). */
export interface TeamInvitationView {
  id: string;
  name: string;
  email: string;
  role: BusinessRole;
  invitedAt: string;
  expiresAt: string;
  expired: boolean;
}

/** POST /team-invitations/lookup { token } — what the invitee is about to accept. */
export interface InvitationLookupResponse {
  business: { name: string; slug: string };
  name: string;
  email: string;
  role: BusinessRole;
  expiresAt: string;
  /** `new`: choose a password; `existing`: confirm with the account's password. Shown only to the link's holder. */
  account: 'new' | 'existing';
}

/** POST /team-invitations/accept */
export interface AcceptInvitationRequest {
  token: string;
  password: string;
  name?: string;
}
export interface AcceptInvitationResponse {
  email: string;
  business: { name: string; slug: string };
}

/** POST /auth/password-reset → 202, the same for every address. */
export interface PasswordResetRequest {
  email: string;
}
export interface PasswordResetRequestedResponse {
  accepted: true;
  detail: string;
}
/** POST /auth/password-reset/confirm */
export interface PasswordResetConfirmRequest {
  token: string;
  password: string;
}
export interface PasswordResetConfirmResponse {
  email: string;
}

export interface BusinessDashboardView {
  business: BusinessRef & { timeZone: string };
  /** The business's local date, YYYY-MM-DD. */
  date: string;
  counts: { today: number; week: number; upcoming: number };
  today: BookingView[];
}
export interface OperatorDashboardView {
  counts: { businesses: number; activeBusinesses: number; bookingsToday: number; bookingsThisWeek: number; activeImpersonations: number };
  today: OperatorBookingView[];
}

export type AuditOutcome = 'success' | 'denied' | 'error';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'denied', 'error'];
export interface AuditEventView {
  id: string;
  seq: string;
  occurredAt: string;
  requestId: string | null;
  actor: { id: string; name: string; email: string; kind: UserKind } | null;
  impersonationId: string | null;
  /** With the zone and currency its times and prices are shown in. */
  business: (BusinessRef & { timeZone: string; currency: string }) | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  method: string | null;
  path: string | null;
  status: number | null;
  ip: string | null;
  userAgent: string | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  /**
   * Display names of the ids this row mentions (its target and ids inside `changes`): services,
   * resources, customers, people, as they are named now. An id that names nothing is left out.
   */
  names: Record<string, string>;
}

/** A platform page that shows several businesses' records (customers among them). */
export type PlatformView = 'all_bookings' | 'operator_dashboard' | 'audit_search';

/**
 * An operator saw this business's records from the platform side (not impersonating): when, who,
 * on which page, and how many of the business's records were in what they saw. The search terms
 * are not shown (nor stored in clear).
 */
export interface PlatformViewEntry {
  id: string;
  occurredAt: string;
  operator: { id: string; name: string; email: string } | null;
  view: PlatformView;
  records: number;
}

/** One operator visit to a business, as the owner's access log shows it. */
export interface AccessLogEntry {
  impersonationId: string;
  operator: { id: string; name: string; email: string };
  role: BusinessRole;
  readOnly: boolean;
  reason: string | null;
  entryPoint: string | null;
  startedAt: string;
  endedAt: string | null;
  endReason: ImpersonationEndReason | null;
  durationSeconds: number | null;
  /** Its writes, made or refused; with `activity=all` also its reads (page views), oldest first. */
  changes: AuditEventView[];
  /** With `activity=all`: the visit had more events than the ones listed. */
  truncated: boolean;
}

/** `changes`: what a visit changed or tried to (the default); `all`: also every page it viewed. */
export type AccessLogActivity = 'changes' | 'all';

/** GET /businesses/:businessId/calendar?from&to[&resourceId] */
export interface CalendarView {
  timeZone: string;
  from: string;
  to: string;
  resources: ResourceView[];
  availability: AvailabilitySettings;
  bookings: BookingView[];
}

/** Extra fields of the 409 `slot_taken` problem: the live booking that holds the slot. */
export interface SlotTakenProblemFields {
  slot: { resourceId: string; resourceName: string | null; startsAt: string; endsAt: string };
}

/** Outbox states: waiting (`pending`), claimed by a worker (`sending`), done (`sent`), given up (`dead`), superseded (`cancelled`). */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'cancelled';

/** What each kind of outbox message is, in words (the operator's Outbox page). */
export const MESSAGE_KIND_LABELS: Readonly<Record<string, string>> = {
  'team.invite': 'Team invitation',
  'auth.password_reset': 'Password reset',
  'impersonation.notice': 'Platform access notice',
  'support_access.request': 'Support access request',
  'booking.confirmed': 'Booking confirmation',
  'booking.changed': 'Booking change',
  'booking.cancelled': 'Booking cancellation',
  'booking.reminder': 'Booking reminder',
};

/** The kind's name in words; a kind without one shows as itself. */
export function messageKindLabel(kind: string): string {
  return Object.hasOwn(MESSAGE_KIND_LABELS, kind) ? MESSAGE_KIND_LABELS[kind]! : kind;
}

/** GET /operator/outbox items. */
export interface OutboxMessageView {
  id: string;
  business: { id: string; name: string } | null;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  notBefore: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

/** GET /operator/outbox/:id — the text as sent, a one-time link shown as hidden. */
export interface OutboxMessageDetail extends OutboxMessageView {
  bodyText: string;
  smtpResponse: string | null;
  hasOneTimeLink: boolean;
}

/** GET /operator/outbox: a page of messages and the state of delivery. */
export interface OutboxPage extends Page<OutboxMessageView> {
  delivery: { smtpConfigured: boolean; workerRunning: boolean; pending: number; sending: number; dead: number };
}

/** GET /notifications: the signed-in person's in-app notices (an owner's; shown to an operator impersonating as owner). */
export interface NoticeView {
  id: string;
  business: { id: string; slug: string; name: string };
  kind: 'impersonation.started' | 'support_access.requested';
  createdAt: string;
  facts: {
    operator: { id: string; name: string; email: string };
    at: string;
    role?: BusinessRole;
    readOnly?: boolean;
    reason: string | null;
    breakGlass?: boolean;
    impersonationId?: string;
  };
  /** The access log entry of the visit (impersonation notices). */
  accessLogPath: string | null;
  /** Only the business's own owners may dismiss; an impersonating operator sees it but cannot. */
  canDismiss: boolean;
}
export interface NoticeList {
  items: NoticeView[];
}

/** One step of a new business's set-up, in the order the checklist shows them. */
export type SetupStep = 'hours' | 'services' | 'resources' | 'team' | 'branding';
export const SETUP_STEPS: readonly SetupStep[] = ['hours', 'services', 'resources', 'team', 'branding'];

/**
 * GET /businesses/:businessId/setup: what a new business still has to set up, derived from its
 * data on every read (nothing is ticked by hand): opening hours saved once by an owner (a new
 * business starts with defaults), an active service, an active resource, a second team member or
 * an open invitation (the first owner's own invitation does not count), a colour or logo.
 */
export interface SetupChecklistView {
  steps: { step: SetupStep; done: boolean }[];
  /** Every step done: the dashboard stops showing the checklist. */
  complete: boolean;
}
