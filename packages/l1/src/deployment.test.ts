import { deploymentFromJson, deploymentToJson, type Deployment } from './deployment';

const deployment: Deployment = {
  chainId: 31337n,
  rpcUrl: 'http://127.0.0.1:8545',
  rollup: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  domain: 123n,
  depth: 24,
  queuePositions: 2,
  withdrawalPositions: 3,
  unit: 1_000_000_000n,
  exodusDelay: 604_800,
  nextIndex: 5,
  hashers: { poseidon2: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9', poseidon4: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9' },
  genesisRoot: 456n,
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  blockNumber: 3,
  verifiers: [{ batchSize: 4, address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' }],
};
const token = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';

test('round-trips through JSON with bigints as decimal strings and token null for ETH (docs/protocol.md §10)', () => {
  const json = JSON.parse(JSON.stringify(deploymentToJson(deployment)));
  expect(json).toMatchObject({
    version: 3, kind: 'deployment', chainId: '31337', domain: '123', depth: 24, queuePositions: 2, withdrawalPositions: 3,
    token: null, unit: '1000000000', exodusDelay: 604800, nextIndex: 5, hashers: deployment.hashers, genesisRoot: '456',
  });
  expect(deploymentFromJson(json)).toEqual(deployment);
  expect(deploymentFromJson(json).token).toBeUndefined();
  expect(deploymentFromJson({ ...json, rpcUrl: null }).rpcUrl).toBeUndefined();
  const erc20 = JSON.parse(JSON.stringify(deploymentToJson({ ...deployment, token, unit: 1n })));
  expect([erc20.token, erc20.unit]).toEqual([token, '1']);
  expect(deploymentFromJson({ ...erc20, token: token.toLowerCase() })).toEqual({ ...deployment, token, unit: 1n });
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
  ['queuePositions', { queuePositions: 0 }],
  ['queuePositions', { queuePositions: 65 }],
  ['withdrawalPositions', { withdrawalPositions: undefined }],
  ['token', { token: '0x1234' }],
  ['token', { token: undefined }],
  ['unit', { unit: '0' }],
  ['unit', { unit: (1n << 128n).toString() }],
  ['unit', { unit: 1000 }],
  ['exodusDelay', { exodusDelay: 0 }],
  ['exodusDelay', { exodusDelay: 2 ** 32 }],
  ['nextIndex', { nextIndex: -1 }],
  ['hashers.poseidon4', { hashers: { poseidon2: deployment.hashers.poseidon2 } }],
  ['hashers', { hashers: undefined }],
])('rejects a bad %s with INVALID_FILE naming the field', (field, patch) => {
  const json = { ...(deploymentToJson(deployment) as object), ...patch };
  expect(() => deploymentFromJson(json, 'd.json')).toThrow(expect.objectContaining({ code: 'INVALID_FILE', details: { source: 'd.json', field } }));
});

test('a deployment file of another version is UNSUPPORTED_VERSION naming the version and the commands that re-create it', () => {
  for (const version of [1, 2, 4, undefined]) {
    const json = { ...(deploymentToJson(deployment) as object), version };
    expect(() => deploymentFromJson(json, 'd.json')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_VERSION', details: { source: 'd.json', field: 'version', version } }),
    );
  }
  expect(() => deploymentFromJson({ ...(deploymentToJson(deployment) as object), version: 2 }, 'd.json')).toThrow(/`zkr genesis`.*`zkr deploy`/);
});
