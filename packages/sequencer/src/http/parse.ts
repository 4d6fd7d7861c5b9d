/**
 * JSON schemas of the request bodies (fastify validates them before a handler runs) and their
 * conversion to the library's types: decimal strings to bigints, 0x addresses to bigints.
 */
import type { SubmittedTransaction } from '../types';

const decimal = { type: 'string', pattern: '^[0-9]{1,78}$' } as const;
const index = { type: 'integer', minimum: 0, maximum: 4294967295 } as const;
const signature = {
  type: 'object', additionalProperties: false, required: ['R8x', 'R8y', 'S'],
  properties: { R8x: decimal, R8y: decimal, S: decimal },
} as const;
const transfer = {
  type: 'object', additionalProperties: false, required: ['from', 'to', 'amount', 'fee', 'nonce', 'signature'],
  properties: { from: index, to: index, amount: decimal, fee: decimal, nonce: decimal, signature },
} as const;
const withdrawal = {
  type: 'object', additionalProperties: false, required: ['from', 'address', 'amount', 'fee', 'nonce', 'signature'],
  properties: { from: index, address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' }, amount: decimal, fee: decimal, nonce: decimal, signature },
} as const;

/** The body of `POST /v1/transactions`. */
export const TRANSACTION_BODY = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['kind', 'transfer'], properties: { kind: { const: 'transfer' }, transfer } },
    { type: 'object', additionalProperties: false, required: ['kind', 'withdrawal'], properties: { kind: { const: 'withdrawal' }, withdrawal } },
  ],
} as const;

interface SignatureJson { R8x: string; R8y: string; S: string }
/** A body that passed {@link TRANSACTION_BODY}. */
export type TransactionJson =
  | { kind: 'transfer'; transfer: { from: number; to: number; amount: string; fee: string; nonce: string; signature: SignatureJson } }
  | { kind: 'withdrawal'; withdrawal: { from: number; address: string; amount: string; fee: string; nonce: string; signature: SignatureJson } };

function signatureOf(s: SignatureJson) {
  return { R8x: BigInt(s.R8x), R8y: BigInt(s.R8y), S: BigInt(s.S) };
}

/** The transaction a validated body describes. */
export function transactionOf(body: TransactionJson): SubmittedTransaction {
  if (body.kind === 'transfer') {
    const t = body.transfer;
    return { kind: 'transfer', transfer: { from: t.from, to: t.to, amount: BigInt(t.amount), fee: BigInt(t.fee), nonce: BigInt(t.nonce), signature: signatureOf(t.signature) } };
  }
  const w = body.withdrawal;
  return { kind: 'withdrawal', withdrawal: { from: w.from, address: BigInt(w.address), amount: BigInt(w.amount), fee: BigInt(w.fee), nonce: BigInt(w.nonce), signature: signatureOf(w.signature) } };
}

/** A non-negative integer in a path or query string (no type coercion: the API refuses `1e3` or `0x10`). */
const integerText = { type: 'string', pattern: '^(0|[1-9][0-9]{0,9})$' } as const;

/** Path and query schemas; their integers arrive as text and are read with {@link integerOf}. */
export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^0x[0-9a-f]{64}$' } } } as const;
export const INDEX_PARAMS = { type: 'object', required: ['index'], properties: { index: integerText } } as const;
export const NUMBER_PARAMS = { type: 'object', required: ['number'], properties: { number: integerText } } as const;
export const BATCHES_QUERY = { type: 'object', additionalProperties: false, properties: { before: integerText, limit: integerText } } as const;
export const QUEUE_QUERY = { type: 'object', additionalProperties: false, properties: { from: integerText, limit: integerText } } as const;

/** `text` (validated by a schema above) as a number, `fallback` when absent, clamped to `[min, max]`. */
export function integerOf(text: string | undefined, fallback: number, min: number, max: number): number {
  const value = text === undefined ? fallback : Number(text);
  return Math.min(max, Math.max(min, value));
}
