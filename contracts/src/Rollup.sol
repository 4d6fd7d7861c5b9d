// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGroth16Verifier} from "./IGroth16Verifier.sol";
import {IPoseidon2} from "./IPoseidon2.sol";

/// @title zkr Rollup
/// @notice Settles zkr batches on L1 (docs/protocol.md, version 2): stores the state hash
///         `Poseidon([domain, root])` and the batch count, rebuilds each batch's data (§7) from storage
///         and calldata, and accepts the new state hash only with a valid Groth16 proof for
///         `[newStateHash, sha256(batchData) & (2^253 - 1)]`. One verifier is registered per batch size
///         `N`, chosen by the length `SLOT_BYTES * N` of the slot bytes.
contract Rollup {
    /// @notice A Groth16 proof in the order snarkjs's Solidity calldata gives it (`b` already swapped).
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice The BN254 scalar field order `r`; state hashes, roots and the domain are integers in `[0, r)`.
    uint256 public constant FIELD_ORDER =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev Clears the three most significant bits of the digest, so the data hash is `< 2^253 < r`.
    uint256 private constant DATA_HASH_MASK = (1 << 253) - 1;
    /// @dev Batch numbers are hashed as a uint32 (§7), so the last batch is number `2^32 - 1`.
    uint64 private constant BATCH_NUMBER_LIMIT = 1 << 32;

    /// @notice This deployment's domain (§4), binding signatures and proofs to chain id and address.
    uint256 public immutable domain;
    /// @notice The depth `D` of the account tree (even, 2..32), fixed for this rollup.
    uint8 public immutable depth;
    /// @notice Bytes of an account index in the batch data: `ceil(depth / 8)` (§1).
    uint256 public immutable INDEX_BYTES;
    /// @notice Bytes of one slot in the batch data: `2 * INDEX_BYTES + 6` (§7).
    uint256 public immutable SLOT_BYTES;
    /// @notice The Poseidon(2) hasher (circomlibjs's generated contract) the state hash is computed with.
    IPoseidon2 public immutable hasher;
    /// @notice The current state hash `Poseidon([domain, root])` (§3).
    uint256 public stateHash;
    /// @notice The account allowed to register verifiers, manage sequencers and pause.
    address public owner;
    /// @notice Number of batches accepted so far; the next batch is number `batchNumber + 1`.
    uint64 public batchNumber;
    /// @notice While true, `submitBatch` reverts.
    bool public paused;
    /// @notice Accounts allowed to submit batches.
    mapping(address account => bool allowed) public isSequencer;
    /// @notice The verifier of each registered batch size (zero address: not registered).
    mapping(uint256 batchSize => IGroth16Verifier verifier) public verifiers;

    /// @notice The rollup was created with this domain, tree depth, genesis root and state hash.
    event RollupCreated(uint256 domain, uint8 depth, uint256 genesisRoot, uint256 stateHash, address hasher);
    /// @notice Batch `batchNumber` moved the state hash to `newStateHash`. Its slot bytes and fee
    ///         recipient are in the calldata of the transaction that emitted this event (§7).
    event BatchSubmitted(uint64 indexed batchNumber, uint256 newStateHash);
    /// @notice The verifier of `batchSize` changed from `previous` to `verifier` (zero: removed).
    event VerifierSet(uint256 indexed batchSize, address previous, address verifier);
    /// @notice `account` was allowed (`allowed = true`) or disallowed to submit batches.
    event SequencerSet(address indexed account, bool allowed);
    /// @notice Ownership moved from `previousOwner` to `newOwner`.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// @notice Batch submission was paused by `account`.
    event Paused(address account);
    /// @notice Batch submission was resumed by `account`.
    event Unpaused(address account);

    /// @notice The proof does not verify against the batch data rebuilt by the contract.
    error Rollup__InvalidProof();
    /// @notice The next batch is number `expected`, but the submission says `given`.
    error Rollup__WrongBatchNumber(uint64 expected, uint64 given);
    /// @notice Batch numbers must be below 2^32 (they are hashed as a uint32).
    error Rollup__BatchNumberOutOfRange(uint64 batchNumber);
    /// @notice The account index must be below `2^depth`.
    error Rollup__IndexOutOfRange(uint256 index);
    /// @notice No verifier is registered for slot bytes of this length (must be `SLOT_BYTES * N`).
    error Rollup__NoVerifierForLength(uint256 txDataLength);
    /// @notice `value` must be a field element (`< FIELD_ORDER`).
    error Rollup__NotInField(uint256 value);
    /// @notice The tree depth must be even and in [2, 32].
    error Rollup__InvalidDepth(uint256 depth);
    /// @notice `caller` is not an allowed sequencer.
    error Rollup__NotSequencer(address caller);
    /// @notice `caller` is not the owner.
    error Rollup__NotOwner(address caller);
    /// @notice Batch submission is paused.
    error Rollup__Paused();
    /// @notice Batch submission is not paused.
    error Rollup__NotPaused();
    /// @notice The batch size must be at least 1.
    error Rollup__InvalidBatchSize(uint256 batchSize);
    /// @notice `account` has no code, so it cannot be a verifier or the hasher.
    error Rollup__NotAContract(address account);
    /// @notice The zero address is not allowed here.
    error Rollup__ZeroAddress();

    modifier onlyOwner() {
        if (msg.sender != owner) revert Rollup__NotOwner(msg.sender);
        _;
    }

    /// @notice Creates a rollup of tree depth `depth_` at `genesisRoot`; the deployer becomes owner and
    ///         first sequencer. The state hash is `Poseidon([domain, genesisRoot])`, computed by `poseidon2`.
    /// @param depth_ The tree depth `D`: even, 2..32.
    /// @param genesisRoot The state root before the first batch (a field element).
    /// @param poseidon2 The Poseidon(2) contract circomlibjs generates (`@zkr/contracts`'s `Poseidon2`).
    constructor(uint8 depth_, uint256 genesisRoot, address poseidon2) {
        if (depth_ < 2 || depth_ > 32 || depth_ % 2 != 0) revert Rollup__InvalidDepth(depth_);
        if (genesisRoot >= FIELD_ORDER) revert Rollup__NotInField(genesisRoot);
        if (poseidon2.code.length == 0) revert Rollup__NotAContract(poseidon2);
        uint256 d = uint256(keccak256(abi.encodePacked("zkr-rollup-v2", block.chainid, address(this)))) % FIELD_ORDER;
        uint256 genesisStateHash = IPoseidon2(poseidon2).poseidon([d, genesisRoot]);
        domain = d;
        depth = depth_;
        INDEX_BYTES = (uint256(depth_) + 7) / 8;
        SLOT_BYTES = 2 * INDEX_BYTES + 6;
        hasher = IPoseidon2(poseidon2);
        stateHash = genesisStateHash;
        owner = msg.sender;
        isSequencer[msg.sender] = true;
        emit RollupCreated(d, depth_, genesisRoot, genesisStateHash, poseidon2);
        emit OwnershipTransferred(address(0), msg.sender);
        emit SequencerSet(msg.sender, true);
    }

    /// @notice Applies batch `batchNumber_`: checks the proof against `[newStateHash, dataHash]` with
    ///         `dataHash = sha256(stateHash ‖ uint32 batchNumber_ ‖ feeRecipient (INDEX_BYTES) ‖ txData) & (2^253 - 1)`
    ///         and moves the state hash to `newStateHash`. Call it directly (not through another contract):
    ///         readers rebuild the state from this call's calldata.
    /// @param batchNumber_ The batch's number: exactly `batchNumber + 1`, and below 2^32.
    /// @param newStateHash `Poseidon([domain, newRoot])`; must be a field element, so the stored hash always is.
    /// @param feeRecipient The account index credited with the batch's fees; below `2^depth`.
    /// @param txData The `N` slots, `SLOT_BYTES` each (§7); its length selects the verifier.
    /// @param proof The Groth16 proof for the batch circuit of size `N`.
    function submitBatch(
        uint64 batchNumber_,
        uint256 newStateHash,
        uint32 feeRecipient,
        bytes calldata txData,
        Proof calldata proof
    ) external {
        if (paused) revert Rollup__Paused();
        if (!isSequencer[msg.sender]) revert Rollup__NotSequencer(msg.sender);
        if (batchNumber_ >= BATCH_NUMBER_LIMIT) revert Rollup__BatchNumberOutOfRange(batchNumber_);
        uint64 expected = batchNumber + 1;
        if (batchNumber_ != expected) revert Rollup__WrongBatchNumber(expected, batchNumber_);
        if (newStateHash >= FIELD_ORDER) revert Rollup__NotInField(newStateHash);
        if (uint256(feeRecipient) >> depth != 0) revert Rollup__IndexOutOfRange(feeRecipient);
        IGroth16Verifier verifier = verifierForLength(txData.length);
        bytes memory data =
            abi.encodePacked(stateHash, uint32(batchNumber_), indexBytes(feeRecipient), txData);
        uint256 dataHash = uint256(sha256(data)) & DATA_HASH_MASK;
        if (!verifier.verifyProof(proof.a, proof.b, proof.c, [newStateHash, dataHash])) revert Rollup__InvalidProof();
        stateHash = newStateHash;
        batchNumber = batchNumber_;
        emit BatchSubmitted(batchNumber_, newStateHash);
    }

    /// @notice `index` as `INDEX_BYTES` big-endian bytes, as the batch data holds it (§7).
    function indexBytes(uint32 index) private view returns (bytes memory out) {
        uint256 width = INDEX_BYTES;
        out = new bytes(width);
        for (uint256 i = 0; i < width; ++i) {
            out[i] = bytes1(uint8(index >> (8 * (width - 1 - i))));
        }
    }

    /// @notice The verifier for slot bytes of length `txDataLength`; reverts if none is registered.
    function verifierForLength(uint256 txDataLength) public view returns (IGroth16Verifier verifier) {
        if (txDataLength % SLOT_BYTES == 0) verifier = verifiers[txDataLength / SLOT_BYTES];
        if (address(verifier) == address(0)) revert Rollup__NoVerifierForLength(txDataLength);
    }

    /// @notice Registers (or replaces) the verifier for batches of `batchSize` slots; the zero
    ///         address removes it. Owner only.
    function setVerifier(uint256 batchSize, address verifier) external onlyOwner {
        if (batchSize == 0) revert Rollup__InvalidBatchSize(batchSize);
        if (verifier != address(0) && verifier.code.length == 0) revert Rollup__NotAContract(verifier);
        emit VerifierSet(batchSize, address(verifiers[batchSize]), verifier);
        verifiers[batchSize] = IGroth16Verifier(verifier);
    }

    /// @notice Allows or disallows `account` to submit batches. Owner only.
    function setSequencer(address account, bool allowed) external onlyOwner {
        if (account == address(0)) revert Rollup__ZeroAddress();
        isSequencer[account] = allowed;
        emit SequencerSet(account, allowed);
    }

    /// @notice Hands the owner role to `newOwner`. Owner only.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert Rollup__ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice Stops batch submission until `unpause`. Owner only.
    function pause() external onlyOwner {
        if (paused) revert Rollup__Paused();
        paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Resumes batch submission. Owner only.
    function unpause() external onlyOwner {
        if (!paused) revert Rollup__NotPaused();
        paused = false;
        emit Unpaused(msg.sender);
    }
}
