pragma circom 2.1.0;

// The toy circuits of the test suites. Each prover knows a factorisation x[0] * x[1] of its first
// public input (so every field element has a proof: x = [input, 1]), then `size` squarings
// t[i+1] = t[i]^2 + (last public input) size the instance (about size + 2 constraints and size + 5
// wires). `outputs` public copies of the last value raise nPublic for tests that need outputs.

// ONE public input, like the version-1 batch circuit (nPublic = 1 + outputs).
template Toy(size, outputs) {
    signal input publicInput;
    signal input x[2];
    signal output out[outputs];

    signal t[size + 1];
    t[0] <== x[0] * x[1];
    publicInput === t[0];
    for (var i = 0; i < size; i++) t[i + 1] <== t[i] * t[i] + publicInput;
    signal last <== t[size] * publicInput;
    for (var j = 0; j < outputs; j++) out[j] <== last;
}

// FOUR public inputs in the batch circuit's order (docs/protocol.md §7), so any
// [newStateHash, dataHash, oldQueueHash, newQueueHash] has a proof (x = [newStateHash, 1]); the data hash
// enters the squarings, the two queue hashes a product, so every input is in a constraint.
template ToyBatch(size, outputs) {
    signal input newStateHash;
    signal input dataHash;
    signal input oldQueueHash;
    signal input newQueueHash;
    signal input x[2];
    signal output out[outputs];

    signal t[size + 1];
    t[0] <== x[0] * x[1];
    newStateHash === t[0];
    for (var i = 0; i < size; i++) t[i + 1] <== t[i] * t[i] + dataHash;
    signal queues <== oldQueueHash * newQueueHash;
    signal last <== t[size] * dataHash + queues;
    for (var j = 0; j < outputs; j++) out[j] <== last;
}
