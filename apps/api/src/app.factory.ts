import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { DomainError } from './common/domain-error.js';
import { toProblem } from './common/problem.filter.js';
import { assertEveryRouteDeclaresAccess } from './common/route-audit.js';
import { createPino, JsonLogger } from './common/json-logger.js';
import type { AppConfig } from './config/app-config.js';
import type { DatabaseOptions } from './database/database.module.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Builds the whole application (used by main.ts and by the integration tests, so both run the same
 * pipeline): Fastify with its own plugins, the Nest app under /api, OpenAPI at /api/docs, and the
 * built admin at / with deep links falling back to index.html.
 */
export async function createApp(config: AppConfig, db: DatabaseOptions = {}): Promise<NestFastifyApplication> {
  const logger = createPino(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Fastify takes a hop count too (its adapter's type omits it).
    trustProxy: config.trustProxy as string[] | false,
    bodyLimit: 256 * 1024,
    // Accept an upstream request id only if it looks like one; otherwise mint our own.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter, {
    logger: new JsonLogger(logger),
    bufferLogs: false,
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  await app.register(fastifyCookie as never);
  await app.register(fastifyHelmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Angular sets inline style attributes; the business logo may come from any https host.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    hsts: config.cookieSecure,
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', String(req.id));
    if (req.url.startsWith('/api/')) reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    return payload;
  });

  const openApi = new DocumentBuilder()
    .setTitle('Booking platform API')
    .setDescription(
      'Operators manage businesses and may impersonate them; owners and staff run their business. ' +
        'Every error is application/problem+json with a stable `code`. Authenticate with the session cookie (browser; unsafe methods need the ' +
        'X-XSRF-TOKEN header echoing the XSRF-TOKEN cookie) or with a Bearer token from POST /api/auth/token (no CSRF needed). ' +
        'Each operation lists its access rule in `x-access`.',
    )
    .setVersion('1.0')
    .addCookieAuth('sid', { type: 'apiKey', in: 'cookie', name: 'sid' }, 'session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs-json' });

  // Checked once at start-up: the admin is built before the server starts, never during.
  const hasAdmin = existsSync(join(config.adminDir, 'index.html'));
  if (hasAdmin) {
    await app.register(fastifyStatic as never, { root: config.adminDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  // Deep links into the admin (/b/acme-hair/calendar) get index.html and the app's router decides;
  // built files are matched first by @fastify/static. Unknown /api paths stay problem+json 404s.
  fastify.get('/*', (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    if (path === '/api' || path.startsWith('/api/') || !hasAdmin) {
      const { problem } = toProblem(new DomainError(404, 'not_found', `No route for GET ${path}`));
      return reply
        .status(404)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({ ...problem, instance: path, requestId: String(req.id) });
    }
    return (reply as FastifyReply & { sendFile(file: string): FastifyReply }).header('cache-control', 'no-cache').sendFile('index.html');
  });
  await app.init();
  assertEveryRouteDeclaresAccess(app);
  return app;
}
