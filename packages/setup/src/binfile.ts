/**
 * The iden3 binary container used by `.r1cs`, `.ptau`, `.zkey` and `.wtns` files:
 * 4-byte magic, u32 version, u32 section count, then sections of (u32 id, u64 size, bytes).
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ZkrError } from '@zkr/errors';

/** Where one section's payload lies in the file. */
export interface SectionRef {
  readonly offset: number;
  readonly size: number;
}

/** The parsed section table of a binary file. */
export interface BinLayout {
  readonly version: number;
  readonly sections: ReadonlyMap<number, readonly SectionRef[]>;
  readonly fileSize: number;
}

/**
 * Parses the section table of `buf` (magic `type`), failing with `code` when the file is not
 * of that type or a section runs past the end (truncated or corrupted file).
 */
export function parseBinLayout(buf: Uint8Array, type: string, code: string, what: string): BinLayout {
  const fail = (why: string): never => {
    throw new ZkrError(code, `${what} is not a valid .${type} file: ${why}`, { details: { type, why } });
  };
  if (buf.byteLength < 12) fail('too short for the header');
  const magic = Buffer.from(buf.subarray(0, 4)).toString('latin1');
  if (magic !== type) fail(`magic is "${magic}", expected "${type}"`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getUint32(4, true);
  const nSections = view.getUint32(8, true);
  const sections = new Map<number, SectionRef[]>();
  let pos = 12;
  for (let i = 0; i < nSections; i++) {
    if (pos + 12 > buf.byteLength) fail(`section table truncated at section ${i}`);
    const id = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (pos + size > buf.byteLength) fail(`section ${id} runs past the end of the file`);
    const list = sections.get(id) ?? [];
    list.push({ offset: pos, size });
    sections.set(id, list);
    pos += size;
  }
  if (pos !== buf.byteLength) fail(`${buf.byteLength - pos} trailing bytes after the last section`);
  return { version, sections, fileSize: buf.byteLength };
}

/** The single section `id` of a layout, or a `code` error naming what is missing. */
export function uniqueSection(layout: BinLayout, id: number, code: string, what: string): SectionRef {
  const list = layout.sections.get(id);
  if (!list || list.length !== 1) {
    throw new ZkrError(code, `${what}: expected exactly one section ${id}, found ${list?.length ?? 0}`, {
      details: { section: id },
    });
  }
  return list[0];
}

/** Streams a binary file section by section (sizes patched in when each section ends). */
export class BinWriter {
  private pos = 0;
  private sectionStart = -1;

  private constructor(private readonly fh: FileHandle) {}

  /** Creates `path` and writes the file header. */
  static async create(path: string, type: string, version: number, nSections: number): Promise<BinWriter> {
    const writer = new BinWriter(await open(path, 'w'));
    const head = Buffer.alloc(12);
    head.write(type, 0, 'latin1');
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

  /** Opens section `id`; its size is filled in by {@link endSection}. */
  async startSection(id: number): Promise<void> {
    if (this.sectionStart >= 0) throw new Error('BinWriter: a section is already open');
    const head = Buffer.alloc(12);
    head.writeUInt32LE(id, 0);
    await this.write(head);
    this.sectionStart = this.pos;
  }

  /** Closes the open section and patches its size. */
  async endSection(): Promise<void> {
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
