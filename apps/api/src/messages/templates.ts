/**
 * The messages the platform sends, each as plain text plus a simple HTML version, in the sending
 * business's branding (its name as the sender, its colour, its contact address as Reply-To) and with
 * every time written in the business's own time zone. Pure functions: they take plain values and
 * return the rendered message, so they test without a database.
 *
 * A one-time link (invite, password reset) is never rendered into the stored text: the templates put
 * SECRET_LINK where it goes, and the worker substitutes the sealed link only when it sends.
 */

export const SECRET_LINK = '{{one-time-link}}';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  fromName?: string | null;
  replyTo?: string | null;
}

export interface Branding {
  name: string;
  primaryColor: string | null;
  timeZone: string;
  contactEmail: string | null;
}

const PLATFORM: Branding = { name: 'Booking platform', primaryColor: '#334155', timeZone: 'UTC', contactEmail: null };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "Tuesday 2 December 2026, 14:30 (Europe/London)". */
export function formatInZone(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${text.replace(' at ', ', ')} (${timeZone})`;
}

interface Block {
  /** Plain paragraphs (escaped in HTML). */
  paragraphs: string[];
  /** Label → value rows, shown as a small table. */
  facts?: [string, string][];
  /** A button: label and href (SECRET_LINK allowed). */
  action?: { label: string; href: string };
  footer?: string;
}

function render(brand: Branding, subject: string, block: Block): RenderedMessage {
  const colour = brand.primaryColor && /^#[0-9a-fA-F]{6}$/.test(brand.primaryColor) ? brand.primaryColor : '#334155';
  const lines: string[] = [...block.paragraphs.flatMap((p) => [p, ''])];
  if (block.facts?.length) {
    for (const [label, value] of block.facts) lines.push(`${label}: ${value}`);
    lines.push('');
  }
  if (block.action) lines.push(`${block.action.label}: ${block.action.href}`, '');
  lines.push('—', block.footer ?? brand.name);
  const facts = block.facts?.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:16px 0">${block.facts
        .map(
          ([l, v]) =>
            `<tr><th align="left" style="padding:4px 16px 4px 0;color:#475569;font-weight:600">${escapeHtml(l)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const action = block.action
    ? `<p style="margin:24px 0"><a href="${block.action.href === SECRET_LINK ? SECRET_LINK : escapeHtml(block.action.href)}" style="background:${colour};color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(block.action.label)}</a></p>`
    : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f8fafc;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-top:6px solid ${colour}">
<div style="padding:20px 24px;font-size:18px;font-weight:700;color:${colour}">${escapeHtml(brand.name)}</div>
<div style="padding:0 24px 24px;line-height:1.5">${block.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${facts}${action}</div>
<div style="padding:16px 24px;border-top:1px solid #e2e8f0;color:#64748b;font-size:12px">${escapeHtml(block.footer ?? brand.name)}</div>
</div></body></html>`;
  return { subject, text: lines.join('\n'), html, fromName: brand.name, replyTo: brand.contactEmail };
}

export function teamInviteMessage(input: { business: Branding; inviteeName: string; role: string; inviterName: string; expiresAt: Date }): RenderedMessage {
  return render(input.business, `You're invited to join ${input.business.name}`, {
    paragraphs: [
      `Hello ${input.inviteeName},`,
      `${input.inviterName} has invited you to join ${input.business.name} as ${input.role}.`,
      'Open the link below to accept. If you are new here you will choose your own password; if you already have an account, sign in with it to accept.',
      `The link works once and expires ${formatInZone(input.expiresAt, input.business.timeZone)}. If you did not expect this, ignore this message.`,
    ],
    action: { label: 'Accept the invitation', href: SECRET_LINK },
  });
}

export function passwordResetMessage(input: { name: string; expiresAt: Date }): RenderedMessage {
  return render(PLATFORM, 'Reset your password', {
    paragraphs: [
      `Hello ${input.name},`,
      'Someone (hopefully you) asked to reset the password of your account. Open the link below to choose a new one; every device signed in to your account will be signed out.',
      `The link works once and expires ${formatInZone(input.expiresAt, 'UTC')}. If you did not ask for this, ignore this message: your password stays as it is.`,
    ],
    action: { label: 'Choose a new password', href: SECRET_LINK },
  });
}

export interface ImpersonationFacts {
  operatorName: string;
  operatorEmail: string;
  startedAt: Date;
  role: string;
  readOnly: boolean;
  reason: string | null;
  breakGlass: boolean;
  accessLogUrl: string;
}

