/**
 * The node database's numbered migrations, applied in order at open, each in its own transaction
 * with SQLite's `user_version` set to its number; a database newer than the newest known
 * migration is refused (`SCHEMA_TOO_NEW`) rather than misread.
 */
import type Database from 'better-sqlite3';
import { sequencerError } from '../errors';
import { MIGRATION_0001 } from './migrations/0001-initial';
import { MIGRATION_0002 } from './migrations/0002-undo';

/** Migration `n` is `MIGRATIONS[n - 1]`; append, never edit a released one. */
const MIGRATIONS: readonly string[] = [MIGRATION_0001, MIGRATION_0002];

/** The schema version this zkr writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings `db` to {@link SCHEMA_VERSION}; `SCHEMA_TOO_NEW` for a database written by a newer zkr. */
export function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw sequencerError('SCHEMA_TOO_NEW', `${file} has schema version ${version}, this zkr knows up to ${SCHEMA_VERSION}; run a newer zkr or pass another --db`, {
      details: { file, version, known: SCHEMA_VERSION },
    });
  }
  for (let n = version + 1; n <= SCHEMA_VERSION; n++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[n - 1]);
      db.pragma(`user_version = ${n}`);
    })();
  }
}
