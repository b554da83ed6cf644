import 'reflect-metadata';
import { Controller, Get, Post, type INestApplication } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, ROUTE_AUDIT_ACTIONS, ROUTE_CAPABILITIES } from '#contracts';
import { Authenticated, Public } from './access.decorators.js';
import { assertEveryRouteNamesItsAuditAction, routeAuditFor } from './route-inventory.js';

// Two routes the map names (whatever the classes and handlers are called) and one it does not.
@Controller('auth')
class RenamedAuth {
  @Get('me') @Authenticated() whoAmINow() {}
}
@Controller('health')
class RenamedHealth {
  @Get() @Public() ping() {}
}
@Controller('businesses/:businessId/widgets')
class Unmapped {
  @Post() @Authenticated() create() {}
}

/** The compiled module stands in for the app: the route listing only asks it for Nest's discovery services. */
async function appWith(...controllers: Function[]): Promise<INestApplication> {
  const module = await Test.createTestingModule({ imports: [DiscoveryModule], controllers: controllers as never[] }).compile();
  return module as unknown as INestApplication;
}

describe('audit action names come from libs/contracts ROUTE_AUDIT_ACTIONS, keyed by METHOD path', () => {
  it('names a route by its method and path, never by its class or handler name', () => {
    expect(routeAuditFor(RenamedAuth, RenamedAuth.prototype.whoAmINow)).toEqual({ action: 'auth.me', activity: false });
    expect(routeAuditFor(RenamedHealth, RenamedHealth.prototype.ping)).toEqual({ action: 'health.check', activity: true });
    expect(routeAuditFor(Unmapped, Unmapped.prototype.create)).toBeNull();
  });

  it('only session polling is flagged as not activity', () => {
    const notActivity = Object.entries(ROUTE_AUDIT_ACTIONS)
      .filter(([, entry]) => typeof entry !== 'string')
      .map(([route]) => route);
    expect(notActivity).toEqual(['GET /api/auth/me']);
  });

  it('a route missing from the map stops the app from booting, naming the route and the file to edit', async () => {
    const good = await appWith(RenamedAuth, RenamedHealth);
    expect(() => assertEveryRouteNamesItsAuditAction(good)).not.toThrow();
    await good.close();
    const bad = await appWith(RenamedAuth, Unmapped);
    expect(() => assertEveryRouteNamesItsAuditAction(bad)).toThrow(
      /ROUTE_AUDIT_ACTIONS in libs\/contracts\/src\/audit-actions\.ts.*'POST \/api\/businesses\/:businessId\/widgets' \(Unmapped\.create\)/,
    );
    await bad.close();
  });

  it('the audit map and the permission table name the same routes, and every name is a known action', () => {
    expect(Object.keys(ROUTE_AUDIT_ACTIONS).sort()).toEqual(Object.keys(ROUTE_CAPABILITIES).sort());
    for (const entry of Object.values(ROUTE_AUDIT_ACTIONS)) {
      expect(AUDIT_ACTIONS).toContain(typeof entry === 'string' ? entry : entry.action);
    }
  });
});
