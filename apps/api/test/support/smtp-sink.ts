import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One message as the in-process SMTP server accepted it (the 250 was about to be written). */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  headers: Record<string, string>;
  messageId: string;
  outboxId: string;
  subject: string;
  from: string;
  to: string;
  replyTo: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  /** Messages whose DATA has arrived and whose reply is still being held (delayMs). */
  inFlight: () => number;
  /** Messages for one recipient, in arrival order. */
  to: (recipient: string) => ReceivedMail[];
  waitFor: (predicate: (all: ReceivedMail[]) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

export interface SmtpSinkOptions {
  /** Hold each reply this long after the data arrived (to kill a sender mid-delivery); a function gets the arrival's index. */
  delayMs?: number | ((index: number) => number);
  /** An SMTP reply code to refuse a message with (451 temporary, 550 permanent), or null to accept it. */
  refuse?: (mail: ReceivedMail) => number | null;
}

/**
 * A real SMTP server in the test process (smtp-server), the way the app meets a mail relay. Like a
 * real relay it takes responsibility for a message only when it answers 250: a message whose sender
 * hung up before that reply is discarded, not counted.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const closed = new Set<string>();
  let holding = 0;
  let arrivals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session: SMTPServerSession) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        holding++;
        const finish = () => {
          holding--;
          if (closed.has(session.id)) return callback(new Error('sender went away before the reply'));
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'), session);
          const code = options.refuse?.(mail) ?? null;
          if (code) {
            const err = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
            err.responseCode = code;
            return callback(err);
          }
          messages.push(mail);
          callback(null, `Message queued as ${mail.outboxId || 'x'}`);
        };
        const delay = typeof options.delayMs === 'function' ? options.delayMs(arrivals++) : (options.delayMs ?? 0);
        if (delay) setTimeout(finish, delay);
        else finish();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    inFlight: () => holding,
    to: (recipient) => messages.filter((m) => m.envelopeTo.includes(recipient.toLowerCase())),
    waitFor: async (predicate, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) throw new Error(`smtp sink: condition not met within ${timeoutMs} ms (${messages.length} messages)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMail(raw: string, session: SMTPServerSession): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  const type = headers['content-type'] ?? 'text/plain';
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const p = splitHeaders(part.replace(/^\r\n/, ''));
      const decoded = decodeBody(p.body, p.headers['content-transfer-encoding']);
      if ((p.headers['content-type'] ?? '').startsWith('text/plain')) text = decoded;
      else if ((p.headers['content-type'] ?? '').startsWith('text/html')) html = decoded;
    }
  } else {
    text = decodeBody(body, headers['content-transfer-encoding']);
  }
  return {
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    raw,
    headers,
    messageId: headers['message-id'] ?? '',
    outboxId: headers['x-outbox-message-id'] ?? '',
    subject: decodeWords(headers.subject ?? ''),
    from: decodeWords(headers.from ?? ''),
    to: headers.to ?? '',
    replyTo: headers['reply-to'] ?? '',
    text: text.replace(/\r\n/g, '\n'),
    html,
  };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeBody(data.replace(/_/g, ' '), 'quoted-printable'),
    );
}
