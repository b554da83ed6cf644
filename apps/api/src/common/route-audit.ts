import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
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
    const prefix = normalise(Reflect.getMetadata(PATH_METADATA, wrapper.metatype));
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      routes.push({
        method,
        path: `/api${prefix}${normalise(path)}`.replace(/\/$/, '') || '/api',
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

function normalise(path: string | string[] | undefined): string {
  const p = Array.isArray(path) ? path[0] ?? '' : path ?? '';
  return !p || p === '/' ? '' : `/${p.replace(/^\/+|\/+$/g, '')}`;
}

/** Fail closed at start-up: a route without an access declaration stops the app from booting. */
export function assertEveryRouteDeclaresAccess(app: INestApplication): void {
  const open = listRoutes(app).filter((r) => !r.access);
  if (open.length) {
    throw new Error(`Routes without an access declaration (add @Public/@Authenticated/@OperatorOnly/@BusinessAccess): ${open.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`).join(', ')}`);
  }
}
