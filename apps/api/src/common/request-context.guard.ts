import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ImpersonationContext } from '../impersonation/impersonation-context.js';

/** Audit action name of a handler: `BookingsController.create` → `bookings.create`. */
export function routeAction(context: ExecutionContext): string {
  const controller = context.getClass().name.replace(/Controller$/, '');
  return `${controller.charAt(0).toLowerCase()}${controller.slice(1)}.${context.getHandler().name}`;
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
      path: req.url.split('?')[0]!.slice(0, 500),
      ip: req.ip ?? null,
      userAgent: typeof ua === 'string' ? ua : null,
      action: routeAction(ctx),
    });
    return true;
  }
}
