/** Seeds of randomized tests: taken from `ZKR_TEST_SEED` when set, printed in test names so a failure can be replayed. */
import { randomBytes } from 'node:crypto';

/** The seed of this run: `ZKR_TEST_SEED` (decimal or 0x-hex) when set, else 64 random bits. */
export function testSeed(): bigint {
  const fromEnv = process.env.ZKR_TEST_SEED;
  return fromEnv !== undefined && fromEnv !== '' ? BigInt(fromEnv) : BigInt(`0x${randomBytes(8).toString('hex')}`);
}

/** A deterministic generator of field-sized values from `seed` (splitmix64 steps, 4 words per value). */
export function seededBigints(seed: bigint): (bits: number) => bigint {
  let state = BigInt.asUintN(64, seed);
  const next64 = (): bigint => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  return (bits) => {
    let value = 0n;
    for (let have = 0; have < bits; have += 64) value = (value << 64n) | next64();
    return BigInt.asUintN(bits, value);
  };
}
