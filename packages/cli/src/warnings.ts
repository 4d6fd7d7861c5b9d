/** The DEVELOPMENT-ONLY warning of every command that uses keys made by `zkr setup --dev`. */
import type { Cli } from './cli';

/** One stderr line (never stdout, so `--json` stays parseable): `where` names what holds the dev keys. */
export function warnDevelopmentKeys(cli: Cli, where: string): void {
  cli.note(`WARNING: DEVELOPMENT-ONLY KEYS ${where}: whoever ran the setup could forge proofs; never rely on them for anything of value.`);
}
