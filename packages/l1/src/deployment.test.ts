import { deploymentFromJson, deploymentToJson, type Deployment } from './deployment';

const deployment: Deployment = {
  chainId: 31337n,
  rpcUrl: 'http://127.0.0.1:8545',
  rollup: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  domain: 123n,
  depth: 24,
  hasher: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
  genesisRoot: 456n,
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  blockNumber: 3,
  verifiers: [{ batchSize: 4, address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' }],
};

test('round-trips through JSON with bigints as decimal strings', () => {
  const json = JSON.parse(JSON.stringify(deploymentToJson(deployment)));
  expect(json).toMatchObject({ version: 2, kind: 'deployment', chainId: '31337', domain: '123', depth: 24, hasher: deployment.hasher, genesisRoot: '456' });
  expect(deploymentFromJson(json)).toEqual(deployment);
  expect(deploymentFromJson({ ...json, rpcUrl: null }).rpcUrl).toBeUndefined();
});

test.each([
  ['kind', { kind: 'state' }],
  ['chainId', { chainId: '0x7a69' }],
  ['rollup', { rollup: '0x1234' }],
  ['verifiers', { verifiers: [] }],
  ['verifiers.0.batchSize', { verifiers: [{ batchSize: 0, address: deployment.verifiers[0].address }] }],
  ['blockNumber', { blockNumber: -1 }],
  ['depth', { depth: 7 }],
  ['depth', { depth: 34 }],
  ['depth', { depth: undefined }],
  ['hasher', { hasher: '0x1234' }],
])('rejects a bad %s with INVALID_FILE naming the field', (field, patch) => {
  const json = { ...(deploymentToJson(deployment) as object), ...patch };
  expect(() => deploymentFromJson(json, 'd.json')).toThrow(expect.objectContaining({ code: 'INVALID_FILE', details: { source: 'd.json', field } }));
});

test('a deployment file of another version is UNSUPPORTED_VERSION naming the version (a version-1 rollup takes no version-2 batch)', () => {
  for (const version of [1, 3, undefined]) {
    const json = { ...(deploymentToJson(deployment) as object), version };
    expect(() => deploymentFromJson(json, 'd.json')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_VERSION', details: { source: 'd.json', field: 'version', version } }),
    );
  }
});
