import type { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Never let a credential reach a log line, whatever shape the object has. */
export const LOG_REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/**
 * `json`: one JSON object per line, for log collectors. `pretty`: one coloured, readable line per
 * entry, for a person at a terminal (the default when stdout is one, see `LOG_FORMAT`).
 */
export type LogFormat = 'json' | 'pretty';

export function createPino(level: string, format: LogFormat = 'json', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    base: { service: 'booking-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line written while a request is in flight carries its request id.
    mixin() {
      const cls = ClsServiceManager.getClsService();
      return cls.isActive() ? { requestId: cls.getId() } : {};
    },
  };
  if (destination) return pino(options, destination);
  if (format === 'json') return pino(options);
  // Synchronous, in this thread: no worker to lose lines on exit, and a terminal is slow anyway.
  return pino(
    options,
    pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service,reqId,req,res,responseTime', singleLine: true }),
  );
}

/**
 * Nest's own start-up chatter (one line per module and per mapped route, ~80 lines) is useful when
 * debugging wiring and noise otherwise: it is logged at `debug`, so the first thing `npm start`
 * prints is the banner with the URL and the sign-ins. Everything else keeps its level.
 */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's logger interface on top of pino: structured JSON, one object per line. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: unknown, extra?: Record<string, unknown>) {
    const ctx = typeof context === 'string' ? { context } : {};
    if (message && typeof message === 'object') this.pino[level]({ ...ctx, ...extra, ...(message as object) });
    else this.pino[level]({ ...ctx, ...extra }, String(message));
  }
  log(message: unknown, context?: string) {
    this.write(context && STARTUP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    this.write('error', message, context ?? stackOrContext, context && stackOrContext ? { stack: stackOrContext } : undefined);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
}
