import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CODES, type ProblemCode } from '#contracts';
import { cookieNames } from '../access/cookie-names.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { isSafeMethod } from '../common/http-methods.js';
import { IDEMPOTENCY_EXEMPT_KEY } from '../idempotency/idempotency.decorators.js';
import { listRoutes, type DeclaredRoute } from '../access/route-inventory.js';
import { PROBLEMS_KEY, problemComponent, problemSchema, type ProblemMap } from '../common/openapi/problems.js';

/** The app's version, from the repository's package.json (found upwards from this file, in src/ and in dist/). */
export function appVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'booking-platform' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  throw new Error('package.json of booking-platform not found above ' + fileURLToPath(import.meta.url));
}

// An operation of the generated document, edited in place (swagger's own OperationObject is stricter than what it emits).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Operation = Record<string, any>;

/**
 * The codes the request pipeline itself can answer a route with, from what the route declares
 * (docs/ARCHITECTURE.md §8): sign-in and session (401), CSRF on unsafe cookie requests, the access
 * rule (§2), body and query validation, idempotency keys on POST, and server-side failures.
 */
export function pipelineProblems(route: DeclaredRoute, op: Operation, idempotent: boolean): ProblemMap {
  const map: Record<number, ProblemCode[]> = {};
  const add = (status: number, ...codes: ProblemCode[]) => (map[status] = [...(map[status] ?? []), ...codes]);
  const unsafe = !isSafeMethod(route.method);
  const access = route.access;
  // Every request: two session or XSRF cookies (cookie tossing) are refused before anything reads either.
  add(400, 'cookie_conflict');
  if (access && access.kind !== 'public') {
    add(401, 'authentication_required', 'session_revoked');
    add(403, 'impersonation_expired');
    if (unsafe) add(403, 'csrf_invalid');
  }
  if (access?.kind === 'operator') {
    add(403, 'operator_only');
    if (!access.whileImpersonating) add(403, 'impersonation_active');
  }
  if (access?.kind === 'business') {
    add(403, 'forbidden', 'impersonation_required', 'business_suspended');
    if (access.minRole === 'owner') add(403, 'owner_required');
    if (access.membersOnly) add(403, 'not_while_impersonating');
    if (unsafe && !route.allowReadOnly) add(403, 'read_only_impersonation');
    add(404, 'not_found');
  }
  const hasQuery = (op.parameters ?? []).some((p: { in?: string }) => p.in === 'query');
  if (hasQuery) add(400, 'validation_failed');
  if (unsafe) {
    // Whatever body an unsafe request carries is parsed first: malformed JSON (400 bad_request), nesting too
    // deep (400 body_too_deep), a content type without a parser (415) or too large (413).
    add(400, 'bad_request', 'body_too_deep');
    add(413, 'bad_request');
    add(415, 'bad_request');
  }
  if (op.requestBody) {
    add(400, 'validation_failed');
    // A value the database's own checks refuse (a NUL byte, a CHECK constraint): 422, nothing stored.
    add(422, 'validation_failed');
  }
  if (idempotent) {
    add(400, 'validation_failed');
    add(409, 'idempotency_key_in_flight');
    add(422, 'idempotency_key_reused');
  }
  // Every request: a Host outside PUBLIC_URL's allow-list (DNS rebinding) is 421.
  add(421, 'host_invalid');
  // Every request but the health check: past the per-client ceiling (RATE_LIMIT_MAX per window) it is 429, with Retry-After.
  if (!(route.method === 'GET' && /\/health$/.test(route.path))) add(429, 'rate_limited');
  add(500, 'internal_error');
  add(503, 'service_unavailable');
  return map;
}

/** POST routes take an Idempotency-Key unless declared exempt (sign-in: its answer is a credential). */
export function isIdempotentRoute(route: Pick<DeclaredRoute, 'method' | 'handlerFn'>): boolean {
  return route.method === 'POST' && !Reflect.getMetadata(IDEMPOTENCY_EXEMPT_KEY, route.handlerFn);
}

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key with the same request (path and body) within 24 hours returns the first answer (header Idempotent-Replayed: true) ' +
    'without doing the work again, even while the first request is still running; the same key with another request is 422 `idempotency_key_reused`. ' +
    'Scoped to the signed-in user (anonymous routes: the client address). 1–255 visible ASCII characters, e.g. a UUID.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Refused',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Unsupported content type',
  421: 'Misdirected (Host not allowed)',
  422: 'Unprocessable',
  429: 'Too many requests',
  500: 'Server error',
  503: 'Unavailable',
};