export function impersonationNoticeMessage(input: { business: Branding; facts: ImpersonationFacts }): RenderedMessage {
  const f = input.facts;
  return render(input.business, `${f.breakGlass ? 'Emergency access: ' : ''}Platform support entered ${input.business.name}'s admin`, {
    paragraphs: [
      f.breakGlass
        ? `${f.operatorName} from the platform team used emergency (break-glass) access to enter your admin without a support-access grant.`
        : `${f.operatorName} from the platform team entered your admin.`,
      'Everything they do there is recorded under their own name in your access log.',
    ],
    facts: [
      ['Who', `${f.operatorName} <${f.operatorEmail}>`],
      ['When', formatInZone(f.startedAt, input.business.timeZone)],
      ['Acting as', f.role],
      ['Access', f.readOnly ? 'read-only' : 'read and write'],
      ['Reason', f.reason ?? '(none given)'],
    ],
    action: { label: 'Open the access log', href: f.accessLogUrl },
  });
}

export function supportAccessRequestMessage(input: { business: Branding; operatorName: string; reason: string; settingsUrl: string }): RenderedMessage {
  return render(input.business, `Platform support asks to enter ${input.business.name}'s admin`, {
    paragraphs: [
      `${input.operatorName} from the platform team asks for support access to your admin.`,
      `Their reason: ${input.reason}`,
      'Nobody from the platform can enter until you grant access (for an hour, a day or a week) in your settings; you can revoke it at any time.',
    ],
    action: { label: 'Review support access', href: input.settingsUrl },
  });
}

export interface BookingFacts {
  customerName: string;
  serviceName: string;
  resourceName: string;
  startsAt: Date;
  endsAt: Date;
}

function bookingFacts(b: BookingFacts, zone: string): [string, string][] {
  return [
    ['What', b.serviceName],
    ['When', formatInZone(b.startsAt, zone)],
    ['Until', new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(b.endsAt)],
    ['With', b.resourceName],
  ];
}

export type BookingMessageKind = 'confirmed' | 'changed' | 'cancelled' | 'reminder';

/**
 * A customer's message about their booking, from the business (its name, colour and Reply-To; never
 * the person who made the change, so an operator acting for the business stays out of it). With
 * `manageLink` the message carries the customer's manage link as SECRET_LINK (the link is a
 * credential: sealed in the outbox row, filled in only when the mail is sent); `changeableUntil`
 * says until when it can be used to cancel or move the booking online.
 */
export function bookingMessage(
  kind: BookingMessageKind,
  input: { business: Branding; booking: BookingFacts; previous?: BookingFacts | null; manageLink?: boolean; changeableUntil?: Date | null },
): RenderedMessage {
  const { business, booking } = input;
  const zone = business.timeZone;
  const when = formatInZone(booking.startsAt, zone);
  const contact = business.contactEmail ? ` Questions? Reply to this message or write to ${business.contactEmail}.` : ' Questions? Reply to this message.';
  const manage: Pick<Block, 'action'> & { paragraphs: string[] } =
    input.manageLink && kind !== 'cancelled'
      ? {
          paragraphs: [
            input.changeableUntil && input.changeableUntil.getTime() < booking.startsAt.getTime()
              ? `You can cancel or move it online until ${formatInZone(input.changeableUntil, zone)}; keep this link to yourself.`
              : 'You can cancel or move it online; keep this link to yourself.',
          ],
          action: { label: 'Manage your booking', href: SECRET_LINK },
        }
      : { paragraphs: [] };
  switch (kind) {
    case 'confirmed':
      return render(business, `Booking confirmed: ${booking.serviceName}, ${when}`, {
        paragraphs: [`Hello ${booking.customerName},`, `your booking at ${business.name} is confirmed.${contact}`, ...manage.paragraphs],
        facts: bookingFacts(booking, zone),
        action: manage.action,
      });
    case 'changed': {
      const prev = input.previous;
      const moved = prev && prev.startsAt.getTime() !== booking.startsAt.getTime();
      const facts = bookingFacts(booking, zone);
      if (prev && prev.serviceName !== booking.serviceName) facts.push(['Was', prev.serviceName]);
      if (moved) facts.push(['Was at', formatInZone(prev.startsAt, zone)]);
      return render(business, `Booking changed: ${booking.serviceName}, ${when}`, {
        paragraphs: [
          `Hello ${booking.customerName},`,
          moved
            ? `your booking at ${business.name} has moved from ${formatInZone(prev.startsAt, zone)} to ${when}. Here are the new details.${contact}`
            : `your booking at ${business.name} has changed. Here are the new details.${contact}`,
          ...manage.paragraphs,
        ],
        facts,
        action: manage.action,
      });
    }
    case 'cancelled':
      return render(business, `Booking cancelled: ${booking.serviceName}, ${when}`, {
        paragraphs: [`Hello ${booking.customerName},`, `your booking at ${business.name} on ${when} has been cancelled.${contact}`],
        facts: bookingFacts(booking, zone),
      });
    case 'reminder':
      return render(business, `Reminder: ${booking.serviceName}, ${when}`, {
        paragraphs: [`Hello ${booking.customerName},`, `a reminder of your booking at ${business.name}.${contact}`, ...manage.paragraphs],
        facts: bookingFacts(booking, zone),
        action: manage.action,
      });
  }
}
