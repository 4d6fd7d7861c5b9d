pragma circom 2.1.0;

// The one toy circuit of the test suites, with the batch circuit's public interface: ONE public
// input. The prover knows a factorisation x[0] * x[1] of it (so every field element has a proof:
// x = [input, 1]), then `size` squarings t[i+1] = t[i]^2 + publicInput size the instance (about
// size + 2 constraints and size + 5 wires). `outputs` public copies of the last value raise
// nPublic for tests that need outputs (nPublic = 1 + outputs).
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
