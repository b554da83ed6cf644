import type { BusinessRole, BusinessStatus, UserKind } from '#contracts';

/** The live impersonation of a session, as loaded from its row on this request. */
export interface ActiveImpersonation {
  id: string;
  business: {
    id: string;
    slug: string;
    name: string;
    status: BusinessStatus;
    timeZone: string;
    currency: string;
    primaryColor: string | null;
    logoUrl: string | null;
  };
  role: BusinessRole;
  readOnly: boolean;
  reason: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * Who is calling, resolved once per request by the SessionGuard from the session row — never from
 * anything the client holds. `user` is always the real person; during impersonation it stays the
 * operator, and `impersonation` says in which business and with which role they act.
 */
export interface Principal {
  user: { id: string; email: string; name: string; kind: UserKind };
  sessionId: string;
  transport: 'cookie' | 'bearer';
  impersonation: ActiveImpersonation | null;
}
