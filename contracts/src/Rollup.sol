// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGroth16Verifier} from "./IGroth16Verifier.sol";

/// @title zkr Rollup
/// @notice Settles zkr batches on L1 (docs/protocol.md): stores the state root and the batch number,
///         rebuilds each batch's public data (§7) from storage and calldata, and accepts the new root
///         only with a valid Groth16 proof for `sha256(publicData) & (2^253 - 1)`. One verifier is
///         registered per batch size `N`, chosen by the length `24 * N` of the slot bytes.
contract Rollup {
    /// @notice A Groth16 proof in the order snarkjs's Solidity calldata gives it (`b` already swapped).
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice The BN254 scalar field order `r`; roots and the domain are integers in `[0, r)`.
    uint256 public constant FIELD_ORDER =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice Bytes per transfer slot in the public data: from (4), to (4), amount (8), fee (8).
    uint256 public constant SLOT_BYTES = 24;
    /// @dev Clears the three most significant bits of the digest, so the public input is `< 2^253 < r`.
    uint256 private constant INPUT_MASK = (1 << 253) - 1;

    /// @notice This deployment's domain (§4), binding signatures and proofs to chain id and address.
    uint256 public immutable domain;
    /// @notice The current state root.
    uint256 public stateRoot;
    /// @notice The account allowed to register verifiers, manage sequencers and pause.
    address public owner;
    /// @notice Number of batches accepted so far; the next batch gets `batchNumber + 1`.
    uint64 public batchNumber;
    /// @notice While true, `submitBatch` reverts.
    bool public paused;
    /// @notice Accounts allowed to submit batches.
    mapping(address account => bool allowed) public isSequencer;
    /// @notice The verifier of each registered batch size (zero address: not registered).
    mapping(uint256 batchSize => IGroth16Verifier verifier) public verifiers;

    /// @notice The rollup was created with this domain and genesis root.
    event RollupCreated(uint256 domain, uint256 genesisRoot);
    /// @notice Batch `batchNumber` moved the state from `oldRoot` to `newRoot`; `txData` holds its
    ///         slots (24 bytes each), enough with `feeRecipient` to replay it.
    event BatchSubmitted(
        uint64 indexed batchNumber, uint256 oldRoot, uint256 newRoot, uint32 feeRecipient, bytes txData
    );
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

    /// @notice The proof does not verify against the public data rebuilt by the contract.
    error Rollup__InvalidProof();
    /// @notice The batch was built on `expected`, but the current root is `current`.
    error Rollup__StaleRoot(uint256 expected, uint256 current);
    /// @notice No verifier is registered for slot bytes of this length (must be `24 * N`).
    error Rollup__NoVerifierForLength(uint256 txDataLength);
    /// @notice `value` must be a field element (`< FIELD_ORDER`).
    error Rollup__NotInField(uint256 value);
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
    /// @notice `account` has no code, so it cannot be a verifier.
    error Rollup__NotAContract(address account);
    /// @notice The zero address is not allowed here.
    error Rollup__ZeroAddress();

    modifier onlyOwner() {
        if (msg.sender != owner) revert Rollup__NotOwner(msg.sender);
        _;
    }

    /// @notice Creates a rollup at `genesisRoot`; the deployer becomes owner and first sequencer.
    /// @param genesisRoot The state root before the first batch (a field element).
    constructor(uint256 genesisRoot) {
        if (genesisRoot >= FIELD_ORDER) revert Rollup__NotInField(genesisRoot);
        uint256 d = uint256(keccak256(abi.encodePacked("zkr-rollup-v1", block.chainid, address(this)))) % FIELD_ORDER;
        domain = d;
        stateRoot = genesisRoot;
        owner = msg.sender;
        isSequencer[msg.sender] = true;
        emit RollupCreated(d, genesisRoot);
        emit OwnershipTransferred(address(0), msg.sender);
        emit SequencerSet(msg.sender, true);
    }

    /// @notice Applies one batch: checks the proof against the public data
    ///         `domain ‖ stateRoot ‖ newRoot ‖ feeRecipient ‖ txData` and moves the root to `newRoot`.
    /// @param expectedOldRoot The root the batch was built on; guards against a race with another batch.
    /// @param newRoot The root after the batch; must be a field element, so the stored root always is.
    /// @param feeRecipient The account index credited with the batch's fees.
    /// @param txData The `N` slots, 24 bytes each (§7); its length selects the verifier.
    /// @param proof The Groth16 proof for the batch circuit of size `N`.
    function submitBatch(
        uint256 expectedOldRoot,
        uint256 newRoot,
        uint32 feeRecipient,
        bytes calldata txData,
        Proof calldata proof
    ) external {
        if (paused) revert Rollup__Paused();
        if (!isSequencer[msg.sender]) revert Rollup__NotSequencer(msg.sender);
        uint256 oldRoot = stateRoot;
        if (expectedOldRoot != oldRoot) revert Rollup__StaleRoot(expectedOldRoot, oldRoot);
        if (newRoot >= FIELD_ORDER) revert Rollup__NotInField(newRoot);
        IGroth16Verifier verifier = verifierForLength(txData.length);
        uint256 publicInput =
            uint256(sha256(abi.encodePacked(domain, oldRoot, newRoot, feeRecipient, txData))) & INPUT_MASK;
        if (!verifier.verifyProof(proof.a, proof.b, proof.c, [publicInput])) revert Rollup__InvalidProof();
        stateRoot = newRoot;
        uint64 number = batchNumber + 1;
        batchNumber = number;
        emit BatchSubmitted(number, oldRoot, newRoot, feeRecipient, txData);
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