/**
 * Builds the OpenAPI 3.1 document from the controllers' decorators, then adds what the decorators
 * cannot say on their own: per route and status the problem schema with its `code` enum, and `additionalProperties: false` on every object schema (the
 * API refuses unknown request fields and sends no undocumented response field; the contract test
 * holds it to that).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const sessionCookie = cookieNames(app.get<AppConfig>(APP_CONFIG).cookieSecure).session;
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Booking platform API')
    .setDescription(
      'Operators manage businesses and may impersonate them; owners and staff run their business. ' +
        'Every error is application/problem+json with a stable `code` (each operation lists its possible codes per status). ' +
        'Authenticate with the session cookie (browser; unsafe methods need the X-XSRF-TOKEN header echoing the XSRF-TOKEN cookie, named __Host-XSRF-TOKEN over TLS) ' +
        'or with a Bearer token from POST /api/auth/token (no CSRF needed). Each operation lists its access rule in `x-access`. ' +
        'POSTs accept an Idempotency-Key header for safe retries.',
    )
    .setVersion(appVersion())
    .addCookieAuth(sessionCookie, { type: 'apiKey', in: 'cookie', name: sessionCookie }, 'session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Explicit `@ApiOperation({ operationId })` wins; this fallback is refused by the OpenAPI test, so every id is chosen on purpose.
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  for (const route of listRoutes(app)) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op = (document.paths[path] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];
    if (!op) continue;
    const idempotent = isIdempotentRoute(route);
    const declared: ProblemMap = { ...(Reflect.getMetadata(PROBLEMS_KEY, route.controllerType) ?? {}) };
    for (const [status, codes] of Object.entries(Reflect.getMetadata(PROBLEMS_KEY, route.handlerFn) ?? {})) {
      declared[Number(status)] = [...(declared[Number(status)] ?? []), ...(codes as ProblemCode[])];
    }
    const all: Record<number, ProblemCode[]> = {};
    for (const map of [pipelineProblems(route, op, idempotent), declared]) {
      for (const [status, codes] of Object.entries(map)) all[Number(status)] = [...(all[Number(status)] ?? []), ...(codes ?? [])];
    }
    op.responses = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([status]) => Number(status) < 400));
    for (const status of Object.keys(all)
      .map(Number)
      .sort((a, b) => a - b)) {
      const codes = [...new Set(all[status])].sort();
      op.responses[String(status)] = {
        description: `${STATUS_TEXT[status] ?? 'Error'}: ${codes.map((c) => `\`${c}\``).join(', ')}`,
        content: { 'application/problem+json': { schema: problemSchema(status, codes) } },
      };
    }
    if (op.parameters) op.parameters = inPathOrder(path, op.parameters);
    if (idempotent) op.parameters = [...(op.parameters ?? []), IDEMPOTENCY_HEADER];
  }
  closeObjects(document.components?.schemas ?? {});
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: problemComponent(PROBLEM_CODES) as never } };
  return document;
}

/**
 * The path's own parameters first, in the order the path names them, then the others as they came.
 * A path parameter only declared with `@ApiParam` (a handler that takes the business as `@Scope()`
 * rather than `@Param`) would otherwise follow the query's.
 */
function inPathOrder(path: string, parameters: { in?: string; name?: string }[]): { in?: string; name?: string }[] {
  const named = [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => parameters.find((p) => p.in === 'path' && p.name === m[1]));
  const first = named.filter((p): p is { in?: string; name?: string } => p !== undefined);
  return [...first, ...parameters.filter((p) => !first.includes(p))];
}

function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.properties && typeof schema.properties === 'object' && schema.additionalProperties === undefined) schema.additionalProperties = false;
  for (const value of Object.values(schema)) closeObjects(value);
}
