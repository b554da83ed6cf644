import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ROUTE_AUDIT_ACTIONS, routeAuditOf, type AuditActionName, type RouteAuditEntry } from '#contracts';
import { ACCESS_KEY, ALLOW_READ_ONLY_KEY, type RouteAccess } from './access.decorators.js';

export interface DeclaredRoute {
  method: string;
  path: string;
  access: RouteAccess | undefined;
  allowReadOnly: boolean;
  controller: string;
  handler: string;
  /** The controller class and the handler function, for readers of other metadata (the OpenAPI builder). */
  controllerType: Function;
  handlerFn: Function;
}

/** Every HTTP route of the app with its declared access, read from the controllers' metadata. */
export function listRoutes(app: INestApplication): DeclaredRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const key = routeKeyOf(wrapper.metatype, handler);
      if (!key) continue;
      routes.push({
        method: key.method,
        path: key.path,
        access: reflector.getAllAndOverride<RouteAccess>(ACCESS_KEY, [handler, wrapper.metatype]),
        allowReadOnly: reflector.getAllAndOverride<boolean>(ALLOW_READ_ONLY_KEY, [handler, wrapper.metatype]) ?? false,
        controller: wrapper.metatype.name,
        handler: name,
        controllerType: wrapper.metatype,
        handlerFn: handler,
      });
    }
  }
  return routes;
}

/** `METHOD /api/path/:param` of a handler, as its decorators declare it; null for a method that is no route. */
function routeKeyOf(controller: Function, handler: Function): { method: string; path: string } | null {
  const path = Reflect.getMetadata(PATH_METADATA, handler);
  if (path === undefined) return null;
  const prefix = normalise(Reflect.getMetadata(PATH_METADATA, controller));
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  return { method, path: `/api${prefix}${normalise(path)}`.replace(/\/$/, '') || '/api' };
}

export interface RouteAudit {
  /** The route's audit action name (libs/contracts ROUTE_AUDIT_ACTIONS). */
  action: AuditActionName;
  /** False for session polling: it neither keeps an impersonation alive nor is recorded as a read. */
  activity: boolean;
}

const auditByHandler = new WeakMap<Function, RouteAudit | null>();

/**
 * The audit name of the route a request reached, from the one map in libs/contracts keyed by
 * `METHOD path` (never derived from class or handler names, so renaming a handler changes nothing).
 * Null only for a route the map does not name, which the boot check refuses.
 */
export function routeAuditFor(controller: Function, handler: Function): RouteAudit | null {
  let found = auditByHandler.get(handler);
  if (found === undefined) {
    const key = routeKeyOf(controller, handler);
    const entry = key ? (ROUTE_AUDIT_ACTIONS as Record<string, RouteAuditEntry>)[`${key.method} ${key.path}`] : undefined;
    found = entry ? routeAuditOf(entry) : null;
    auditByHandler.set(handler, found);
  }
  return found;
}

/**
 * Fail closed at start-up: a route the audit map does not name would be recorded under no name, so
 * it stops the app from booting, naming the line to add.
 */
export function assertEveryRouteNamesItsAuditAction(app: INestApplication): void {
  const unnamed = listRoutes(app).filter((r) => !routeAuditFor(r.controllerType, r.handlerFn));
  if (unnamed.length) {
    throw new Error(
      `Routes without an audit action name: add each to ROUTE_AUDIT_ACTIONS in libs/contracts/src/audit-actions.ts ` +
        `(and its capability to ROUTE_CAPABILITIES in libs/contracts/src/permissions.ts): ` +
        unnamed.map((r) => `'${r.method} ${r.path}' (${r.controller}.${r.handler})`).join(', '),
    );
  }
}

function normalise(path: string | string[] | undefined): string {
  const p = Array.isArray(path) ? (path[0] ?? '') : (path ?? '');
  return !p || p === '/' ? '' : `/${p.replace(/^\/+|\/+$/g, '')}`;
}

/** Fail closed at start-up: a route without an access declaration stops the app from booting. */
export function assertEveryRouteDeclaresAccess(app: INestApplication): void {
  const open = listRoutes(app).filter((r) => !r.access);
  if (open.length) {
    throw new Error(
      `Routes without an access declaration (add @Public/@Authenticated/@OperatorOnly/@BusinessAccess): ${open.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`).join(', ')}`,
    );
  }
}
