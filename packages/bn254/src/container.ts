/**
 * The iden3 binary container of `.r1cs`, `.wtns`, `.zkey` and `.ptau` files: a 4-byte magic,
 * u32 version, u32 section count, then sections of (u32 id, u64 byte size, payload), all
 * little-endian. One table parser serves bytes in memory and files read by ranges (ptau and
 * zkey files can be GBs); a defect in a `<format>` file is always `<FORMAT>_INVALID`.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { bn254Error } from './errors';

/** The container formats zkr reads and writes. */
export type BinFormat = 'r1cs' | 'wtns' | 'zkey' | 'ptau';

/** The error code of a malformed file of `format`. */
export type InvalidCode<F extends BinFormat = BinFormat> = `${Uppercase<F>}_INVALID`;

/** The code of a malformed file of `format` (`R1CS_INVALID`, `ZKEY_INVALID`...). */
export function invalidCode<F extends BinFormat>(format: F): InvalidCode<F> {
  return `${format.toUpperCase()}_INVALID` as InvalidCode<F>;
}

/** Throws the `<FORMAT>_INVALID` error for `what` (a path or a label), saying why. */
export function invalidFile(format: BinFormat, what: string, why: string, details: Record<string, unknown> = {}): never {
  throw bn254Error(invalidCode(format), `${what} is not a valid BN254 .${format} file (${why}); regenerate it`, {
    details: { file: what, format, why, ...details },
  });
}

/** Where one section's payload lies: byte offset from the start of the file, and size. */
export interface SectionRef {
  readonly offset: number;
  readonly size: number;
}

/** The header and section table of a container. */
export interface BinLayout {
  readonly format: BinFormat;
  readonly version: number;
  /** Section id -> its occurrences in file order (a well-formed file has one of each). */
  readonly sections: ReadonlyMap<number, readonly SectionRef[]>;
  /** Total bytes of the file. */
  readonly size: number;
}

/** A request of the table parser: `length` bytes at `offset`. */
type ReadRequest = { readonly offset: number; readonly length: number };

/** The one section-table parser: yields the byte ranges it needs, receives them, returns the layout. */
function* parseTable(format: BinFormat, size: number, what: string): Generator<ReadRequest, BinLayout, Uint8Array> {
  const bad = (why: string): never => invalidFile(format, what, why);
  if (size < 12) bad('too short for the header');
  const head = yield { offset: 0, length: 12 };
  const magic = Buffer.from(head.subarray(0, 4)).toString('latin1');
  if (magic !== format) bad(`magic is ${JSON.stringify(magic)}, expected "${format}"`);
  const view = new DataView(head.buffer, head.byteOffset, 12);
  const version = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const sections = new Map<number, SectionRef[]>();
  let at = 12;
  for (let i = 0; i < count; i++) {
    if (at + 12 > size) bad(`section table truncated at section ${i}`);
    const entry = yield { offset: at, length: 12 };
    const entryView = new DataView(entry.buffer, entry.byteOffset, 12);
    const id = entryView.getUint32(0, true);
    const sectionSize = Number(entryView.getBigUint64(4, true));
    at += 12;
    if (at + sectionSize > size) bad(`section ${id} runs past the end of the file`);
    const list = sections.get(id) ?? [];
    list.push({ offset: at, size: sectionSize });
    sections.set(id, list);
    at += sectionSize;
  }
  if (at !== size) bad(`${size - at} trailing bytes after the last section`);
  return { format, version, sections, size };
}

/** Parses the section table of a container held in memory. */
export function parseContainer(bytes: Uint8Array, format: BinFormat, what: string = format): BinLayout {
  const parser = parseTable(format, bytes.byteLength, what);
  let step = parser.next();
  while (!step.done) step = parser.next(bytes.subarray(step.value.offset, step.value.offset + step.value.length));
  return step.value;
}

/** Opens `path` for reading; `FILE_MISSING` (naming `what`) when it does not exist or cannot be opened. */
export async function openFile(path: string, what: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (cause) {
    throw bn254Error('FILE_MISSING', `cannot open the ${what} ${path}; check the path or regenerate the file`, { details: { path }, cause });
  }
}

/** Reads a whole file; `FILE_MISSING` (naming `what`) when it cannot be read. */
export async function readFileBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw bn254Error('FILE_MISSING', `cannot read the ${what} ${path}; check the path or regenerate the file`, { details: { path }, cause });
  }
}

