import 'reflect-metadata';
import { Controller, Get, Post, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.js';
import { AllowReadOnly, BusinessAccess, OperatorOnly } from './access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AccessGuard } from './access.guard.js';
import type { ImpersonationContext } from './impersonation-context.js';
import type { RequestContext } from './request-context.js';

const ACME = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

@Controller()
class Probe {
  @Get() @BusinessAccess({ minRole: 'staff' }) read() {}
  @Post() @BusinessAccess({ minRole: 'staff' }) write() {}
  @Post() @BusinessAccess({ minRole: 'owner' }) ownerWrite() {}
  @Post() @BusinessAccess({ minRole: 'staff' }) @AllowReadOnly() harmlessWrite() {}
  @Post() @BusinessAccess({ minRole: 'owner', membersOnly: true }) membersOnlyWrite() {}
  @Get() @OperatorOnly() operatorRead() {}
  @Post() @OperatorOnly({ whileImpersonating: true }) switchImpersonation() {}
  @Get() undeclared() {}
}

type Handler = keyof Probe;
const METHOD: Record<Handler, string> = {
  read: 'GET',
  write: 'POST',
  ownerWrite: 'POST',
  harmlessWrite: 'POST',
  membersOnlyWrite: 'POST',
  operatorRead: 'GET',
  switchImpersonation: 'POST',
  undeclared: 'GET',
};

function principal(kind: 'operator' | 'business', impersonation?: { businessId: string; role: 'owner' | 'staff'; readOnly?: boolean }): Principal {
  return {
    user: { id: 'u1', email: 'x@y.z', name: 'X', kind },
    sessionId: 's1',
    transport: 'cookie',
    impersonation: impersonation
      ? {
          id: 'i1',
          business: {
            id: impersonation.businessId,
            slug: 'acme',
            name: 'Acme',
            status: 'active',
            timeZone: 'UTC',
            currency: 'EUR',
            primaryColor: null,
            logoUrl: null,
          },
          role: impersonation.role,
          readOnly: impersonation.readOnly ?? false,
          reason: null,
          startedAt: new Date(),
          lastSeenAt: new Date(),
          expiresAt: new Date(Date.now() + 3_600_000),
        }
      : null,
  };
}

/** Runs the real guard with a real Reflector over a fake request; memberships come from `member`. */
async function decide(handler: Handler, who: Principal, member: { role: 'owner' | 'staff' | null; status?: string } = { role: null }) {
  // What the session guard's statement read for the route's business (SessionsRepository.loadLive).
  const routeBusiness = {
    id: ACME,
    row: { slug: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'EUR', status: (member.status ?? 'active') as 'active' | 'suspended' },
    memberRole: member.role,
  };
  // The session guard loaded the impersonated business's row in the same request: the same status.
  if (who.impersonation?.business.id === ACME)
    who = {
      ...who,
      impersonation: { ...who.impersonation, business: { ...who.impersonation.business, status: (member.status ?? 'active') as 'active' | 'suspended' } },
    };
  const context = { require: () => who, setScope: () => undefined } as unknown as ImpersonationContext;
  const request = { setBusiness: () => undefined } as unknown as RequestContext;
  const guard = new AccessGuard(new Reflector(), context, request);
  const exec = {
    getHandler: () => Probe.prototype[handler],
    getClass: () => Probe,
    switchToHttp: () => ({ getRequest: () => ({ method: METHOD[handler], params: { businessId: ACME }, routeBusiness }) }),
  } as unknown as ExecutionContext;
  try {
    return guard.canActivate(exec);
  } catch (err) {
    if (err instanceof DomainError) return `${err.status} ${err.code}`;
    throw err;
  }
}

describe('AccessGuard walks docs/ARCHITECTURE.md §2 row by row', () => {
  const staff = principal('business');
  const operator = principal('operator');
  const table: [string, Handler, Principal, { role: 'owner' | 'staff' | null; status?: string }, true | string][] = [
    ['staff reads own business', 'read', staff, { role: 'staff' }, true],
    ['staff writes own business', 'write', staff, { role: 'staff' }, true],
    ['staff changes settings', 'ownerWrite', staff, { role: 'staff' }, '403 owner_required'],
    ['owner changes settings', 'ownerWrite', staff, { role: 'owner' }, true],
    ['non-member reads', 'read', staff, { role: null }, '403 forbidden'],
    ['member of a suspended business', 'read', staff, { role: 'owner', status: 'suspended' }, '403 business_suspended'],
    ['business user on an operator route', 'operatorRead', staff, { role: 'owner' }, '403 operator_only'],
    ['operator reads a business without impersonating', 'read', operator, { role: null }, '403 impersonation_required'],
    ['operator on an operator route', 'operatorRead', operator, { role: null }, true],
    ['impersonating as owner: settings', 'ownerWrite', principal('operator', { businessId: ACME, role: 'owner' }), { role: null }, true],
    ['impersonating as staff: settings', 'ownerWrite', principal('operator', { businessId: ACME, role: 'staff' }), { role: null }, '403 owner_required'],
    ['impersonating as staff: a booking write', 'write', principal('operator', { businessId: ACME, role: 'staff' }), { role: null }, true],
    ['impersonating read-only: read', 'read', principal('operator', { businessId: ACME, role: 'owner', readOnly: true }), { role: null }, true],
    [
      'impersonating read-only: write',
      'write',
      principal('operator', { businessId: ACME, role: 'owner', readOnly: true }),
      { role: null },
      '403 read_only_impersonation',
    ],
    [
      'impersonating read-only: a write marked harmless',
      'harmlessWrite',
      principal('operator', { businessId: ACME, role: 'owner', readOnly: true }),
      { role: null },
      true,
    ],
    ['impersonating another business', 'read', principal('operator', { businessId: OTHER, role: 'owner' }), { role: null }, '403 forbidden'],
    ['impersonating: operator route', 'operatorRead', principal('operator', { businessId: ACME, role: 'owner' }), { role: null }, '403 impersonation_active'],
    ['impersonating: switch to another business', 'switchImpersonation', principal('operator', { businessId: ACME, role: 'owner' }), { role: null }, true],
    [
      'impersonating a suspended business: read (troubleshooting)',
      'read',
      principal('operator', { businessId: ACME, role: 'owner' }),
      { role: null, status: 'suspended' },
      true,
    ],
    [
      'impersonating a suspended business: write',
      'write',
      principal('operator', { businessId: ACME, role: 'owner' }),
      { role: null, status: 'suspended' },
      '403 business_suspended',
    ],
    [
      'impersonating a suspended business: settings',
      'ownerWrite',
      principal('operator', { businessId: ACME, role: 'owner' }),
      { role: null, status: 'suspended' },
      '403 business_suspended',
    ],
    [
      'impersonating a suspended business: a write marked harmless',
      'harmlessWrite',
      principal('operator', { businessId: ACME, role: 'owner' }),
      { role: null, status: 'suspended' },
      true,
    ],
    ['owner on a members-only route (support access)', 'membersOnlyWrite', staff, { role: 'owner' }, true],
    ['staff on a members-only route', 'membersOnlyWrite', staff, { role: 'staff' }, '403 owner_required'],
    [
      'impersonating as owner: a members-only route',
      'membersOnlyWrite',
      principal('operator', { businessId: ACME, role: 'owner' }),
      { role: null },
      '403 not_while_impersonating',
    ],
    [
      'impersonating another business: a members-only route',
      'membersOnlyWrite',
      principal('operator', { businessId: OTHER, role: 'owner' }),
      { role: null },
      '403 forbidden',
    ],
    ['a route with no declaration fails closed', 'undeclared', operator, { role: null }, '500 internal_error'],
  ];
  it.each(table)('%s', async (_name, handler, who, member, want) => {
    expect(await decide(handler, who, member)).toBe(want);
  });
});
