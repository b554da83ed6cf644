import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import { basename } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { DomainError } from './common/domain-error.js';
import { registerImageBodyParser, registerJsonBodyParser } from './common/json-body.js';
import { publicOriginOf, registerHostCheck } from './common/host-check.js';
import { trustedPeer } from './common/proxy-trust.js';
import { cookieNames, registerDuplicateCookieCheck } from './access/cookie-names.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { toProblem } from './common/problem.js';
import { redactUrlForLog } from './common/secret-urls.js';
import { assertEveryRouteDeclaresAccess, assertEveryRouteNamesItsAuditAction } from './access/route-inventory.js';
import { createPino, JsonLogger } from './common/json-logger.js';
import type { AppConfig } from './config/app-config.js';
import type { DatabaseOptions } from './database/database.module.js';
import { installRequestLifecycle, Lifecycle } from './health/lifecycle.js';

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * The Angular build names every script and stylesheet after a hash of its content
 * (`main-3KXQ2ZPL.js`, `chunk-B_Iqu0I-.js`, `media/…`): such a file never changes, so browsers may
 * keep it for a year without asking. Everything else (index.html, favicon) names the current
 * build and must be revalidated on every visit, or a deploy would leave people on old chunks.
 */
const HASHED_ASSET =
  /^(?:chunk|main|polyfills|styles|worker)-[A-Za-z0-9_-]{8}\.(?:js|css|mjs)$|^[A-Za-z0-9_.-]+-[A-Z0-9]{8}\.(?:woff2?|ttf|svg|png|jpe?g|webp|gif)$/;

/**
 * One log line per request, written when it completes ("GET /api/auth/me 200 4ms", with method,
 * url, status and time as fields), instead of Fastify's two ("incoming request" and "request
 * completed"); 5xx and aborted requests at `error`.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const ms = Math.round(reply.elapsedTime);
    // A manage link carries the customer's token in its path, a search its terms (customers' names):
    // neither reaches a log line.
    const url = redactUrlForLog(request.url);
    const fields = {
      req: { method: request.method, url },
      res: { statusCode: status },
      responseTime: ms,
      ...(request.upstreamRequestId ? { upstreamRequestId: request.upstreamRequestId } : {}),
    };
    const line = `${request.method} ${url} ${status} ${ms}ms`;
    if (error || status >= 500) reply.log.error({ ...fields, err: error ?? undefined }, line);
    else reply.log.info(fields, line);
  }
}

/**
 * `X-Request-Id` as sent by a proxy named in TRUST_PROXY (and shaped like an id) is kept as
 * `request.upstreamRequestId`: logged and audited beside our own id, never instead of it. From
 * anyone else the header is ignored.
 */
function registerUpstreamRequestId(fastify: FastifyInstance, trusted: (peer: string | undefined) => boolean): void {
  fastify.decorateRequest('upstreamRequestId', null);
  fastify.addHook('onRequest', async (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given) && trusted(req.socket.remoteAddress)) req.upstreamRequestId = given;
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The X-Request-Id a trusted proxy sent, if any (never the request's own id). */
    upstreamRequestId: string | null;
  }
}

export function assetCacheControl(filePath: string): string {
  return HASHED_ASSET.test(basename(filePath)) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Builds the whole application (used by main.ts and by the integration tests, so both run the same
 * pipeline): Fastify with its own plugins, the Nest app under /api, OpenAPI at /api/docs, and the
 * built admin at / with deep links falling back to index.html.
 */
export interface CreateAppOptions {
  /** Sees every response just before it is sent, uncompressed (the integration tests check each against the OpenAPI document). */
  inspectResponse?: (req: FastifyRequest, reply: FastifyReply, payload: unknown) => void;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

export async function createApp(config: AppConfig, db: DatabaseOptions = {}, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = createPino(config.logLevel, config.logFormat, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new OneLinePerRequest(),
    // A hop count trusts the nearest N peers whatever their address (Fastify's own numeric option
    // trusts none), so it is only for deployments where clients cannot reach the app directly.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 256 * 1024,
    // Shutdown is ours (main.ts): requests on open connections are served to the end, never a bare 503.
    return503OnClosing: false,
    // Always our own id: a client-chosen one would become the audit row's request id. An upstream
    // id from a trusted proxy is kept beside it (upstreamRequestId, below).
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter, {
    logger: new JsonLogger(logger),
    bufferLogs: false,
    // Our own JSON parser (registerJsonBodyParser) refuses deep nesting; Nest would replace it with its own.
    bodyParser: false,
    // A failed start-up is thrown to the caller (main.ts classifies it) instead of aborting the process.
    abortOnError: false,
  });
  app.setGlobalPrefix('api');

  // Registered before compression, so the inspector sees the body as the handler produced it.
  const inspect = options.inspectResponse;
  if (inspect) {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (req, reply, payload) => {
        inspect(req, reply, payload);
        return payload;
      });
  }

  // Brotli for browsers that ask (all current ones), gzip otherwise, for the admin's files and the
  // API's JSON alike. Quality 5 rather than brotli's default 11: files are compressed per request,
  // and 11 costs ~10× the CPU for a few per cent smaller output.
  await app.register(fastifyCompress as never, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
    zlibOptions: { level: 6 },
  });
  await app.register(fastifyCookie as never);
  await app.register(fastifyHelmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Angular sets inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Images only from here: logos are uploaded and served by us, so no third party's server
        // learns who viewed a page (an operator impersonating, a customer booking) and when.
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Only when the public origin is https: on http://localhost (compose's trial) an upgrade would break the page.
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: config.publicUrl.startsWith('https:'),
  });

  // A ceiling per client address (as TRUST_PROXY resolves it) on every route, far above what a
  // person or a script needs, under the sign-in throttle and the public booking limits. Counted in
  // each replica's memory: with N replicas a client may reach N times the ceiling. The health check
  // is exempt, for load balancers' probes.
  await app.register(fastifyRateLimit as never, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowSeconds * 1000,
    allowList: (req: FastifyRequest) => req.method === 'GET' && req.url.split('?')[0] === '/api/health',
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new DomainError(
        429,
        'rate_limited',
        `Too many requests from this address; retry in ${seconds} s`,
        { retryAfterSeconds: seconds },
        { 'retry-after': String(seconds) },
      );
    },
  });

  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  registerImageBodyParser(fastify);
  installRequestLifecycle(fastify, app.get(Lifecycle), config.timeouts.requestMs);
  registerHostCheck(fastify, publicOriginOf(config));
  registerUpstreamRequestId(fastify, trustedPeer(config.trustProxy));
  registerDuplicateCookieCheck(fastify, cookieNames(config.cookieSecure));
  fastify.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', String(req.id));
    if (req.url.startsWith('/api/')) reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    return payload;
  });

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });

  // Checked once at start-up: the admin is built before the server starts, never during.
  const hasAdmin = existsSync(join(config.adminDir, 'index.html'));
  if (hasAdmin) {
    await app.register(fastifyStatic as never, {
      root: config.adminDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (reply: FastifyReply, filePath: string) => void reply.header('cache-control', assetCacheControl(filePath)),
    });
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
  assertEveryRouteNamesItsAuditAction(app);
  return app;
}
