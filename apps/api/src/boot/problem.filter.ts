import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { RequestContext } from '../access/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { DatabaseOutage } from '../common/database-outage.js';
import { isSafeMethod } from '../common/http-methods.js';
import { fieldsOf, toProblem } from '../common/problem.js';

/**
 * The one exception filter: every error leaves the API as application/problem+json with a stable
 * code. It also records every refusal (403) and every server error in the audit trail, with the
 * real actor and the impersonation if any: guards throw before any interceptor could see them.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');
  constructor(
    private readonly cls: ClsService,
    private readonly audit: AuditService,
    private readonly context: ImpersonationContext,
    private readonly request: RequestContext,
    private readonly outage: DatabaseOutage,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem: body, headers, unexpected, databaseUnavailable, unavailable } = toProblem(error);
    // An outage is logged once when it starts and once when it ends, not once per refused request;
    // and there is no audit row to write to a database that cannot be reached.
    if (databaseUnavailable) this.outage.failed(error);
    if (unexpected) this.logger.error({ msg: 'unhandled error', err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) });
    const meta = this.cls.isActive() ? this.request.meta : null;
    const principal = meta ? this.context.principal : null;
    // During impersonation every request is recorded (docs/ARCHITECTURE.md §5), and a refused one too: a
    // failed read (a 404 probe, a 400 query) and a failed write alike, since a refusal discloses as much
    // as a success (409 email_taken confirms a customer's e-mail, slot_taken shows a booking). The
    // write changed nothing, so the row is its own, outside the rolled-back transaction, under the
    // operator, with the problem code.
    const failedImpersonated = Boolean(principal?.impersonation) && meta?.activity !== false;
    if (meta && !unavailable && (body.status === 403 || body.status >= 500 || failedImpersonated)) {
      const params = (request.params ?? {}) as Record<string, string | undefined>;
      const target = failedImpersonated ? (params.id ?? params.userId ?? null) : null;
      await this.audit.recordSafely({
        action: meta.action,
        outcome: body.status === 403 || body.status === 401 ? 'denied' : 'error',
        businessId: meta.businessId ?? principal?.impersonation?.business.id ?? null,
        ...(target ? { targetType: meta.action.split('.')[0]!, targetId: target.replace(/\0/g, '').slice(0, 100) } : {}),
        status: body.status,
        details: {
          code: body.code,
          ...(failedImpersonated && !isSafeMethod(request.method) && body.code === 'validation_failed' ? { fields: fieldsOf(body) } : {}),
        },
      });
    }
    const requestId = (this.cls.isActive() && this.cls.getId()) || request.id;
    void reply
      .status(body.status)
      .headers({ 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...(headers ?? {}) })
      .send({ ...body, instance: request.url.split('?')[0], requestId });
  }
}
