import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module namespace.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

/** Paths the app serves that are not API operations (the docs themselves). */
const NOT_OPERATIONS = /^\/api\/docs(-json|-yaml|\/.*)?$/;

/**
 * The contract test: every response the integration suite receives is checked against the OpenAPI
 * document the app serves. A status the operation does not document, a body without a documented
 * schema, a missing field, a wrong type or an undocumented field is a violation; the suite's
 * afterEach hook (test/setup.ts) fails the test that caused it, naming the route and the schema path.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  /** Every (sub)schema object Ajv holds → its JSON pointer in the document, to name the schema path in messages. */
  private readonly pointers = new WeakMap<object, string>();
  private readonly routes: { method: string; template: string; pattern: RegExp; op: Operation; params: number }[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenAPIObject) {
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const copy = { ...rewriteRefs(schema), $id: COMPONENT + name };
      this.index(copy, `#/components/schemas/${name}`);
      this.ajv.addSchema(copy);
    }
    for (const [template, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
        this.routes.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), op, params: (template.match(/\{/g) ?? []).length });
      }
    }
    // Literal paths win over templated ones (/api/operator/dashboard before /api/businesses/{id}-like shapes).
    this.routes.sort((a, b) => a.params - b.params);
  }

  /** Returns a description of what is wrong with this response, or null when it matches the document. */
  check(method: string, url: string, status: number, contentType: string | undefined, payload: string | null): string | null {
    const path = url.split('?')[0]!;
    if (!path.startsWith('/api') || NOT_OPERATIONS.test(path) || method === 'HEAD' || method === 'OPTIONS') return null;
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) {
      // No such operation: only the catch-all's problem 404 may answer (unknown path or method).
      return status === 404 ? null : `${method} ${path} answered ${status} but no operation in the OpenAPI document matches it`;
    }
    const name = `${method} ${route.template} (${route.op.operationId ?? 'no operationId'})`;
    contractStats.responses++;
    contractStats.operations.add(`${route.op.operationId} ${status}`);
    const response = route.op.responses?.[String(status)] ?? route.op.responses?.[`${String(status)[0]}XX`] ?? route.op.responses?.default;
    if (!response)
      return `${name} answered ${status}, a status its OpenAPI operation does not document (documented: ${Object.keys(route.op.responses ?? {}).join(', ')})`;
    const hasBody = payload !== null && payload.length > 0;
    if (!hasBody)
      return response.content && status !== 204
        ? `${name} → ${status}: empty body, but the document promises ${Object.keys(response.content).join(', ')}`
        : null;
    const media = (contentType ?? '').split(';')[0]!.trim();
    const content = response.content?.[media];
    if (!content?.schema) {
      return `${name} → ${status}: a ${media || 'untyped'} body but the document has no schema for it (documented content: ${Object.keys(response.content ?? {}).join(', ') || 'none'}); add @ApiOkResponse({ type }) / @ApiCreatedResponse({ type }) to the handler`;
    }
    if (!media.endsWith('json')) return null;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return `${name} → ${status}: ${media} body is not JSON`;
    }
    const key = `${route.method} ${route.template} ${status} ${media}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const schema = rewriteRefs(content.schema);
      this.index(schema, `#/paths/${escape(route.template)}/${route.method.toLowerCase()}/responses/${status}/content/${escape(media)}/schema`);
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    if (validate(body)) return null;
    return `${name} → ${status} does not match its OpenAPI schema:\n${(validate.errors ?? [])
      .slice(0, 12)
      .map((e) => '  ' + describe(e, this.pointers))
      .join('\n')}\n  body: ${payload.slice(0, 600)}`;
  }

  private index(node: unknown, pointer: string): void {
    if (!node || typeof node !== 'object') return;
    this.pointers.set(node, pointer);
    for (const [k, v] of Object.entries(node)) this.index(v, `${pointer}/${escape(k)}`);
  }
}

const escape = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

function describe(e: ErrorObject, pointers: WeakMap<object, string>): string {
  const at = e.instancePath || '(body)';
  const where = (e.parentSchema && pointers.get(e.parentSchema)) ?? '?';
  const schemaPath = `${where}/${e.keyword}`;
  if (e.keyword === 'additionalProperties')
    return `${at}: undocumented field "${(e.params as { additionalProperty: string }).additionalProperty}" [schema ${schemaPath}]`;
  if (e.keyword === 'required') return `${at}: missing field "${(e.params as { missingProperty: string }).missingProperty}" [schema ${schemaPath}]`;
  return `${at}: ${e.message} (got ${JSON.stringify(e.data)?.slice(0, 80)}) [schema ${schemaPath}]`;
}

const COMPONENT = 'https://contract.test/components/schemas/';

/** `#/components/schemas/X` → an absolute id Ajv knows, each component being added as a schema of its own. */
function rewriteRefs(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/') ? COMPONENT + value.slice('#/components/schemas/'.length) : value,
  );
}

/** Violations found since the last drain (the afterEach hook in test/setup.ts reports and clears them). */
const violations: string[] = [];
export const contractStats = { responses: 0, operations: new Set<string>() };

export function recordContractViolation(message: string): void {
  violations.push(message);
}

export function drainContractViolations(): string[] {
  return violations.splice(0, violations.length);
}
