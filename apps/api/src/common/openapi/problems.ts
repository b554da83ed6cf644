import type { ProblemCode } from '#contracts';

export const PROBLEMS_KEY = 'booking:problems';

/** The problem codes a route can answer with, by HTTP status. */
export type ProblemMap = Partial<Record<number, readonly ProblemCode[]>>;

/**
 * Declares the problems a handler itself (its service, its pipes) can answer with, by status:
 * `@ApiProblems({ 404: ['not_found'], 409: ['slot_taken'] })`. The codes the request pipeline adds
 * (sign-in, CSRF, access rule, body validation, idempotency, server errors) are derived from the
 * route's declarations when the document is built (see pipelineProblems), so a route lists only
 * its own. The OpenAPI document then carries, per route and status, a problem schema whose `code`
 * is an enum of exactly those values; the contract test refuses any other.
 */
export function ApiProblems(map: ProblemMap): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const on = descriptor ? (descriptor.value as object) : target;
    const current: ProblemMap = Reflect.getMetadata(PROBLEMS_KEY, on) ?? {};
    const merged: Record<number, ProblemCode[]> = {};
    for (const [status, codes] of [...Object.entries(current), ...Object.entries(map)]) {
      merged[Number(status)] = [...new Set([...(merged[Number(status)] ?? []), ...(codes ?? [])])];
    }
    Reflect.defineMetadata(PROBLEMS_KEY, merged, on);
  };
}

type Schema = Record<string, unknown>;

const FIELD_ERRORS: Schema = {
  type: 'array',
  description: 'One entry per refused field',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['field', 'messages'],
    properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
  },
};

/**
 * Extra members a problem carries for some codes (RFC 9457 extensions). A code that adds a member
 * must be listed here, or the contract test refuses the response as having an undocumented field.
 */
export const PROBLEM_EXTENSIONS: Partial<Record<ProblemCode, Record<string, Schema>>> = {
  validation_failed: { errors: FIELD_ERRORS },
  invalid_return_to: { errors: FIELD_ERRORS },
  impersonation_expired: {
    limit: {
      type: 'string',
      enum: ['absolute', 'idle', 'support_access_revoked', 'support_access_expired'],
      description: 'What ended the impersonation: its absolute or idle time limit, or (granted mode) the owner revoked support access or the grant ran out',
    },
    limitMinutes: { type: 'integer', description: 'That time limit, in minutes (absolute and idle only)' },
    business: {
      type: 'object',
      description: 'The business the impersonation was in',
      additionalProperties: false,
      required: ['id', 'slug', 'name'],
      properties: { id: { type: 'string', format: 'uuid' }, slug: { type: 'string' }, name: { type: 'string' } },
    },
  },
  invalid_time_zone: { errors: FIELD_ERRORS },
  slot_taken: {
    nextFreeTimes: {
      type: 'array',
      description: 'The next free times for the same service (public booking page)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['startsAt', 'endsAt', 'resourceIds'],
        properties: {
          startsAt: { type: 'string', format: 'date-time' },
          endsAt: { type: 'string', format: 'date-time' },
          resourceIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
        },
      },
    },
    slot: {
      type: 'object',
      description: 'The live booking that holds the slot',
      additionalProperties: false,
      required: ['resourceId', 'resourceName', 'startsAt', 'endsAt'],
      properties: {
        resourceId: { type: 'string', format: 'uuid' },
        resourceName: { type: ['string', 'null'] },
        startsAt: { type: 'string', format: 'date-time' },
        endsAt: { type: 'string', format: 'date-time' },
      },
    },
  },
  rate_limited: { retryAfterSeconds: { type: 'integer', minimum: 0, description: 'Also sent as the Retry-After header' } },
  access_request_throttled: { retryAfterSeconds: { type: 'integer', minimum: 0, description: 'Also sent as the Retry-After header' } },
};

/**
 * The RFC 9457 problem body this API sends (components/schemas/Problem): every member it can carry,
 * nothing else. Extension members are optional; PROBLEM_EXTENSIONS says which codes carry them.
 */
export function problemComponent(allCodes: readonly ProblemCode[]): Schema {
  const extensions: Record<string, Schema> = {};
  for (const members of Object.values(PROBLEM_EXTENSIONS)) Object.assign(extensions, members);
  return {
    type: 'object',
    description: 'RFC 9457 problem details (application/problem+json). Switch on `code`; each operation lists the codes it can answer with, per status.',
    additionalProperties: false,
    required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'],
    properties: {
      type: { type: 'string', description: 'A URI naming the problem type' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string', description: 'For people; the wording may change. Switch on `code`.' },
      code: { type: 'string', enum: [...allCodes], description: 'Stable, machine-readable' },
      instance: { type: 'string', description: 'The request path' },
      requestId: { type: 'string', description: 'Also the X-Request-Id response header; quote it in support requests' },
      ...extensions,
    },
  };
}

/** A route's problem body for one status: the Problem, its `status` and `code` narrowed to what this route can answer. */
export function problemSchema(status: number, codes: readonly ProblemCode[]): Schema {
  return {
    allOf: [
      { $ref: '#/components/schemas/Problem' },
      {
        type: 'object',
        required: ['code', 'status'],
        properties: { status: { type: 'integer', enum: [status] }, code: { type: 'string', enum: [...new Set(codes)].sort() } },
      },
    ],
  };
}
