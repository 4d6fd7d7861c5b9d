// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BabyJubjub} from "./BabyJubjub.sol";
import {FloatAmount} from "./FloatAmount.sol";
import {IGroth16Verifier} from "./IGroth16Verifier.sol";
import {IPoseidon2, IPoseidon4} from "./IPoseidon.sol";
import {QuadMerkle} from "./QuadMerkle.sol";

/// @dev The one ERC-20 view the Rollup reads: its own balance, to check what a deposit's `transferFrom` moved.
interface IERC20Balance {
    function balanceOf(address account) external view returns (uint256);
}

/// @title zkr Rollup
/// @notice Settles zkr batches on L1 and holds the rollup's money (docs/protocol.md, version 3): stores the state
///         hash `Poseidon([domain, root])`, the batch count and the L1 queue of deposits and forced exits (§12);
///         accepts a batch only with a valid Groth16 proof for `[newStateHash, dataHash, oldQueueHash, newQueueHash]`
///         (§7), then credits its queue refunds, exits and withdrawals to claimable balances paid out by `claim`
///         (§13). If the queue is not served within `exodusDelay`, anyone can freeze the rollup (exodus mode) and
///         every account with an L1 owner leaves with a Merkle proof against the final state (§13).
/// @dev One asset: ETH (`token == address(0)`) or one ERC-20; L1 amounts are L2 amounts times `unit`.
contract Rollup {
    /// @notice The deployment parameters (docs/protocol.md §1, §12, §13).
    /// @param depth The tree depth `D`: even, 2..32.
    /// @param queuePositions `Q`, queue operations a batch can consume: 1..64.
    /// @param withdrawalPositions `W`, withdrawals per batch: 1..64.
    /// @param nextIndex The first index a new account gets: the genesis state's `max index + 1` (0 if empty), <= 2^D.
    /// @param exodusDelay `T`, seconds the oldest unconsumed operation may wait before exodus: >= 1.
    /// @param genesisRoot The state root before the first batch (a field element).
    /// @param unit `U`, L1 base units per L2 unit of balance: 1 <= unit < 2^128.
    /// @param token The ERC-20 the rollup holds, or `address(0)` for ETH.
    /// @param poseidon2 A `hash(uint256[2])` Poseidon contract (poseidon-solidity's `PoseidonT3`).
    /// @param poseidon4 A `hash(uint256[4])` Poseidon contract (poseidon-solidity's `PoseidonT5`).
    struct Config {
        uint8 depth;
        uint8 queuePositions;
        uint8 withdrawalPositions;
        uint32 nextIndex;
        uint32 exodusDelay;
        uint256 genesisRoot;
        uint256 unit;
        address token;
        address poseidon2;
        address poseidon4;
    }

    /// @notice A Groth16 proof in the order snarkjs's Solidity calldata gives it (`b` already swapped).
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice An account as its leaf commits to it (§3): `Poseidon([ax, ay, balance + 2^64·nonce, owner])`.
    struct Account {
        uint256 ax;
        uint256 ay;
        uint64 balance;
        uint64 nonce;
        address owner;
    }

    /// @notice The BN254 scalar field order `r`; state hashes, roots and the domain are integers in `[0, r)`.
    uint256 public constant FIELD_ORDER =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev Clears the three most significant bits of the digest, so the data hash is `< 2^253 < r`.
    uint256 private constant DATA_HASH_MASK = (1 << 253) - 1;
    /// @dev Batch numbers are hashed as a uint32 (§7), so the last batch is number `2^32 - 1`.
    uint64 private constant BATCH_NUMBER_LIMIT = 1 << 32;
    /// @dev Queue hashes are the low 216 bits of a Poseidon output (§12.1); the time sits above them.
    uint256 private constant QUEUE_HASH_BITS = 216;
    uint256 private constant QUEUE_HASH_MASK = (1 << QUEUE_HASH_BITS) - 1;
    /// @dev Queue operation kinds (§12.1).
    uint8 private constant KIND_DEPOSIT_NEW = 1;
    uint8 private constant KIND_DEPOSIT = 2;
    uint8 private constant KIND_EXIT = 3;
    /// @dev The withdrawal kind in a withdrawal position's op word (§7, §11).
    uint256 private constant KIND_WITHDRAWAL = 2;
    /// @dev Bytes of a queue position in the batch data: address (20) and amount (8) (§7).
    uint256 private constant QUEUE_ENTRY_BYTES = 28;
    /// @dev Unit bound (§1): `1 <= U < 2^128`.
    uint256 private constant UNIT_LIMIT = 1 << 128;
    /// @dev Most queue and withdrawal positions per batch (§1).
    uint256 private constant MAX_POSITIONS = 64;

    /// @notice This deployment's domain (§4), binding signatures and proofs to chain id and address.
    uint256 public immutable domain;
    /// @notice The depth `D` of the account tree (even, 2..32), fixed for this rollup.
    uint8 public immutable depth;
    /// @notice `Q`: queue positions per batch (§1).
    uint256 public immutable QUEUE_POSITIONS;
    /// @notice `W`: withdrawal positions per batch (§1).
    uint256 public immutable WITHDRAWAL_POSITIONS;
    /// @notice Bytes of an account index in the batch data: `ceil(depth / 8)` (§1).
    uint256 public immutable INDEX_BYTES;
    /// @notice Bytes of one slot in the batch data: `2 * INDEX_BYTES + 6` (§7).
    uint256 public immutable SLOT_BYTES;
    /// @notice Bytes of one withdrawal position in the batch data: `INDEX_BYTES + 26` (§7).
    uint256 public immutable WITHDRAWAL_BYTES;
    /// @notice L1 base units per L2 unit of balance (§1).
    uint256 public immutable unit;
    /// @notice The ERC-20 the rollup holds; `address(0)` for ETH (§13).
    address public immutable token;
    /// @notice Seconds the oldest unconsumed queue operation may wait before exodus can be activated (§13).
    uint32 public immutable exodusDelay;
    /// @notice The `hash(uint256[2])` Poseidon contract (state hashes, §2).
    IPoseidon2 public immutable poseidon2;
    /// @notice The `hash(uint256[4])` Poseidon contract (queue hash, leaves and tree nodes, §2).
    IPoseidon4 public immutable poseidon4;

    /// @notice The current state hash `Poseidon([domain, root])` (§3); final once in exodus mode.
    uint256 public stateHash;
    /// @notice Number of operations ever added to the queue (§13).
    uint64 public queueLength;
    /// @notice Number of queue operations consumed by accepted batches (§13).
    uint64 public consumed;
    /// @notice The index the next new account gets (§12.1); `2^depth` when the tree is full.
    uint64 public nextIndex;
    /// @dev Number of batches accepted so far (below 2^32; read through `batchNumber()`).
    uint32 private batchCount;
    /// @notice True once `activateExodus` succeeded (§13): no more batches, deposits or exit requests.
    bool public exodus;
    /// @notice While true, `submitBatch` reverts.
    bool public paused;
    /// @notice The account allowed to register verifiers, manage sequencers and pause.
    address public owner;
    /// @dev Queue operation `k` as `queueHash_{k+1} + 2^216·time` (§13).
    mapping(uint64 position => uint256 entry) private queue;
    /// @notice Base units each L1 address can take out with `claim` (§13).
    mapping(address account => uint256 amount) public claimable;
    /// @notice Indices that already left through `exodusWithdraw` (§13).
    mapping(uint32 index => bool done) public exited;
    /// @notice Queue positions whose deposit was already refunded by `refundDeposit` (§13).
    mapping(uint64 position => bool done) public refunded;
    /// @notice Accounts allowed to submit batches.
    mapping(address account => bool allowed) public isSequencer;
    /// @notice The verifier of each registered batch size (zero address: not registered).
    mapping(uint256 batchSize => IGroth16Verifier verifier) public verifiers;
    /// @dev The re-entrancy guard of payments in and out (transient: cleared after each transaction).
    bool private transient entered;

    /// @notice The rollup was created with this domain, tree depth, genesis root and state hash.
    event RollupCreated(uint256 domain, uint8 depth, uint256 genesisRoot, uint256 stateHash);
    /// @notice Operation `position` joined the queue (§12.1): `amount` in L2 units, `account` the L1 caller,
    ///         `(ax, ay)` the new account's key (kind 1; zeros otherwise), `queueHash` the hash after it.
    event QueueOperationAdded(
        uint64 indexed position,
        uint8 kind,
        uint32 indexed index,
        uint64 amount,
        address indexed account,
        uint256 ax,
        uint256 ay,
        uint256 queueHash,
        uint40 time
    );
    /// @notice Batch `batchNumber` moved the state hash to `newStateHash`; `consumed` queue operations are now
    ///         consumed in total. Its batch data is in the calldata of the transaction that emitted this event (§7).
    event BatchSubmitted(uint64 indexed batchNumber, uint256 newStateHash, uint64 consumed);
    /// @notice `amount` base units were added to `account`'s claimable balance (§13).
    event Credited(address indexed account, uint256 amount);
    /// @notice `account` was paid its claimable balance of `amount` base units.
    event Claimed(address indexed account, uint256 amount);
    /// @notice Exodus mode began: queue operation `position`, queued at `queuedAt`, waited more than `exodusDelay`.
    event ExodusActivated(uint64 position, uint40 queuedAt);
    /// @notice Account `index` left through the escape hatch, crediting `amount` base units to `owner`.
    event ExodusWithdrawal(uint32 indexed index, address indexed owner, uint256 amount);
    /// @notice The unconsumed deposit at `position` was refunded: `amount` base units credited to `account`.
    event DepositRefunded(uint64 indexed position, address indexed account, uint256 amount);
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

    /// @notice The proof does not verify against the batch data rebuilt by the contract and its queue hashes.
    error Rollup__InvalidProof();
    /// @notice The next batch is number `expected`, but the submission says `given`.
    error Rollup__WrongBatchNumber(uint64 expected, uint64 given);
    /// @notice Batch numbers must be below 2^32 (they are hashed as a uint32).
    error Rollup__BatchNumberOutOfRange(uint64 batchNumber);
    /// @notice The account index must be below `2^depth` (and a genesis `nextIndex` at most `2^depth`).
    error Rollup__IndexOutOfRange(uint256 index);
    /// @notice No verifier is registered for batch data of this length (`28·Q + SLOT_BYTES·N + WITHDRAWAL_BYTES·W`).
    error Rollup__NoVerifierForLength(uint256 txDataLength);
    /// @notice `value` must be a field element (`< FIELD_ORDER`).
    error Rollup__NotInField(uint256 value);
    /// @notice The tree depth must be even and in [2, 32].
    error Rollup__InvalidDepth(uint256 depth);
    /// @notice Queue positions per batch must be in [1, 64].
    error Rollup__InvalidQueuePositions(uint256 queuePositions);
    /// @notice Withdrawal positions per batch must be in [1, 64].
    error Rollup__InvalidWithdrawalPositions(uint256 withdrawalPositions);
    /// @notice The unit must be in [1, 2^128).
    error Rollup__InvalidUnit(uint256 unit);
    /// @notice The exodus delay must be at least one second.
    error Rollup__InvalidExodusDelay(uint256 exodusDelay);
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
    /// @notice `account` has no code, so it cannot be a verifier, a hasher or the token.
    error Rollup__NotAContract(address account);
    /// @notice The zero address is not allowed here.
    error Rollup__ZeroAddress();
    /// @notice The rollup is in exodus mode: no batches, deposits or exit requests (§13).
    error Rollup__ExodusMode();
    /// @notice `amount` has no float encoding (§1.1).
    error Rollup__AmountNotRepresentable(uint256 amount);
    /// @notice A deposit to an existing account must be of a positive amount (§12.1).
    error Rollup__ZeroAmount();
    /// @notice `given` wei were sent, but the operation needs exactly `expected` (0 on a token rollup).
    error Rollup__WrongValue(uint256 expected, uint256 given);
    /// @notice The token's `transferFrom` failed, returned false, or moved `received` instead of `expected` base units.
    error Rollup__TokenTransferFailed(uint256 expected, uint256 received);
    /// @notice `(ax, ay)` is not a Baby Jubjub point with `8·A` of non-zero `x` (§12.1).
    error Rollup__InvalidPublicKey(uint256 ax, uint256 ay);
    /// @notice Every index below `2^depth` is assigned (§12.1).
    error Rollup__TreeFull();
    /// @notice No account was ever assigned `index`: it is not below `nextIndex` (§12.1).
    error Rollup__UnknownAccount(uint256 index, uint256 nextIndex);
    /// @notice A batch may consume at most `min(Q, pending)` operations; it says `queueCount` (§7).
    error Rollup__QueueCountOutOfRange(uint256 queueCount, uint256 queuePositions, uint256 pending);
    /// @notice Queue position `position` does not exist: there are `queueLength` operations (views only).
    error Rollup__QueuePositionOutOfRange(uint256 position, uint256 queueLength);
    /// @notice Paying `amount` base units to `account` failed (§13).
    error Rollup__TransferFailed(address account, uint256 amount);
    /// @notice `account` has no claimable balance.
    error Rollup__NothingToClaim(address account);
    /// @notice Exodus needs an unconsumed operation older than the delay: allowed once `block.timestamp > deadline`
    ///         (`type(uint256).max` when nothing is pending).
    error Rollup__ExodusNotDue(uint256 deadline);
    /// @notice Only allowed in exodus mode.
    error Rollup__NotInExodus();
    /// @notice `Poseidon([domain, root])` is not the stored state hash.
    error Rollup__StaleRoot(uint256 root);
    /// @notice The account and siblings do not hash to the root at `index` (or there are not `depth / 2` levels).
    error Rollup__InvalidMerkleProof(uint32 index);
    /// @notice Account `index` has no L1 owner, so it cannot leave through the escape hatch.
    error Rollup__NoOwner(uint32 index);
    /// @notice Account `index` already left through the escape hatch.
    error Rollup__AlreadyExited(uint32 index);
    /// @notice Position `position` is not an unconsumed deposit (kind 1 or 2 at `consumed <= position < queueLength`).
    error Rollup__NotRefundable(uint64 position);
    /// @notice The deposit at `position` was already refunded.
    error Rollup__AlreadyRefunded(uint64 position);
    /// @notice The key and word given do not hash to the stored queue hash after `position`.
    error Rollup__QueueOperationMismatch(uint64 position);
    /// @notice The rollup was re-entered during a payment.
    error Rollup__Reentrancy();

    modifier onlyOwner() {
        if (msg.sender != owner) revert Rollup__NotOwner(msg.sender);
        _;
    }

    modifier nonReentrant() {
        if (entered) revert Rollup__Reentrancy();
        entered = true;
        _;
        entered = false;
    }

    modifier notInExodus() {
        if (exodus) revert Rollup__ExodusMode();
        _;
    }

    /// @notice Creates a rollup with `config`; the deployer becomes owner and first sequencer. The state hash is
    ///         `Poseidon([domain, genesisRoot])`, computed by `config.poseidon2`.
    constructor(Config memory config) {
        uint8 d = config.depth;
        if (d < 2 || d > 32 || d % 2 != 0) revert Rollup__InvalidDepth(d);
        if (config.queuePositions == 0 || config.queuePositions > MAX_POSITIONS) {
            revert Rollup__InvalidQueuePositions(config.queuePositions);
        }
        if (config.withdrawalPositions == 0 || config.withdrawalPositions > MAX_POSITIONS) {
            revert Rollup__InvalidWithdrawalPositions(config.withdrawalPositions);
        }
        if (uint256(config.nextIndex) > uint256(1) << d) revert Rollup__IndexOutOfRange(config.nextIndex);
        if (config.exodusDelay == 0) revert Rollup__InvalidExodusDelay(config.exodusDelay);
        if (config.genesisRoot >= FIELD_ORDER) revert Rollup__NotInField(config.genesisRoot);
        if (config.unit == 0 || config.unit >= UNIT_LIMIT) revert Rollup__InvalidUnit(config.unit);
        if (config.token != address(0) && config.token.code.length == 0) revert Rollup__NotAContract(config.token);
        if (config.poseidon2.code.length == 0) revert Rollup__NotAContract(config.poseidon2);
        if (config.poseidon4.code.length == 0) revert Rollup__NotAContract(config.poseidon4);
        uint256 dom = uint256(keccak256(abi.encodePacked("zkr-rollup-v3", block.chainid, address(this)))) % FIELD_ORDER;
        uint256 genesisStateHash = IPoseidon2(config.poseidon2).hash([dom, config.genesisRoot]);
        domain = dom;
        depth = d;
        QUEUE_POSITIONS = config.queuePositions;
        WITHDRAWAL_POSITIONS = config.withdrawalPositions;
        uint256 indexBytes_ = (uint256(d) + 7) / 8;
        INDEX_BYTES = indexBytes_;
        SLOT_BYTES = 2 * indexBytes_ + 6;
        WITHDRAWAL_BYTES = indexBytes_ + 26;
        unit = config.unit;
        token = config.token;
        exodusDelay = config.exodusDelay;
        poseidon2 = IPoseidon2(config.poseidon2);
        poseidon4 = IPoseidon4(config.poseidon4);
        stateHash = genesisStateHash;
        nextIndex = config.nextIndex;
        owner = msg.sender;
        isSequencer[msg.sender] = true;
        emit RollupCreated(dom, d, config.genesisRoot, genesisStateHash);
        emit OwnershipTransferred(address(0), msg.sender);
        emit SequencerSet(msg.sender, true);
    }

    // ---------------------------------------------------------------- the queue (§12)

    /// @notice Deposits `amount` (L2 units) to a new account with key `(ax, ay)` owned by the caller (kind 1).
    ///         Pay exactly `amount·unit`: as `msg.value` (ETH), or approve the Rollup for it (ERC-20, no ETH).
    ///         The batch that consumes it creates the account, or refunds the amount if the index is taken.
    /// @param ax The new account's public key x (Baby Jubjub, with `8·A` of non-zero x).
    /// @param ay The new account's public key y.
    /// @param amount The deposit in L2 units: representable as a float (§1.1); 0 creates an empty account.
    /// @return index The index assigned to the account (`nextIndex` before the call).
    /// @return position The operation's queue position.
    function deposit(uint256 ax, uint256 ay, uint64 amount)
        external
        payable
        notInExodus
        nonReentrant
        returns (uint32 index, uint64 position)
    {
        uint256 amountWord = _amountWord(amount);
        _checkValue(amount);
        if (!BabyJubjub.isValidKey(ax, ay)) revert Rollup__InvalidPublicKey(ax, ay);
        uint64 next = nextIndex;
        if (next >> depth != 0) revert Rollup__TreeFull();
        index = uint32(next);
        nextIndex = next + 1;
        position = _enqueue(KIND_DEPOSIT_NEW, index, amount, amountWord, ax, ay);
        _pullTokens(amount);
    }

    /// @notice Deposits `amount` (L2 units, > 0) to the existing account `index` (kind 2); pay as for `deposit`.
    ///         The batch that consumes it credits the account, or refunds the amount if that would overflow.
    /// @return position The operation's queue position.
    function depositTo(uint32 index, uint64 amount)
        external
        payable
        notInExodus
        nonReentrant
        returns (uint64 position)
    {
        uint256 amountWord = _amountWord(amount);
        if (amount == 0) revert Rollup__ZeroAmount();
        _checkValue(amount);
        _requireAssigned(index);
        position = _enqueue(KIND_DEPOSIT, index, amount, amountWord, 0, 0);
        _pullTokens(amount);
    }

    /// @notice Forces account `index` out (kind 3): the batch that consumes it credits the account's whole
    ///         balance to the caller if the caller is the account's L1 owner, and does nothing otherwise.
    /// @return position The operation's queue position.
    function requestExit(uint32 index) external notInExodus returns (uint64 position) {
        _requireAssigned(index);
        position = _enqueue(KIND_EXIT, index, 0, 0, 0, 0);
    }

    /// @notice The queue hash after the first `k` operations (§12.1; 0 for `k = 0`), for `k <= queueLength`.
    function queueHashAt(uint64 k) public view returns (uint256) {
        if (k > queueLength) revert Rollup__QueuePositionOutOfRange(k, queueLength);
        return k == 0 ? 0 : queue[k - 1] & QUEUE_HASH_MASK;
    }

    /// @notice The block timestamp at which operation `position` was queued, for `position < queueLength`.
    function queueTimeOf(uint64 position) public view returns (uint40) {
        if (position >= queueLength) revert Rollup__QueuePositionOutOfRange(position, queueLength);
        return uint40(queue[position] >> QUEUE_HASH_BITS);
    }

    /// @dev The canonical float word of `amount`, or `AmountNotRepresentable`.
    function _amountWord(uint64 amount) private pure returns (uint256 word) {
        bool representable;
        (representable, word) = FloatAmount.encode(amount);
        if (!representable) revert Rollup__AmountNotRepresentable(amount);
    }

    /// @dev `msg.value` must be `amount·unit` for ETH and 0 for a token (whose payment `_pullTokens` takes).
    function _checkValue(uint64 amount) private view {
        uint256 expected = token == address(0) ? uint256(amount) * unit : 0;
        if (msg.value != expected) revert Rollup__WrongValue(expected, msg.value);
    }

    /// @dev `index` must have been assigned to an account (genesis or a kind-1 deposit).
    function _requireAssigned(uint32 index) private view {
        uint64 next = nextIndex;
        if (index >= next) revert Rollup__UnknownAccount(index, next);
    }

    /// @dev Appends operation `(kind, index, amount, msg.sender, ax, ay, now)`:
    ///      `word = kind + 4·index + 2^34·amountWord + 2^72·address`, `queueHash = Poseidon([previous, ax, ay, word]) mod 2^216`.
    function _enqueue(uint8 kind, uint32 index, uint64 amount, uint256 amountWord, uint256 ax, uint256 ay)
        private
        returns (uint64 position)
    {
        position = queueLength;
        uint256 previous = position == 0 ? 0 : queue[position - 1] & QUEUE_HASH_MASK;
        uint256 word = uint256(kind) | (uint256(index) << 2) | (amountWord << 34) | (uint256(uint160(msg.sender)) << 72);
        uint256 queueHash = poseidon4.hash([previous, ax, ay, word]) & QUEUE_HASH_MASK;
        queue[position] = queueHash | (block.timestamp << QUEUE_HASH_BITS);
        queueLength = position + 1;
        emit QueueOperationAdded(position, kind, index, amount, msg.sender, ax, ay, queueHash, uint40(block.timestamp));
    }

    /// @dev Takes `amount·unit` tokens from the caller by `transferFrom`; the balance must grow by exactly that.
    function _pullTokens(uint64 amount) private {
        address asset = token;
        if (asset == address(0) || amount == 0) return;
        uint256 expected = uint256(amount) * unit;
        uint256 before = IERC20Balance(asset).balanceOf(address(this));
        bool ok = _callToken(asset, abi.encodeWithSignature("transferFrom(address,address,uint256)", msg.sender, address(this), expected));
        uint256 received = ok ? IERC20Balance(asset).balanceOf(address(this)) - before : 0;
        if (received != expected) revert Rollup__TokenTransferFailed(expected, received);
    }

    // ---------------------------------------------------------------- batches (§7)

    /// @notice Applies batch `batchNumber_` consuming the next `queueCount` queue operations: checks the proof
    ///         against `[newStateHash, dataHash, queueHashAt(consumed), queueHashAt(consumed + queueCount)]` with
    ///         `dataHash = sha256(stateHash ‖ uint32 batchNumber_ ‖ feeRecipient (INDEX_BYTES) ‖ txData) & (2^253 - 1)`,
    ///         moves the state hash, then credits the batch's queue credits and withdrawals. Call it directly (not
    ///         through another contract): readers rebuild the state from this call's calldata.
    /// @param batchNumber_ The batch's number: exactly `batchNumber() + 1`, and below 2^32.
    /// @param newStateHash `Poseidon([domain, newRoot])`; must be a field element, so the stored hash always is.
    /// @param feeRecipient The account index credited with the batch's fees; below `2^depth`.
    /// @param queueCount `m`, the queue operations this batch consumes: `m <= Q` and `consumed + m <= queueLength`.
    /// @param txData The `Q` queue positions, `N` slots and `W` withdrawal positions (§7); its length selects the verifier.
    /// @param proof The Groth16 proof for the batch circuit of size `N`.
    function submitBatch(
        uint64 batchNumber_,
        uint256 newStateHash,
        uint32 feeRecipient,
        uint8 queueCount,
        bytes calldata txData,
        Proof calldata proof
    ) external notInExodus {
        if (paused) revert Rollup__Paused();
        if (!isSequencer[msg.sender]) revert Rollup__NotSequencer(msg.sender);
        if (batchNumber_ >= BATCH_NUMBER_LIMIT) revert Rollup__BatchNumberOutOfRange(batchNumber_);
        uint64 expected = uint64(batchCount) + 1;
        if (batchNumber_ != expected) revert Rollup__WrongBatchNumber(expected, batchNumber_);
        if (newStateHash >= FIELD_ORDER) revert Rollup__NotInField(newStateHash);
        if (uint256(feeRecipient) >> depth != 0) revert Rollup__IndexOutOfRange(feeRecipient);
        uint64 start = consumed;
        uint64 end = start + queueCount;
        if (queueCount > QUEUE_POSITIONS || end > queueLength) {
            revert Rollup__QueueCountOutOfRange(queueCount, QUEUE_POSITIONS, queueLength - start);
        }
        (IGroth16Verifier verifier, uint256 slots) = _verifierFor(txData.length);
        bytes memory data = abi.encodePacked(stateHash, uint32(batchNumber_), _indexBytes(feeRecipient), txData);
        uint256[4] memory inputs =
            [newStateHash, uint256(sha256(data)) & DATA_HASH_MASK, queueHashAt(start), queueHashAt(end)];
        if (!verifier.verifyProof(proof.a, proof.b, proof.c, inputs)) revert Rollup__InvalidProof();
        stateHash = newStateHash;
        batchCount = uint32(batchNumber_);
        consumed = end;
        emit BatchSubmitted(batchNumber_, newStateHash, end);
        _creditBatch(txData, slots);
    }

    /// @notice Number of batches accepted so far; the next batch is number `batchNumber() + 1`.
    function batchNumber() external view returns (uint64) {
        return batchCount;
    }

    /// @dev Credits every queue position's amount and every withdrawal (kind 2) of the batch data (§6, §13).
    function _creditBatch(bytes calldata txData, uint256 slots) private {
        uint256 u = unit;
        uint256 positions = QUEUE_POSITIONS;
        for (uint256 q = 0; q < positions; ++q) {
            uint256 at = q * QUEUE_ENTRY_BYTES;
            uint64 amount = uint64(bytes8(txData[at + 20:at + 28]));
            if (amount != 0) _credit(address(bytes20(txData[at:at + 20])), uint256(amount) * u);
        }
        uint256 width = INDEX_BYTES;
        uint256 base = positions * QUEUE_ENTRY_BYTES + slots * SLOT_BYTES;
        positions = WITHDRAWAL_POSITIONS;
        for (uint256 w = 0; w < positions; ++w) {
            uint256 at = base + w * WITHDRAWAL_BYTES + width;
            uint256 opWord = uint40(bytes5(txData[at:at + 5]));
            if (opWord >> 38 != KIND_WITHDRAWAL) continue;
            uint256 amount = FloatAmount.decode(opWord);
            if (amount != 0) _credit(address(bytes20(txData[at + 6:at + 26])), amount * u);
        }
    }

    /// @dev Adds `amount` base units to `account`'s claimable balance.
    function _credit(address account, uint256 amount) private {
        claimable[account] += amount;
        emit Credited(account, amount);
    }

    /// @dev `index` as `INDEX_BYTES` big-endian bytes, as the batch data holds it (§7).
    function _indexBytes(uint32 index) private view returns (bytes memory out) {
        uint256 width = INDEX_BYTES;
        out = new bytes(width);
        for (uint256 i = 0; i < width; ++i) {
            out[i] = bytes1(uint8(index >> (8 * (width - 1 - i))));
        }
    }

    /// @dev The verifier and batch size `N` of batch data of length `txDataLength`; reverts if none is registered.
    function _verifierFor(uint256 txDataLength) private view returns (IGroth16Verifier verifier, uint256 slots) {
        uint256 fixedBytes = QUEUE_POSITIONS * QUEUE_ENTRY_BYTES + WITHDRAWAL_POSITIONS * WITHDRAWAL_BYTES;
        if (txDataLength > fixedBytes && (txDataLength - fixedBytes) % SLOT_BYTES == 0) {
            slots = (txDataLength - fixedBytes) / SLOT_BYTES;
            verifier = verifiers[slots];
        }
        if (address(verifier) == address(0)) revert Rollup__NoVerifierForLength(txDataLength);
    }

    /// @notice The verifier for batch data (`txData`) of length `txDataLength`; reverts if none is registered.
    function verifierForLength(uint256 txDataLength) external view returns (IGroth16Verifier verifier) {
        (verifier,) = _verifierFor(txDataLength);
    }

    // ---------------------------------------------------------------- claims (§13)

    /// @notice Pays the caller its whole claimable balance (ETH by a call, a token by `transfer`).
    function claim() external nonReentrant {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert Rollup__NothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        address asset = token;
        bool ok;
        if (asset == address(0)) {
            (ok,) = msg.sender.call{value: amount}("");
        } else {
            ok = _callToken(asset, abi.encodeWithSignature("transfer(address,uint256)", msg.sender, amount));
        }
        if (!ok) revert Rollup__TransferFailed(msg.sender, amount);
        emit Claimed(msg.sender, amount);
    }

    /// @dev Calls the token; true iff the call succeeded and returned nothing or exactly `true` (one word of 1).
    function _callToken(address asset, bytes memory call) private returns (bool ok) {
        bytes memory result;
        (ok, result) = asset.call(call);
        ok = ok && (result.length == 0 || (result.length == 32 && abi.decode(result, (uint256)) == 1));
    }


    // ---------------------------------------------------------------- the escape hatch (§13)

    /// @notice Starts exodus mode if the oldest unconsumed queue operation was queued more than `exodusDelay`
    ///         seconds ago. Anyone may call it; from then on the state hash is final.
    function activateExodus() external notInExodus {
        uint64 position = consumed;
        if (position >= queueLength) revert Rollup__ExodusNotDue(type(uint256).max);
        uint40 queuedAt = queueTimeOf(position);
        uint256 deadline = uint256(queuedAt) + exodusDelay;
        if (block.timestamp <= deadline) revert Rollup__ExodusNotDue(deadline);
        exodus = true;
        emit ExodusActivated(position, queuedAt);
    }

    /// @notice In exodus mode, credits `account.balance·unit` to `account.owner`, once per index, given the final
    ///         state's `root`, the account at `index` and its `depth / 2` sibling triples (level 0 first, §3).
    function exodusWithdraw(uint256 root, uint32 index, Account calldata account, uint256[3][] calldata siblings)
        external
    {
        if (!exodus) revert Rollup__NotInExodus();
        if (uint256(index) >> depth != 0) revert Rollup__IndexOutOfRange(index);
        _requireField(root);
        _requireField(account.ax);
        _requireField(account.ay);
        for (uint256 k = 0; k < siblings.length; ++k) {
            for (uint256 i = 0; i < 3; ++i) _requireField(siblings[k][i]);
        }
        address to = account.owner;
        if (to == address(0)) revert Rollup__NoOwner(index);
        if (exited[index]) revert Rollup__AlreadyExited(index);
        if (poseidon2.hash([domain, root]) != stateHash) revert Rollup__StaleRoot(root);
        if (siblings.length != depth / 2) revert Rollup__InvalidMerkleProof(index);
        uint256 leaf = poseidon4.hash(
            [account.ax, account.ay, uint256(account.balance) | (uint256(account.nonce) << 64), uint256(uint160(to))]
        );
        if (QuadMerkle.rootOf(poseidon4, leaf, index, siblings) != root) revert Rollup__InvalidMerkleProof(index);
        exited[index] = true;
        uint256 amount = uint256(account.balance) * unit;
        if (amount != 0) _credit(to, amount);
        emit ExodusWithdrawal(index, to, amount);
    }

    /// @notice In exodus mode, credits back the deposit at queue `position` (kind 1 or 2, not consumed by a
    ///         batch) to its L1 address, once. `ax`, `ay` and `word` are the operation's key and word (§12.1), as
    ///         its `QueueOperationAdded` event gives them.
    function refundDeposit(uint64 position, uint256 ax, uint256 ay, uint256 word) external {
        if (!exodus) revert Rollup__NotInExodus();
        uint256 kind = word & 3;
        if (position < consumed || position >= queueLength || (kind != KIND_DEPOSIT_NEW && kind != KIND_DEPOSIT)) {
            revert Rollup__NotRefundable(position);
        }
        if (refunded[position]) revert Rollup__AlreadyRefunded(position);
        // The hasher reduces its inputs mod r: values out of range could alias the stored operation.
        if (ax >= FIELD_ORDER || ay >= FIELD_ORDER || word >> 232 != 0) revert Rollup__QueueOperationMismatch(position);
        uint256 queueHash = poseidon4.hash([queueHashAt(position), ax, ay, word]) & QUEUE_HASH_MASK;
        if (queueHash != queueHashAt(position + 1)) revert Rollup__QueueOperationMismatch(position);
        refunded[position] = true;
        address to = address(uint160(word >> 72));
        uint256 amount = FloatAmount.decode(word >> 34) * unit;
        if (amount != 0) _credit(to, amount);
        emit DepositRefunded(position, to, amount);
    }

    /// @dev `value` must be below r (the hashers reduce their inputs, so larger values would alias smaller ones).
    function _requireField(uint256 value) private pure {
        if (value >= FIELD_ORDER) revert Rollup__NotInField(value);
    }

    // ---------------------------------------------------------------- administration

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
