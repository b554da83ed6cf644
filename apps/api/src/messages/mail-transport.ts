import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export interface OutgoingMail {
  messageId: string;
  from: { name: string; address: string };
  replyTo: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Why a send failed: `permanent` (a 5xx from the server: the address or message is refused) is not retried. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * SMTP through nodemailer, from SMTP_URL. Without SMTP_URL nothing is sent: the outbox keeps every
 * message (operators see it waiting) until delivery is configured. Time-outs are well inside the
 * outbox lease, so a slow server can never make two workers hold the same message at once.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('MailTransport');
  private readonly transporter: Transporter | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const timeoutMs = Math.max(1000, Math.floor((config.outboxLeaseSeconds * 1000) / 4));
    this.transporter = config.smtpUrl
      ? nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as never)
      : null;
  }

  get configured(): boolean {
    return this.transporter !== null;
  }

  /** Sends one message; resolves with the server's reply (`250 OK …`). */
  async send(mail: OutgoingMail): Promise<string> {
    if (!this.transporter) throw new MailSendError('SMTP is not configured', false);
    try {
      const info = await this.transporter.sendMail({
        messageId: mail.messageId,
        from: { name: mail.from.name, address: mail.from.address },
        replyTo: mail.replyTo ?? undefined,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
      return String(info.response ?? 'sent').slice(0, 1000);
    } catch (err) {
      const e = err as { responseCode?: number; message?: string; code?: string };
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
      throw new MailSendError(`${e.code ?? 'error'}: ${e.message ?? String(err)}`.slice(0, 1000), permanent);
    }
  }

  onApplicationShutdown(): void {
    try {
      this.transporter?.close();
    } catch (err) {
      this.logger.warn({ msg: 'closing the SMTP transport failed', err: (err as Error).message });
    }
  }
}
