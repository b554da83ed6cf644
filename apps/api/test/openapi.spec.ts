import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CODES } from '#contracts';
import { appVersion } from '../src/openapi/document.js';
import { CLIENT_TYPES_FILE, renderClientTypes, renderSnapshot, SNAPSHOT_FILE } from '../scripts/openapi-artifacts.js';
import { ContractChecker } from './contract.js';
import { startTestApp, type TestApp } from './harness.js';

type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: Record<string, any> }> }> };

let t: TestApp;
let doc: OpenAPIObject;
let operations: { method: string; path: string; op: Operation }[];

beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.http().get('/api/docs-json').expect(200)).body;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
});
afterAll(() => t?.close());

const REFRESH = 'run `npm run openapi:snapshot` and commit docs/openapi.json and libs/api-client/src/schema.ts with the change';

describe('the OpenAPI document at /api/docs-json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const config = await createConfig({
      rules: { struct: 'error', 'no-unresolved-refs': 'error', 'operation-operationId-unique': 'error', 'path-parameters-defined': 'error' },
    } as never);
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: '/openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('carries the app version from package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(doc.info.version).toBe(pkg.version);
    expect(appVersion()).toBe(pkg.version);
  });

  it('gives every operation a chosen, unique, camelCase operationId', () => {
    const ids = operations.map(({ method, path, op }) => ({ route: `${method} ${path}`, id: op.operationId ?? '' }));
    expect(ids.filter((x) => !/^[a-z][A-Za-z0-9]+$/.test(x.id)).map((x) => `${x.route}: ${x.id || 'none'} (add @ApiOperation({ operationId }))`)).toEqual([]);
    expect(new Set(ids.map((x) => x.id)).size).toBe(ids.length);
  });

  it('documents a 2xx body schema and problem+json 4xx bodies with their code enum for every operation', () => {
    const missing: string[] = [];
    for (const { method, path, op } of operations) {
      const route = `${method} ${path} (${op.operationId})`;
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!success.length) missing.push(`${route}: no 2xx response`);
      for (const [status, response] of success) {
        // A file (the served logo) is documented by its media types, each a binary string.
        const binary =
          Object.entries(response.content ?? {}).length > 0 &&
          Object.entries(response.content ?? {}).every(
            ([media, c]) => media.startsWith('image/') && (c as { schema?: { format?: string } }).schema?.format === 'binary',
          );
        if (status !== '204' && !binary && !response.content?.['application/json']?.schema) missing.push(`${route}: ${status} has no application/json schema`);
      }
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      // Only an open GET without parameters (the health check) has no way to answer 4xx.
      const canRefuse = Boolean(
        (op as { security?: unknown[] }).security?.length ||
        (op as { parameters?: unknown[] }).parameters?.length ||
        (op as { requestBody?: unknown }).requestBody,
      );
      if (canRefuse && !errors.some(([status]) => status.startsWith('4'))) missing.push(`${route}: no 4xx response`);
      for (const [status, response] of errors) {
        const schema = response.content?.['application/problem+json']?.schema;
        const narrowed = (schema?.allOf ?? []).find((part: Record<string, any>) => part.properties?.code);
        const codes: string[] = narrowed?.properties?.code?.enum ?? [];
        if (schema?.allOf?.[0]?.$ref !== '#/components/schemas/Problem') missing.push(`${route}: ${status} is not a Problem`);
        if (!codes.length) missing.push(`${route}: ${status} has no problem schema with a code enum`);
        for (const code of codes) if (!(PROBLEM_CODES as readonly string[]).includes(code)) missing.push(`${route}: ${status} lists unknown code ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives no property the shapeless type Object (what `string | null` without an explicit type becomes)', () => {
    const shapeless: string[] = [];
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}) as [string, Record<string, any>][]) {
      for (const [prop, p] of Object.entries((schema.properties ?? {}) as Record<string, any>)) {
        const types = [p.type].flat();
        if (types.includes('object') && !p.properties && !p.additionalProperties && !p.allOf && !p.$ref)
          shapeless.push(`${name}.${prop} (give its @ApiProperty a type)`);
      }
    }
    expect(shapeless).toEqual([]);
  });

  it('types pages generically: every *Page schema is { items: T[], nextCursor: string | null }', () => {
    const pages = Object.entries(doc.components?.schemas ?? {}).filter(([name]) => name.endsWith('Page'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const [name, schema] of pages as [string, Record<string, any>][]) {
      const item = name.slice(0, -'Page'.length);
      const ref = schema.properties.items.items.$ref as string;
      expect(ref, name).toMatch(/^#\/components\/schemas\/\w+$/);
      if (doc.components?.schemas?.[item]) expect(ref, name).toBe(`#/components/schemas/${item}`);
      expect(schema.properties.nextCursor.type, name).toEqual(['string', 'null']);
      expect(schema.required, name).toEqual(expect.arrayContaining(['items', 'nextCursor']));
    }
  });

  it('matches the committed snapshot (API changes are reviewed as a diff of docs/openapi.json)', () => {
    expect(existsSync(SNAPSHOT_FILE), `${SNAPSHOT_FILE} is missing: ${REFRESH}`).toBe(true);
    const committed = readFileSync(SNAPSHOT_FILE, 'utf8');
    const current = renderSnapshot(doc);
    if (committed !== current) {
      const a = committed.split('\n');
      const b = current.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `The OpenAPI document changed (first difference at docs/openapi.json line ${line + 1}: ${JSON.stringify(a[line])} → ${JSON.stringify(b[line])}); ${REFRESH}`,
      );
    }
  });

  it('has up-to-date generated client types (libs/api-client/src/schema.ts)', async () => {
    const committed = existsSync(CLIENT_TYPES_FILE) ? readFileSync(CLIENT_TYPES_FILE, 'utf8') : '';
    expect(committed === (await renderClientTypes(doc)), `libs/api-client/src/schema.ts is stale: ${REFRESH}`).toBe(true);
  });
});

