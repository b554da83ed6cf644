import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ImpersonationContext } from '../impersonation/impersonation-context.js';
import { redactSecretsInPath } from './secret-urls.js';

const AUDIT_ACTION = 'booking:audit-action';
const AUDIT_RESOURCE = 'booking:audit-resource';

/** Names a handler's audit action outright (`settings.general.update`). */
export const AuditAction = (name: string) => SetMetadata(AUDIT_ACTION, name);
/** The singular noun a controller's actions start with (`booking` → `booking.list`, `booking.get`). */
export const AuditResource = (noun: string) => SetMetadata(AUDIT_RESOURCE, noun);

/**
 * Audit action name of a route, used for reads during impersonation and for refusals, so they read
 * like the writes' own rows (`booking.create`): the handler's @AuditAction, else the controller's
 * @AuditResource noun and the handler name, else `bookingsController.list` → `bookings.list`.
 */
export function routeAction(context: ExecutionContext): string {
  const handler = context.getHandler();
  const explicit = Reflect.getMetadata(AUDIT_ACTION, handler) as string | undefined;
  if (explicit) return explicit;
  const controller = context.getClass();
  const noun = (Reflect.getMetadata(AUDIT_RESOURCE, controller) as string | undefined) ?? lowerFirst(controller.name.replace(/Controller$/, ''));
  return `${noun}.${handler.name}`;
}

function lowerFirst(s: string): string {
  return `${s.charAt(0).toLowerCase()}${s.slice(1)}`;
}

/**
 * Step 0: record the request's facts (id, method, path, client) on the ImpersonationContext, so
 * every later step — including the error filter's audit of a denial — can name them.
 */
@Injectable()
export class RequestContextGuard implements CanActivate {
  constructor(private readonly context: ImpersonationContext) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const ua = req.headers['user-agent'];
    this.context.setRequestMeta({
      requestId: String(req.id),
      method: req.method,
      path: redactSecretsInPath(req.url.split('?')[0]!).slice(0, 500),
      ip: req.ip ?? null,
      userAgent: typeof ua === 'string' ? ua : null,
      action: routeAction(ctx),
    });
    return true;
  }
}
