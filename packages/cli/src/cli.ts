/** What every command shares: output (human or `--json`), the lazily created crypto suite, the io. */
import type { Command } from 'commander';
import { createCryptoSuite, type CryptoSuite } from '@zkr/state';

/** Where the CLI writes; `main` uses the process streams, tests capture. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Converts bigints to decimal strings and byte arrays to 0x-hex, for `--json` output. */
export function toJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  return value;
}

/** The per-invocation context handed to every command group's `register`. */
export class Cli {
  private suite?: Promise<CryptoSuite>;

  constructor(
    /** The output streams. */
    readonly io: CliIo,
    private readonly program: Command,
  ) {}

  /** True when `--json` was given: results go to stdout as one JSON document. */
  get json(): boolean {
    return this.program.opts<{ json?: boolean }>().json === true;
  }

  /** The Poseidon/EdDSA primitives, created on first use and shared by the invocation. */
  crypto(): Promise<CryptoSuite> {
    this.suite ??= createCryptoSuite();
    return this.suite;
  }

  /** Prints a command's result: `value` as JSON with `--json`, else the human-readable `text`. */
  result(value: object, text: string): void {
    this.io.stdout(this.json ? `${JSON.stringify(value, toJsonValue, 2)}\n` : `${text}\n`);
  }

  /** A progress or warning line on stderr (kept out of stdout so `--json` stays parseable). */
  note(text: string): void {
    this.io.stderr(`${text}\n`);
  }
}
