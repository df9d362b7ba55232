/** Opaque global IDs: base64url of "Type:id". Clients must not parse them. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A bigint sequence number (1 … 9 223 372 036 854 775 807), without leading zeros. */
const SEQUENCE = /^[1-9][0-9]{0,18}$/;
const MAX_BIGINT = 9223372036854775807n;

/**
 * Types whose rows are keyed by a bigint sequence rather than a uuid (the audit log). Every other
 * type's id must be a uuid, so a malformed id never reaches a uuid column.
 */
const SEQUENCE_ID_TYPES: ReadonlySet<string> = new Set(['AuditEvent']);

/** Whether `id` is a well-formed raw id of `type`: a uuid, or a bigint sequence number for sequence-keyed types. */
export function isRawIdOf(type: string, id: string): boolean {
  if (SEQUENCE_ID_TYPES.has(type)) return SEQUENCE.test(id) && BigInt(id) <= MAX_BIGINT;
  return UUID.test(id);
}

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const at = text.indexOf(':');
  if (at <= 0) return null;
  const type = text.slice(0, at);
  const id = text.slice(at + 1);
  return isRawIdOf(type, id) ? { type, id: id.toLowerCase() } : null;
}

/** The raw id of a global id of the expected type, or null (wrong type, malformed). */
export function idOfType(globalId: string, type: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}
