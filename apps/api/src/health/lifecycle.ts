import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { RETRY_AFTER_SECONDS, toProblem } from '../common/problem.js';

/**
 * Whether this instance is leaving. On SIGTERM readiness fails first (/api/health answers 503, so a
 * load balancer stops routing here), every response carries `Connection: close` so keep-alive
 * clients move to another instance after their current request, and in-flight work finishes.
 */
@Injectable()
export class Lifecycle {
  private drainingSince: number | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }
}

/** A problem+json reply sent from a Fastify hook (outside Nest's filter). */
export function sendProblem(req: FastifyRequest, reply: FastifyReply, error: DomainError): FastifyReply {
  const { problem, headers } = toProblem(error);
  return reply
    .status(problem.status)
    .headers({ 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...(headers ?? {}) })
    .send({ ...problem, instance: req.url.split('?')[0], requestId: String(req.id) });
}

/**
 * Every request has a deadline. Database calls have their own shorter limits (connect, statement,
 * read), so this is the backstop for anything else that could leave a client waiting: past it the
 * client gets 503 `service_unavailable` with Retry-After instead of a hang.
 */
export function installRequestLifecycle(fastify: FastifyInstance, lifecycle: Lifecycle, requestMs: number): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent || reply.raw.headersSent) return;
      req.log.warn({ msg: 'request deadline passed', method: req.method, path: req.url.split('?')[0], deadlineMs: requestMs });
      sendProblem(
        req,
        reply,
        new DomainError(
          503,
          'service_unavailable',
          `The request did not finish within ${requestMs} ms; retry shortly`,
          {},
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        ),
      );
    }, requestMs);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
    reply.raw.once('finish', () => clearTimeout(timer));
    done();
  });
  fastify.addHook('onSend', async (_req, reply, payload) => {
    if (lifecycle.draining) reply.header('connection', 'close');
    return payload;
  });
}
