import { InjectableProxy } from 'nestjs-cls';
import type { AuditActionName } from '#contracts';

/** Facts about the HTTP request, captured when the request context opens. */
export interface RequestMeta {
  /** Our own id for the request (never one a client chose). */
  requestId: string;
  /** X-Request-Id from a trusted proxy (TRUST_PROXY), kept beside ours. */
  upstreamRequestId?: string | null;
  method: string;
  path: string;
  ip: string | null;
  userAgent: string | null;
  /** Audit action name of the route (`booking.create`), from libs/contracts ROUTE_AUDIT_ACTIONS. */
  action: AuditActionName;
  /** False for session polling (GET /api/auth/me): not impersonation activity, not an audited read. */
  activity: boolean;
  /** The business the route acts on, once the access guard has found it. */
  businessId?: string;
}

/**
 * The request's own facts (id, client, the route's audit action, the business it acts on) and what
 * happened to it so far, for every later step: the audit rows, the error filter's audit of a
 * denial (docs/ARCHITECTURE.md §8). Who acts is ImpersonationContext's question, not this one's.
 * A nestjs-cls proxy provider like it: singletons inject it, each request sees its own instance.
 */
@InjectableProxy()
export class RequestContext {
  private metaValue: RequestMeta | null = null;
  /**
   * This request's write recorded its own audit row inside its transaction (AuditService.record);
   * the audit interceptor records after the fact, loudly, a successful write that did not.
   */
  auditedWrite = false;

  /** Step 0 of the pipeline (RequestContextGuard). */
  open(meta: RequestMeta): void {
    this.metaValue = meta;
  }
  /** The request's facts, or null before step 0 (a request refused by Fastify itself). */
  get meta(): RequestMeta | null {
    return this.metaValue;
  }
  /** The business the request acts on, for the audit rows about it (the access guard, impersonation start). */
  setBusiness(businessId: string): void {
    if (this.metaValue) this.metaValue.businessId = businessId;
  }
}
