import type { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { type Logger } from 'pino';

/** Never let a credential reach a log line, whatever shape the object has. */
export const LOG_REDACT = [
  'password', '*.password', 'token', '*.token', 'accessToken', '*.accessToken',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie',
];

export function createPino(level: string): Logger {
  return pino({
    level,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    base: { service: 'booking-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line written while a request is in flight carries its request id.
    mixin() {
      const cls = ClsServiceManager.getClsService();
      return cls.isActive() ? { requestId: cls.getId() } : {};
    },
  });
}

/** Nest's logger interface on top of pino: structured JSON, one object per line. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: unknown, extra?: Record<string, unknown>) {
    const ctx = typeof context === 'string' ? { context } : {};
    if (message && typeof message === 'object') this.pino[level]({ ...ctx, ...extra, ...(message as object) });
    else this.pino[level]({ ...ctx, ...extra }, String(message));
  }
  log(message: unknown, context?: string) {
    this.write('info', message, context);
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
