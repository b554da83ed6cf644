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
    // Fastify's default parser answers through `done` (it returns nothing to wait for).
    void parse(req, text, done);
  });
}

/** Largest image body (a logo upload) the parser reads; past it, 413 `logo_too_large` and nothing is kept. */
export const IMAGE_BODY_LIMIT = 512 * 1024;

/**
 * Image uploads (`image/*`, `application/octet-stream`) arrive as the raw bytes, read into a Buffer
 * up to IMAGE_BODY_LIMIT. A declared Content-Length past the limit is refused before a byte is read;
 * a body that grows past it is refused as soon as it does (what was read is dropped). What the bytes
 * are is decided by their content later (apps/api/src/settings/logo-image.ts), never by this type.
 */
export function registerImageBodyParser(fastify: FastifyInstance): void {
  const tooLarge = () => new DomainError(413, 'logo_too_large', `The image is larger than ${IMAGE_BODY_LIMIT / 1024} kB`);
  const parse = (req: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: Buffer) => void): void => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > IMAGE_BODY_LIMIT) {
      done(tooLarge(), undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (finished) return;
      finished = true;
      done(err, body);
    };
    payload.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > IMAGE_BODY_LIMIT) {
        chunks.length = 0;
        finish(tooLarge());
        payload.resume(); // the rest is read and dropped, so the answer can be sent
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => finish(null, Buffer.concat(chunks)));
    payload.on('error', (err: Error) => finish(err));
  };
  fastify.addContentTypeParser(/^image\/[a-z0-9.+-]+$/i, parse);
  fastify.addContentTypeParser('application/octet-stream', parse);
}
