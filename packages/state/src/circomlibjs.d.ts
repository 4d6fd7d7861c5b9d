/** The subset of circomlibjs (untyped upstream) that zkr uses. */
declare module 'circomlibjs' {
  /** circomlibjs's field: elements are opaque `Uint8Array`s in Montgomery form. */
  export interface CircomField {
    e(value: bigint): Uint8Array;
    toObject(element: Uint8Array): bigint;
  }
  /** Poseidon over BN254 (wasm build). */
  export interface CircomPoseidon {
    (inputs: readonly (bigint | Uint8Array)[]): Uint8Array;
    readonly F: CircomField;
  }
  /** A Baby Jubjub point in circomlibjs's field representation. */
  export type CircomPoint = [Uint8Array, Uint8Array];
  /** Baby Jubjub curve operations. */
  export interface CircomBabyJub {
    readonly F: CircomField;
    readonly subOrder: bigint;
    readonly Base8: CircomPoint;
    inCurve(point: CircomPoint): boolean;
    mulPointEscalar(point: CircomPoint, scalar: bigint): CircomPoint;
    addPoint(a: CircomPoint, b: CircomPoint): CircomPoint;
  }
  /** EdDSA over Baby Jubjub. */
  export interface CircomEddsa {
    readonly F: CircomField;
    readonly babyJub: CircomBabyJub;
    prv2pub(privateKey: Uint8Array): CircomPoint;
    signPoseidon(privateKey: Uint8Array, message: Uint8Array): { R8: CircomPoint; S: bigint };
    verifyPoseidon(message: Uint8Array, signature: { R8: CircomPoint; S: bigint }, publicKey: CircomPoint): boolean;
  }
  export function buildPoseidon(): Promise<CircomPoseidon>;
  export function buildEddsa(): Promise<CircomEddsa>;
  export function buildBabyjub(): Promise<CircomBabyJub>;
}

/** blake-hash (untyped upstream): the BLAKE-512 that circomlibjs's EdDSA derives keys and nonces with. */
declare module 'blake-hash' {
  interface BlakeHash {
    update(data: Buffer): BlakeHash;
    digest(): Buffer;
  }
  export default function createBlakeHash(algorithm: 'blake512'): BlakeHash;
}
