import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * How the built admin is served: compressed (brotli, else gzip), hashed files cached for a year,
 * index.html and deep links revalidated on every visit. Uses a small stand-in build.
 */
describe('serving the admin', () => {
  let t: TestApp;
  let dir: string;
  const script = `export const x = ${JSON.stringify('booking '.repeat(2000))};\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-build-'));
    mkdirSync(join(dir, 'media'));
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><title>Admin</title></head><body>${'<!-- pad -->'.repeat(200)}<app-root></app-root></body></html>`,
    );
    writeFileSync(join(dir, 'main-3KXQ2ZPL.js'), script);
    writeFileSync(join(dir, 'chunk-B_Iqu0I-.js'), script);
    writeFileSync(join(dir, 'favicon.ico'), 'icon');
    t = await startTestApp({ ADMIN_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Raw bytes and headers as sent, with no client-side decoding (supertest would unzip some types). */
  function raw(path: string, acceptEncoding: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const server = t.app.getHttpServer();
    return new Promise((resolve, reject) => {
      const listening = server.listening ? Promise.resolve() : new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
      void listening.then(() => {
        const { port } = server.address() as AddressInfo;
        get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    });
  }

  it('sends brotli to browsers that accept it and gzip to those that only take gzip', async () => {
    const br = await raw('/main-3KXQ2ZPL.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    const brBody = br.body;
    expect(brBody.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(brBody).toString()).toBe(script);

    const gz = await raw('/main-3KXQ2ZPL.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await raw('/main-3KXQ2ZPL.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('caches hashed scripts for a year and revalidates index.html, deep links and unhashed files', async () => {
    for (const file of ['/main-3KXQ2ZPL.js', '/chunk-B_Iqu0I-.js']) {
      const res = await raw(file, 'br');
      expect(res.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
    }
    for (const path of ['/', '/index.html', '/b/acme-hair/calendar', '/favicon.ico']) {
      const res = await raw(path, 'br');
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
    const deep = await raw('/b/acme-hair/calendar', 'br');
    expect(deep.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(deep.body).toString()).toContain('<app-root>');
  });

  it('compresses API JSON too and keeps it uncacheable', async () => {
    const res = await raw('/api/docs-json', 'br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(res.body).toString()).openapi).toMatch(/^3\./);
    const health = await t.http().get('/api/health');
    expect(health.headers['cache-control']).toBe('no-store');
  });
});
