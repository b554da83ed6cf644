import type { AuditActionName } from './audit-actions.js';

/**
 * What audit rows mean, in words people read: one label per action the API writes (AUDIT_ACTIONS:
 * its own writes and the route names of reads and refusals; the type makes a missing one a compile
 * error), and one per field that appears in `changes`. The owner's access log and the operator's
 * audit both read them.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditActionName, string>> = {
  // Signing in and out
  'auth.login': 'Signed in',
  'auth.token': 'Signed in (API token)',
  'auth.logout': 'Signed out',
  'auth.me': 'Session checked',
  'auth.password_reset.request': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  // Impersonation
  'impersonation.start': 'Entered the business',
  'impersonation.extend': 'Extended the visit',
  'impersonation.exit': 'Left the business',
  'impersonation.end': 'Visit ended',
  'impersonation.expire': 'Visit timed out',
  // Businesses (operators)
  'business.list': 'Viewed the business list',
  'business.get': 'Viewed a business',
  'business.create': 'Created a business',
  'business.update': 'Changed a business',
  // Bookings
  'booking.list': 'Viewed bookings',
  'booking.get': 'Viewed a booking',
  'booking.create': 'Created a booking',
  'booking.update': 'Changed a booking',
  'booking.cancel': 'Cancelled a booking',
  'booking_page.preview': 'Previewed the booking page',
  'booking_page.preview_slots': 'Previewed free times',
  'public.business.view': 'Opened the booking page',
  'public.logo.view': 'Loaded the logo',
  'public.slots.view': 'Viewed free times',
  'public.booking.view': 'Opened a booking link',
  // Customers
  'customer.list': 'Viewed customers',
  'customer.get': 'Viewed a customer',
  'customer.create': 'Added a customer',
  'customer.update': 'Changed a customer',
  // Services and resources
  'service.list': 'Viewed services',
  'service.create': 'Added a service',
  'service.update': 'Changed a service',
  'resource.list': 'Viewed resources',
  'resource.create': 'Added a resource',
  'resource.update': 'Changed a resource',
  // Schedule
  'dashboard.view': 'Viewed the dashboard',
  'calendar.view': 'Viewed the calendar',
  'slots.view': 'Viewed free times',
  'setup.view': 'Viewed the set-up checklist',
  // Settings
  'settings.general.view': 'Viewed general settings',
  'settings.general.update': 'Changed general settings',
  'settings.branding.view': 'Viewed branding',
  'settings.branding.update': 'Changed branding',
  'settings.branding.logo.upload': 'Uploaded the logo',
  'settings.branding.logo.remove': 'Removed the logo',
  'settings.branding.logo_dropped': 'Dropped a linked logo (logos are uploaded now)',
  'settings.availability.view': 'Viewed opening hours',
  'settings.availability.update': 'Changed opening hours',
  'settings.booking.view': 'Viewed booking page rules',
  'settings.booking.update': 'Changed booking page rules',
  // Support access (owners decide when the platform may enter)
  'support_access.view': 'Viewed support access',
  'support_access.update': 'Changed support access',
  'support_access.grant': 'Granted support access',
  'support_access.revoke': 'Revoked support access',
  'support_access.request': 'Asked for support access',
  'support_access.break_glass': 'Entered without a grant (break-glass)',
  // Team
  'team.list': 'Viewed the team',
  'team.invite': 'Invited a team member',
  'team.invitations': 'Viewed open invitations',
  'team.invitation.revoke': 'Withdrew an invitation',
  'team.invitation.lookup': 'Opened an invitation',
  'team.invitation.accept': 'Accepted an invitation',
  'team.update': 'Changed a role',
  'team.remove': 'Removed a team member',
  // Notices, messages, the audit itself
  'notice.list': 'Viewed notices',
  'notice.dismiss': 'Dismissed a notice',
  'outbox.list': 'Viewed the outbox',
  'outbox.get': 'Viewed a message',
  'outbox.retry': 'Retried a message',
  'audit.search': 'Searched the audit',
  'audit.accessLog': 'Viewed the access log',
  'audit.platformViews': 'Viewed platform access',
  'operator.bookings': 'Viewed all bookings',
  'operator.dashboard': 'Viewed the operator dashboard',
  'operator.search': 'Searched across businesses',
  'operator.platform_view': 'Saw records from the platform',
  'health.check': 'Health check',
};

/** Rows older than the list, or written outside it (the demo seed's `system.seed`). */
const OTHER_ACTION_LABELS: Readonly<Record<string, string>> = {
  'system.seed': 'Demo data seeded',
};

/** The names of fields in `changes` (and a few `details`), as the settings pages call them. */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  slug: 'Address (slug)',
  status: 'Status',
  timeZone: 'Time zone',
  currency: 'Currency',
  contactEmail: 'Contact e-mail',
  contactPhone: 'Contact phone',
  primaryColor: 'Brand colour',
  logoUrl: 'Logo',
  email: 'E-mail',
  phone: 'Phone',
  notes: 'Notes',
  role: 'Role',
  customerId: 'Customer',
  serviceId: 'Service',
  resourceId: 'Resource',
  resourceIds: 'Resources',
  startsAt: 'Starts',
  endsAt: 'Ends',
  durationMinutes: 'Duration',
  priceCents: 'Price',
  active: 'Active',
  bufferBeforeMinutes: 'Buffer before',
  bufferAfterMinutes: 'Buffer after',
  workingHours: 'Working hours',
  weekly: 'Opening hours',
  closedDates: 'Closed dates',
  onlineBookingEnabled: 'Online booking',
  minNoticeMinutes: 'Minimum notice',
  bookingHorizonDays: 'Bookable ahead',
  cancellationWindowHours: 'Cancellation window',
  grantedUntil: 'Support access until',
};

/** "booking.cancel" → its label; an action without one reads as its words ("some.new_thing" → "Some new thing"). */
export function auditActionLabel(action: string): string {
  const known = (AUDIT_ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? OTHER_ACTION_LABELS[action];
  if (known) return known;
  const words = action
    .replace(/[._]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : action;
}

/** "priceCents" → "Price"; an unknown field reads as its words ("fooBar" → "Foo bar"). */
export function auditFieldLabel(field: string): string {
  const known = AUDIT_FIELD_LABELS[field];
  if (known) return known;
  const words = field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : field;
}