async function readExactly(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** Parses the section table of a file without loading its payload. */
export async function readContainer(path: string, format: BinFormat, what: string = `${format} ${path}`): Promise<BinLayout> {
  const fh = await openFile(path, `.${format} file`);
  try {
    const parser = parseTable(format, (await fh.stat()).size, what);
    let step = parser.next();
    while (!step.done) step = parser.next(await readExactly(fh, step.value.offset, step.value.length));
    return step.value;
  } finally {
    await fh.close();
  }
}

/** The single section `id` of `layout`; `<FORMAT>_INVALID` when it is absent or repeated. */
export function uniqueSection(layout: BinLayout, id: number, what: string): SectionRef {
  const list = layout.sections.get(id);
  if (!list || list.length !== 1) invalidFile(layout.format, what, `expected exactly one section ${id}, found ${list?.length ?? 0}`, { section: id });
  return list[0];
}

/** The payload of `ref` in bytes held in memory (a view, not a copy). */
export function sectionBytes(bytes: Uint8Array, ref: SectionRef): Uint8Array {
  return bytes.subarray(ref.offset, ref.offset + ref.size);
}

/** Reads the payload of `ref` from the file at `path`. */
export async function readSection(path: string, ref: SectionRef): Promise<Buffer> {
  const fh = await openFile(path, 'file');
  try {
    return await readExactly(fh, ref.offset, ref.size);
  } finally {
    await fh.close();
  }
}

/** Encodes a whole container in memory from its sections, in the order given. */
export function encodeContainer(format: BinFormat, version: number, sections: readonly (readonly [id: number, payload: Uint8Array])[]): Uint8Array {
  const size = 12 + sections.reduce((n, [, payload]) => n + 12 + payload.byteLength, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from(format, 'latin1'), 0);
  view.setUint32(4, version, true);
  view.setUint32(8, sections.length, true);
  let at = 12;
  for (const [id, payload] of sections) {
    view.setUint32(at, id, true);
    view.setBigUint64(at + 4, BigInt(payload.byteLength), true);
    bytes.set(payload, at + 12);
    at += 12 + payload.byteLength;
  }
  return bytes;
}

/** Streams a container to a file section by section (each size is patched in when its section ends). */
export class BinWriter {
  private pos = 0;
  private sectionStart = -1;

  private constructor(private readonly fh: FileHandle) {}

  /** Creates (truncates) `path` and writes the file header. */
  static async create(path: string, format: BinFormat, version: number, nSections: number): Promise<BinWriter> {
    const writer = new BinWriter(await open(path, 'w'));
    const head = Buffer.alloc(12);
    head.write(format, 0, 'latin1');
    head.writeUInt32LE(version, 4);
    head.writeUInt32LE(nSections, 8);
    await writer.write(head);
    return writer;
  }

  /** Appends raw bytes. */
  async write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.byteLength) {
      const { bytesWritten } = await this.fh.write(bytes, done, bytes.byteLength - done, this.pos);
      done += bytesWritten;
      this.pos += bytesWritten;
    }
  }

  /** Appends a u32 little-endian. */
  async writeU32(value: number): Promise<void> {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value, 0);
    await this.write(b);
  }

  /** Opens section `id`; `INVALID_ARGUMENT` while another section is open. */
  async startSection(id: number): Promise<void> {
    if (this.sectionStart >= 0) throw bn254Error('INVALID_ARGUMENT', `BinWriter: cannot start section ${id} while another section is open; end it first`, { details: { section: id } });
    const head = Buffer.alloc(12);
    head.writeUInt32LE(id, 0);
    await this.write(head);
    this.sectionStart = this.pos;
  }

  /** Closes the open section and patches its size; `INVALID_ARGUMENT` when none is open. */
  async endSection(): Promise<void> {
    if (this.sectionStart < 0) throw bn254Error('INVALID_ARGUMENT', 'BinWriter: no section is open; call startSection first');
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(this.pos - this.sectionStart), 0);
    await this.fh.write(size, 0, 8, this.sectionStart - 8);
    this.sectionStart = -1;
  }

  /** Flushes to disk and closes. */
  async close(): Promise<void> {
    await this.fh.sync();
    await this.fh.close();
  }

  /** Closes without flushing (error path). */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
