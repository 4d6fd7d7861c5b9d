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
 * Reads the header and section table of `path` (magic `type`) without loading the payload (ptau
 * and zkey files can be GBs), failing with `code` when the file is missing, not of that type, or
 * a section runs past the end (truncated or corrupted file).
 */
export async function readBinLayout(path: string, type: string, code: string, what: string): Promise<BinLayout> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (cause) {
    throw new ZkrError(code, `${what}: cannot open ${path}`, { details: { path }, cause });
  }
  try {
    const fileSize = (await fh.stat()).size;
    const head = Buffer.alloc(12);
    const fail = (why: string): never => {
      throw new ZkrError(code, `${what} is not a valid .${type} file: ${why}`, { details: { path, type, why } });
    };
    if ((await fh.read(head, 0, 12, 0)).bytesRead < 12) fail('too short for the header');
    const magic = head.toString('latin1', 0, 4);
    if (magic !== type) fail(`magic is "${magic}", expected "${type}"`);
    const version = head.readUInt32LE(4);
    const nSections = head.readUInt32LE(8);
    const sections = new Map<number, SectionRef[]>();
    let pos = 12;
    for (let i = 0; i < nSections; i++) {
      if ((await fh.read(head, 0, 12, pos)).bytesRead < 12) fail(`section table truncated at section ${i}`);
      const id = head.readUInt32LE(0);
      const size = Number(head.readBigUInt64LE(4));
      pos += 12;
      if (pos + size > fileSize) fail(`section ${id} runs past the end of the file`);
      const list = sections.get(id) ?? [];
      list.push({ offset: pos, size });
      sections.set(id, list);
      pos += size;
    }
    if (pos !== fileSize) fail(`${fileSize - pos} trailing bytes after the last section`);
    return { version, sections, fileSize };
  } finally {
    await fh.close();
  }
}

/** Reads `size` bytes at `offset` of `path`. */
export async function readRange(path: string, offset: number, size: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, offset);
    return buf;
  } finally {
    await fh.close();
  }
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
