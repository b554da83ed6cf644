import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { ACCESS_KEY, type RouteAccess } from '../access/access.decorators.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { RequestContext } from '../access/request-context.js';
import { AuditService } from './audit.service.js';
import { isSafeMethod } from '../common/http-methods.js';

/**
 * Step 5, after the handler: during impersonation every successful read is recorded under the
 * operator with the impersonation id (writes record themselves inside their own transaction). A
 * successful write that recorded nothing is a bug; it still gets a row here, and a loud log line.
 * Denials and errors are recorded by the ProblemFilter, which sees what the guards threw.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditInterceptor');
  constructor(
    private readonly audit: AuditService,
    private readonly context: ImpersonationContext,
    private readonly request: RequestContext,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          (async () => {
            await this.afterSuccess(ctx);
            return body;
          })(),
        ),
      ),
    );
  }

  private async afterSuccess(ctx: ExecutionContext): Promise<void> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const principal = this.context.principal;
    const meta = this.request.meta;
    if (!access || access.kind === 'public' || !principal || !meta) return;
    const req = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>();
    const status = ctx.switchToHttp().getResponse<FastifyReply>().statusCode;
    const target = req.params?.id ?? req.params?.userId ?? null;
    if (isSafeMethod(req.method)) {
      // Session polling (`activity: false`) shows nothing of the business, so it is not a "read".
      if (!principal.impersonation || !meta.activity) return;
      await this.audit.record(null, {
        action: meta.action,
        businessId: meta.businessId ?? principal.impersonation.business.id,
        targetType: target ? meta.action.split('.')[0]! : null,
        targetId: target,
        status,
      });
      return;
    }
    if (!this.request.auditedWrite) {
      this.logger.error({ msg: 'write without an audit row; recording after the fact', action: meta.action });
      await this.audit.record(null, { action: meta.action, businessId: meta.businessId ?? null, targetId: target, status, details: { lateRecord: true } });
    }
  }
}
