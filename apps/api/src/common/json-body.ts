import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';

/**
 * Deepest nesting of objects and arrays a request body may have. Our deepest DTO (availability:
 * body → weekly → day) needs 3; 16 leaves room and keeps every later recursive step (validation,
 * transformation, audit diffs) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 16;

/**
 * The nesting depth of a JSON text, found in one pass without parsing it (brackets inside strings
 * do not count). It stops as soon as the limit is passed, so a hostile body costs at most one scan.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON body parser with one that refuses deep nesting before parsing (400
 * `body_too_deep`), then parses exactly as Fastify does (prototype poisoning refused). Registered on
 * the root instance, so it serves every route.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(new DomainError(400, 'body_too_deep', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parse(req, text, done);
  });
}
