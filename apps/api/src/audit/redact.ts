/** Field names whose values never enter the audit trail, at any depth. */
const SECRET_FIELD = /pass(word)?|secret|token|hash|api[-_]?key|authorization|cookie/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

function comparable(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}

/**
 * Before/after of the fields that changed between two snapshots of a record, secrets redacted.
 * Returns null when nothing changed. `before` null means created; `after` null means removed.
 */
export function diff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { before: unknown; after: unknown }> | null {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of keys) {
    const b = comparable(before?.[key]);
    const a = comparable(after?.[key]);
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[key] = SECRET_FIELD.test(key)
      ? { before: b === null ? null : '[redacted]', after: a === null ? null : '[redacted]' }
      : { before: redact(b), after: redact(a) };
  }
  return Object.keys(changes).length ? changes : null;
}
