import type { DataSource } from 'typeorm';
import { AccountsService } from '../auth/accounts.service.js';
import { hashPassword } from '../auth/passwords.js';
import { isUniqueViolation } from '../common/database-errors.js';

export interface NewOperator {
  email: string;
  name: string;
  password: string;
}

/** A refusal of the command line's input, printed as one line (exit 1). */
export class CreateOperatorError extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Operators can enter every business: a longer minimum than the 8 of business users. */
export const OPERATOR_PASSWORD_MIN = 12;

/**
 * Creates a platform operator: the way a real (non-demo) deployment gets its first one, and how
 * further ones are added from the shell. The row and its audit event (platform chain, actor
 * "system") commit together; an e-mail that already has an account is refused, never changed.
 */
export async function createOperator(db: DataSource, input: NewOperator): Promise<{ id: string; email: string }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!EMAIL.test(email) || email.length > 254) throw new CreateOperatorError(`--email must be an e-mail address, got "${input.email}"`);
  if (!name || name.length > 200) throw new CreateOperatorError('--name must be 1–200 characters');
  if (input.password.length < OPERATOR_PASSWORD_MIN) throw new CreateOperatorError(`the password must be at least ${OPERATOR_PASSWORD_MIN} characters`);
  if (input.password.length > 1024) throw new CreateOperatorError('the password must be at most 1024 characters');
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (em) => {
      const id = await new AccountsService(db).createOperator(em, { email, name, passwordHash });
      await em.query(
        `INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, actor_kind, action, outcome, target_type, target_id, details)
         VALUES ('', 0, '', now(), 'system', 'operator.create', 'success', 'user', $1, $2::jsonb)`,
        [id, JSON.stringify({ email, via: 'cli' })],
      );
      return { id, email };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new CreateOperatorError(`an account with the e-mail ${email} already exists; nothing was changed`);
    throw err;
  }
}

/** `--email a@b --name "A B"` → { email, name }; unknown flags are refused. */
export function parseOperatorArgs(args: string[]): { email: string; name: string } {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(email|name)(?:=(.*))?$/.exec(args[i]!);
    if (!m)
      throw new CreateOperatorError(
        `unknown argument "${args[i]}" (usage: create-operator --email <e-mail> --name <name>, password from OPERATOR_PASSWORD or stdin)`,
      );
    out[m[1]!] = m[2] ?? args[++i] ?? '';
  }
  if (!out.email || !out.name)
    throw new CreateOperatorError('usage: create-operator --email <e-mail> --name <name> (password from OPERATOR_PASSWORD or the first line of stdin)');
  return { email: out.email, name: out.name };
}

/**
 * The password never comes from argv (it would show in `ps` and shell history): OPERATOR_PASSWORD,
 * or the first line piped on stdin (`printf '%s\n' "$PW" | … create-operator …`).
 */
export async function readOperatorPassword(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream): Promise<string> {
  if (env.OPERATOR_PASSWORD) return env.OPERATOR_PASSWORD;
  if (stdin.isTTY) throw new CreateOperatorError('set OPERATOR_PASSWORD or pipe the password on stdin (it is never read from the command line)');
  let data = '';
  for await (const chunk of stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}
