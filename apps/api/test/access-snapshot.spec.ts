import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../src/access/route-inventory.js';
import { ACCESS_SNAPSHOT_FILE, ACCESS_SNAPSHOT_REFRESH, diffAccessSnapshots, renderAccessSnapshot } from '../scripts/access-artifacts.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The reviewed access snapshot: docs/access.txt lists `METHOD path → access` for every route the
 * running app serves. A new route, a removed one or a changed access declaration fails here until
 * the file is regenerated, so each shows up in review as a diff of who may call what.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('docs/access.txt', () => {
  it('lists exactly the routes the app serves, with their declared access', () => {
    const current = renderAccessSnapshot(listRoutes(t.app));
    const committed = existsSync(ACCESS_SNAPSHOT_FILE) ? readFileSync(ACCESS_SNAPSHOT_FILE, 'utf8') : '';
    if (committed === current) return;
    const diff = diffAccessSnapshots(committed, current);
    const message = [
      `docs/access.txt disagrees with the routes the app serves (- the file, + the app):`,
      ...(diff.length ? diff : ['(only the order or the layout differs)']),
      `To accept the change: ${ACCESS_SNAPSHOT_REFRESH}.`,
    ].join('\n');
    expect.fail(message);
  });
});
