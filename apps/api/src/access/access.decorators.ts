import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension } from '@nestjs/swagger';
import type { BusinessRole } from '#contracts';

/**
 * Who may call a route, declared once on the handler (or controller) and enforced by the global
 * AccessGuard. A route without a declaration does not serve: the app refuses to start (see
 * assertEveryRouteDeclaresAccess) and the guard denies at run time as a second line.
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'operator'; whileImpersonating: boolean }
  | { kind: 'business'; minRole: BusinessRole; param: string; membersOnly?: boolean };

export const ACCESS_KEY = 'booking:access';
export const ALLOW_READ_ONLY_KEY = 'booking:allow-read-only';

// The problems each rule can answer with (401, 403, 404) are added to the OpenAPI document from this same
// declaration (common/openapi/document.ts, pipelineProblems), so the two cannot drift.
const authDocs = () => [ApiCookieAuth('session'), ApiBearerAuth('bearer')];

/** No sign-in needed (sign-in itself, health). */
export const Public = () => applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies RouteAccess), ApiExtension('x-access', 'public'));

/** Any signed-in person, operator or business user, impersonating or not. */
export const Authenticated = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies RouteAccess), ApiExtension('x-access', 'authenticated'), ...authDocs());

/**
 * Platform operators acting as themselves. While impersonating, an operator is the business user
 * and nothing more, so these answer 403 `impersonation_active` — unless `whileImpersonating` (start
 * another impersonation, i.e. switch; exit).
 */
export const OperatorOnly = (opts: { whileImpersonating?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'operator', whileImpersonating: opts.whileImpersonating ?? false } satisfies RouteAccess),
    ApiExtension('x-access', opts.whileImpersonating ? 'operator (also while impersonating)' : 'operator'),
    ...authDocs(),
  );

/**
 * Members of the business named by the `:businessId` path parameter with at least `minRole`, or an
 * operator impersonating that business with such a role. Plain operators get 403
 * `impersonation_required`; writes in a read-only impersonation get 403 `read_only_impersonation`.
 *
 * `membersOnly`: the business's own members alone, never an operator acting inside it (403
 * `not_while_impersonating`): for decisions that are the business's to make about the platform
 * itself, such as granting support access, which an operator must not be able to grant to themselves.
 */
export const BusinessAccess = (opts: { minRole: BusinessRole; param?: string; membersOnly?: boolean }) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, {
      kind: 'business',
      minRole: opts.minRole,
      param: opts.param ?? 'businessId',
      ...(opts.membersOnly ? { membersOnly: true } : {}),
    } satisfies RouteAccess),
    ApiExtension('x-access', `business ${opts.minRole}${opts.membersOnly ? ' (members only, not while impersonating)' : ''}`),
    ...authDocs(),
  );

/** A write that a read-only impersonation may still perform (none of the business's data changes). */
export const AllowReadOnly = () => SetMetadata(ALLOW_READ_ONLY_KEY, true);
