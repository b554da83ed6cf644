import 'reflect-metadata';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';

/**
 * The real app in a process of its own, for tests that kill it (SIGKILL mid-delivery) or stop it
 * (SIGTERM). Configured by the environment like production; prints "ready" once it serves.
 */
const config = loadConfig(process.env);
const app = await createApp(config);
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`ready ${config.port}\n`);
// SIGTERM: the app's own shutdown hooks (enableShutdownHooks) stop the worker and close the app, as in production.
