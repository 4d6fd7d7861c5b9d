/**
 * `manifest.json` of an artifact directory: what circuit the keys are for, how they were made,
 * and the SHA-256 of every file. Validated with zod on every load; written last and atomically,
 * so a directory without a valid manifest is never "set up".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ZkrError } from '@zkr/errors';
import { setupError, type SetupErrorCode } from './errors';

/** Current manifest format version. */
export const MANIFEST_VERSION = 1;

/** File names inside an artifact directory (other packages rely on them). */
export const ARTIFACT_FILES = {
  r1cs: 'circuit.r1cs',
  wasm: 'circuit.wasm',
  zkey: 'circuit.zkey',
  vkey: 'vkey.json',
  verifier: 'Verifier.sol',
  manifest: 'manifest.json',
} as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');
const hash512 = z.string().regex(/^[0-9a-f]{128}$/, 'a hex 64-byte hash');
const count = z.number().int().nonnegative();

/** Circuit parameters: free-form, with a name and the counts the setup measured. */
export const CircuitInfoSchema = z.looseObject({
  name: z.string().min(1),
  depth: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  constraints: count,
  nPublic: count,
});

/** A phase-2 contribution recorded in the manifest (snarkjs contribution hash). */
export const ContributionSchema = z.object({ name: z.string(), hash: hash512 });

const DevSetupSchema = z.object({
  kind: z.literal('dev'),
  power: count,
  csHash: hash512,
  contributions: z.array(ContributionSchema),
});

const CeremonySetupSchema = z.object({
  kind: z.literal('ceremony'),
  power: count,
  csHash: hash512,
  ptau: z.object({ sha256, power: count, file: z.string() }),
  contributions: z.array(ContributionSchema),
  beacon: z.object({ hash: z.string(), iterationsExp: count, contributionHash: hash512 }).optional(),
});

/** The manifest schema. */
export const ManifestSchema = z
  .object({
    version: z.literal(MANIFEST_VERSION),
    circuit: CircuitInfoSchema,
    files: z.object({ r1cs: sha256, wasm: sha256, zkey: sha256, vkey: sha256, verifier: sha256 }),
    tools: z.object({ circom: z.string(), snarkjs: z.string() }),
    setup: z.discriminatedUnion('kind', [DevSetupSchema, CeremonySetupSchema]),
    developmentOnly: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .refine((m) => m.developmentOnly === (m.setup.kind === 'dev'), {
    message: 'developmentOnly must be true exactly for dev setups',
    path: ['developmentOnly'],
  });

/** A validated artifact manifest. */
export type Manifest = z.infer<typeof ManifestSchema>;
/** Circuit parameters stored in a manifest. */
export type CircuitInfo = z.infer<typeof CircuitInfoSchema>;
/** A recorded phase-2 contribution. */
export type Contribution = z.infer<typeof ContributionSchema>;

/** Reads and validates `dir/manifest.json`: `ARTIFACTS_MISSING` if absent, `ARTIFACTS_CORRUPT` if invalid. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, ARTIFACT_FILES.manifest);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw setupError('ARTIFACTS_MISSING', `${dir} is not set up (no ${ARTIFACT_FILES.manifest}); run \`zkr setup\` first`, {
      details: { dir },
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw corrupt(dir, 'manifest.json is not valid JSON', cause);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(dir, `manifest.json field ${issue.path.join('.') || '(root)'}: ${issue.message}`, parsed.error);
  }
  return parsed.data;
}

/** The validated text of `manifest.json` for `manifest`. */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(ManifestSchema.parse(manifest), null, 2)}\n`;
}

/** An `ARTIFACTS_CORRUPT` error for `dir`. */
export function corrupt(dir: string, why: string, cause?: unknown): ZkrError<SetupErrorCode> {
  return setupError('ARTIFACTS_CORRUPT', `artifacts in ${dir} are corrupt (${why}); re-run \`zkr setup\` for this circuit`, {
    details: { dir, why },
    cause,
  });
}
