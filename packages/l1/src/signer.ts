/**
 * Resolving the transaction signer without ever printing a key: `privateKey` option, else the
 * `ZKR_PRIVATE_KEY` env var, else an ethers JSON keystore unlocked with `ZKR_KEYSTORE_PASSWORD`,
 * else (in-process network only) Hardhat's first default account.
 */
import * as fs from 'node:fs';
import { type JsonRpcApiProvider, type Signer, Wallet } from 'ethers';
import { l1Error } from './errors';
import { toZkrError } from './revert';

/** Where the signing key comes from; all optional (see the module header for the order). */
export interface KeyOptions {
  /** 0x-prefixed 32-byte hex private key. */
  readonly privateKey?: string;
  /** Path of an ethers/geth JSON keystore; its password is read from `ZKR_KEYSTORE_PASSWORD`. */
  readonly keystore?: string;
}

function walletFromKey(key: string, source: string): Wallet {
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key.trim())) {
    throw l1Error('INVALID_PRIVATE_KEY', `the private key from ${source} must be 32 bytes of hex (64 hex digits, optional 0x); the value is not shown`, {
      details: { source },
    });
  }
  const hex = key.trim();
  return new Wallet(hex.startsWith('0x') ? hex : `0x${hex}`);
}

async function walletFromKeystore(file: string): Promise<Wallet> {
  const password = process.env.ZKR_KEYSTORE_PASSWORD;
  if (password === undefined) {
    throw l1Error('KEYSTORE_PASSWORD_MISSING', `set ZKR_KEYSTORE_PASSWORD to the password of the keystore ${file}`, { details: { keystore: file } });
  }
  let json: string;
  try {
    json = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw l1Error('KEYSTORE_UNREADABLE', `cannot read the keystore file ${file}; check the --keystore path`, { details: { keystore: file }, cause });
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return new Wallet(wallet.privateKey);
  } catch (cause) {
    throw l1Error('KEYSTORE_DECRYPT_FAILED', `cannot decrypt the keystore ${file}: wrong ZKR_KEYSTORE_PASSWORD or not an ethers JSON keystore`, {
      details: { keystore: file },
      cause,
    });
  }
}

/**
 * The signer for `provider`, chosen as the module header describes. `inProcess` allows the fallback
 * to Hardhat's first default account; without it and without a key this is a `NO_SIGNER` error.
 */
export async function resolveSigner(provider: JsonRpcApiProvider, keys: KeyOptions, inProcess: boolean): Promise<Signer> {
  const envKey = process.env.ZKR_PRIVATE_KEY;
  if (keys.privateKey !== undefined) return walletFromKey(keys.privateKey, '--private-key').connect(provider);
  if (envKey !== undefined && envKey !== '') return walletFromKey(envKey, 'ZKR_PRIVATE_KEY').connect(provider);
  if (keys.keystore !== undefined) return (await walletFromKeystore(keys.keystore)).connect(provider);
  if (inProcess) return provider.getSigner(0).catch((error: unknown) => Promise.reject(toZkrError(error, "reading the embedded chain's first account")));
  throw l1Error('NO_SIGNER', 'no signing key for the RPC network: pass --private-key KEY, set ZKR_PRIVATE_KEY, or pass --keystore FILE with ZKR_KEYSTORE_PASSWORD');
}
