/** `zkr keygen`: a fresh Baby Jubjub key pair. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { cliError } from '../errors';
import { generateKeyPair, keyToJson, writeKeyFile } from '@zkr/state';
import type { Cli } from '../cli';

/** Registers `zkr keygen [--out FILE] [--force]`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('keygen')
    .description('generate an EdDSA (Baby Jubjub) key pair; prints the key file unless --out is given')
    .option('--out <file>', 'write the key file here (refuses to overwrite without --force)')
    .option('--force', 'overwrite an existing --out file')
    .action(async (options: { out?: string; force?: boolean }) => {
      const { eddsa } = await cli.crypto();
      const key = generateKeyPair(eddsa);
      if (options.out === undefined) {
        cli.io.stdout(`${JSON.stringify(keyToJson(key), null, 2)}\n`);
        return;
      }
      if (existsSync(options.out) && !options.force) {
        throw cliError('FILE_EXISTS', `${options.out} already exists; keep that key, choose another --out or pass --force`, {
          details: { field: '--out', value: options.out },
        });
      }
      await writeKeyFile(options.out, key);
      cli.result({ file: options.out, publicKey: key.publicKey }, `wrote ${options.out}\npublic key: ${key.publicKey.join(' ')}`);
    });
}
