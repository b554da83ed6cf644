// Runs a TypeScript entry point of the API in a child process without a build, through Vite's
// module runner with the transform the test runner uses (legacy decorators and their metadata).
// Fault tests use it to start real processes they can signal, and watch exit:
//   node run-ts.mjs apps/api/src/main.ts            the app
//   node run-ts.mjs apps/api/src/cli/cli.ts X  a CLI command
// It loads the whole module graph first and prints "run-ts: loaded <epoch ms>" to stderr, so a
// test can time what the entry point does (boot, shutdown) apart from the transform.
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const [entry = 'apps/api/src/main.ts', ...args] = process.argv.slice(2);
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
await runner.import('/apps/api/src/app.factory.ts');
process.stderr.write(`run-ts: loaded ${Date.now()}\n`);
// The entry reads process.argv[1..] like a script would (cli.ts: argv[2] is the command).
process.argv = [process.argv[0], `${root}${entry}`, ...args];
await runner.import(`/${entry}`);
