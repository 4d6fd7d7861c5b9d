/**
 * The JSON of the node's own rows: bigints as `{"$n": "<decimal>"}`, so any record (a queue
 * operation, a transaction, a batch record) round-trips exactly. Files users exchange keep
 * @zkr/state's versioned formats; this is only the database's inside.
 */

/** `value` as JSON with bigints tagged. */
export function encodeRow(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $n: v.toString() } : v));
}

/** The value {@link encodeRow} wrote. */
export function decodeRow<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$n' && typeof (v as { $n: unknown }).$n === 'string') return BigInt((v as { $n: string }).$n);
    }
    return v;
  }) as T;
}
