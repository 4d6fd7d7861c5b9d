import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BinWriter, coefficientSection, constraintsByWire, domainPower, encodeContainer, encodeWtns, FR_ORDER, parseContainer, parseR1cs, parseR1csHeader,
  parseWtns, readContainer, readR1csHeader, readWtns, readZkey, unsatisfiedConstraints, writeUintLE, zkeySectionSizes,
} from '@zkr/bn254';

const u32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer);
const fe = (v: bigint) => {
  const b = Buffer.alloc(32);
  writeUintLE(b, 0, 32, v);
  return b;
};

/** The r1cs of `x * x = y` (wires: 0 one, 1 y public input, 2 x) written by hand. */
function squareR1cs(coefficient = 1n): Uint8Array {
  const header = Buffer.concat([u32(32), fe(FR_ORDER), u32(3), u32(0), u32(1), u32(1), Buffer.alloc(8), u32(1)]);
  const lc = (wire: number, c: bigint) => Buffer.concat([u32(1), u32(wire), fe(c)]);
  return encodeContainer('r1cs', 1, [[1, header], [2, Buffer.concat([lc(2, coefficient), lc(2, 1n), lc(1, 1n)])]]);
}

describe('binary container', () => {
  it('round-trips sections and reports each defect with the format code', () => {
    const bytes = encodeContainer('zkey', 1, [[1, u32(1)], [2, Buffer.alloc(5)]]);
    const layout = parseContainer(bytes, 'zkey');
    expect(layout.sections.get(2)).toEqual([{ offset: 12 + 12 + 4 + 12, size: 5 }]);
    expect(() => parseContainer(bytes, 'r1cs')).toThrow(expect.objectContaining({ code: 'R1CS_INVALID' }));
    expect(() => parseContainer(bytes.subarray(0, bytes.length - 1), 'zkey')).toThrow(expect.objectContaining({ code: 'ZKEY_INVALID' }));
    expect(() => parseContainer(Buffer.concat([bytes, Buffer.alloc(1)]), 'zkey')).toThrow(expect.objectContaining({ code: 'ZKEY_INVALID' }));
    expect(() => readZkey(bytes)).toThrow(expect.objectContaining({ code: 'ZKEY_INVALID' }));
  });

  it('reads the same table from a file by ranges, FILE_MISSING when absent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zkr-bn254-'));
    const path = join(dir, 'a.r1cs');
    await writeFile(path, squareR1cs());
    expect(await readContainer(path, 'r1cs')).toEqual(parseContainer(squareR1cs(), 'r1cs'));
    expect(await readR1csHeader(path)).toMatchObject({ nWires: 3, nPublic: 1, nConstraints: 1 });
    await expect(readContainer(join(dir, 'absent.r1cs'), 'r1cs')).rejects.toMatchObject({ code: 'FILE_MISSING' });
  });

  it('streams sections with BinWriter and refuses misuse with INVALID_ARGUMENT', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'zkr-bn254-')), 'w.wtns');
    const out = await BinWriter.create(path, 'wtns', 2, 1);
    await expect(out.endSection()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await out.startSection(7);
    await expect(out.startSection(8)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await out.write(Buffer.from('abc'));
    await out.endSection();
    await out.close();
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(encodeContainer('wtns', 2, [[7, Buffer.from('abc')]])))).toBe(true);
  });
});

describe('r1cs', () => {
  it('parses the header and constraints and evaluates them', () => {
    const r1cs = parseR1cs(squareR1cs());
    expect(parseR1csHeader(squareR1cs())).toMatchObject({ nWires: 3, nPublicInputs: 1, nPrivateInputs: 1, nConstraints: 1, nPublic: 1 });
    expect(unsatisfiedConstraints(r1cs, [1n, 9n, 3n])).toEqual([]);
    expect(unsatisfiedConstraints(r1cs, [1n, 9n, 4n])).toEqual([0]);
    expect(unsatisfiedConstraints(parseR1cs(squareR1cs(FR_ORDER - 1n)), [1n, FR_ORDER - 9n, 3n])).toEqual([]);
    expect(constraintsByWire(r1cs)).toEqual([[], [0], [0]]);
    expect(domainPower(r1cs)).toBe(2);
    expect(coefficientSection(r1cs).byteLength).toBe(4 + (2 + 2) * 44);
  });

  it('refuses another prime and a wire out of range with R1CS_INVALID', () => {
    const bytes = Buffer.from(squareR1cs());
    bytes[12 + 12 + 4] ^= 1; // first byte of the prime
    expect(() => parseR1cs(bytes)).toThrow(expect.objectContaining({ code: 'R1CS_INVALID' }));
    const wide = Buffer.from(squareR1cs());
    wide.writeUInt32LE(9, 12 + 12 + 64 + 12 + 4); // wire of the first A term
    expect(() => parseR1cs(wide)).toThrow(expect.objectContaining({ code: 'R1CS_INVALID' }));
  });
});

describe('wtns', () => {
  it('round-trips values and refuses other files with WTNS_INVALID', () => {
    const values = [1n, 9n, FR_ORDER - 1n];
    const wtns = encodeWtns(values);
    expect(parseWtns(wtns)).toEqual(values);
    expect(readWtns(wtns).nVars).toBe(3);
    expect(() => parseWtns(squareR1cs())).toThrow(expect.objectContaining({ code: 'WTNS_INVALID' }));
    expect(() => parseWtns(wtns.subarray(0, wtns.length - 32))).toThrow(expect.objectContaining({ code: 'WTNS_INVALID' }));
  });
});

describe('zkey size table', () => {
  it('sizes the point sections from nVars, nPublic and the domain', () => {
    expect(zkeySectionSizes(10, 2, 16)).toEqual({ 3: 192, 5: 640, 6: 640, 7: 1280, 8: 448, 9: 1024 });
  });
});