describe('the contract checker', () => {
  const booking = {
    id: '6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e5f',
    businessId: '6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e50',
    startsAt: '2026-05-04T09:30:00+01:00',
    endsAt: '2026-05-04T10:00:00+01:00',
    status: 'confirmed',
    notes: null,
    customer: { id: '6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e51', name: 'A' },
    service: { id: '6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e52', name: 'Cut', durationMinutes: 30, priceCents: 2500 },
    resource: { id: '6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e53', name: 'Chair' },
    createdAt: '2026-05-01T08:00:00.000Z',
    createdBy: null,
    createdInImpersonation: null,
    source: 'admin',
  };
  const url = '/api/businesses/6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e50/bookings/6f1e6c1e-7a2b-4c3d-9e8f-0a1b2c3d4e5f';
  const check = (status: number, body: unknown, type = 'application/json; charset=utf-8') =>
    new ContractChecker(doc).check('GET', url, status, type, JSON.stringify(body));

  it('accepts a body that matches', () => {
    expect(check(200, booking)).toBeNull();
  });

  it('refuses an undocumented field, naming the route and the schema path', () => {
    const message = check(200, { ...booking, customer: { ...booking.customer, secret: 'x' } });
    expect(message).toContain('GET /api/businesses/{businessId}/bookings/{id} (getBooking) → 200');
    expect(message).toContain('/customer: undocumented field "secret" [schema #/components/schemas/BookingCustomerRef/additionalProperties]');
  });

  it('refuses a missing field and a wrong type', () => {
    const { notes: _notes, ...withoutNotes } = booking;
    expect(check(200, withoutNotes)).toContain('missing field "notes"');
    expect(check(200, { ...booking, service: { ...booking.service, priceCents: '25.00' } })).toMatch(
      /\/service\/priceCents: must be integer .*\[schema #\/components\/schemas\/BookingServiceRef\/properties\/priceCents\/type\]/,
    );
  });

  it('refuses an undocumented status and a problem code the route does not list', () => {
    expect(check(418, {})).toContain('a status its OpenAPI operation does not document');
    const problem = { type: 'x', title: 'Conflict', status: 409, detail: 'd', code: 'slot_taken', instance: url, requestId: 'r' };
    expect(new ContractChecker(doc).check('POST', url + '/cancel', 409, 'application/problem+json', JSON.stringify(problem))).toMatch(
      /\/code: must be equal to one of the allowed values/,
    );
  });

  it('refuses a success body on a route that documents no schema for it', () => {
    const noSchema = JSON.parse(JSON.stringify(doc)) as OpenAPIObject;
    delete (noSchema.paths['/api/businesses/{businessId}/bookings/{id}'] as any).get.responses['200'].content;
    expect(new ContractChecker(noSchema).check('GET', url, 200, 'application/json', JSON.stringify(booking))).toContain('the document has no schema for it');
  });
});
