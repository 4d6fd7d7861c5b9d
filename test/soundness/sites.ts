/** Locates circuit statements by their source text, to check where a witness calculation failed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIRCUITS_DIR } from '@zkr/circuits';

const FILES: Readonly<Record<string, string>> = {
  Batch: 'batch.circom',
  TransferSlot: 'transfer.circom',
  FeeCredit: 'fee_credit.circom',
  FeeOverflowCheck: 'fee_overflow.circom',
  AccountUpdate: 'account_update.circom',
};

/** A pattern matching a failure frame at the (unique) line of `template` containing `snippet`. */
export function site(template: string, snippet: string): RegExp {
  const lines = readFileSync(join(CIRCUITS_DIR, FILES[template]), 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`"${snippet}" occurs ${found.length} times in ${FILES[template]}`);
  return new RegExp(`(^| < )${template}_\\d+:${found[0]}( |$)`);
}
