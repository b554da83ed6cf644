import 'reflect-metadata';
import { createApp } from '../../src/app.factory.js';
import { installShutdown } from '../../src/boot/serve.js';
import { loadConfig } from '../../src/config/app-config.js';

/**
 * The real app in a process of its own, for tests that kill it (SIGKILL mid-delivery) or stop it
 * (SIGTERM). Configured by the environment like production; prints "ready" once it serves.
 */
const config = loadConfig(process.env);
const app = await createApp(config);
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`ready ${config.port}\n`);
// SIGTERM: the production shutdown (drain, close the app and with it the outbox worker, exit 0).
installShutdown(app, config);
