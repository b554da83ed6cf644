// Runs a TypeScript entry point of the API (default: src/main.ts) in a child process without a build,
// through Vite's module runner with the same transform the test runner uses (legacy decorators and
// their metadata). Fault tests use it to start real processes they can signal and watch exit.
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = process.argv[2] ?? 'apps/api/src/main.ts';
const server = await createServer({
  configFile: false,
  root,
  logLevel: 'error',
  appType: 'custom',
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  resolve: { alias: { '#contracts': `${root}libs/contracts/src/index.ts` } },
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
await runner.import('reflect-metadata');
await runner.import(`/${entry}`);
