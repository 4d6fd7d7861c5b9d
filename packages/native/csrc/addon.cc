// N-API binding of zkr's native engine (plain C node_api.h, no node-addon-api). Argument types and
// lengths are validated by the TypeScript loader; this layer re-checks what it relies on and throws
// errors whose `code` the loader maps to ZkrError codes (the message carries the offending index).
//
// Exports:
//   msm(group, bases, scalars, threads): Uint8Array          one-shot MSM, bases checked each call
//   loadBases(group, bases, threads): External              bases checked once, copied to native memory
//   msmResident(handle, scalars, threads): Promise<Uint8Array>  MSM on resident bases, off the JS thread
//   releaseBases(handle): undefined                          frees the copy (after running MSMs end)
//   groth16H(a, b, c, power, root, inc, threads): Promise<Uint8Array>  the H scalars (see ntt.h)
//   loadCoefficients(section, power, nVars): External        a zkey's QAP coefficients, checked, in native memory
//   releaseCoefficients(handle): undefined                   frees them (after running H jobs end)
//   groth16HWitness(handle, witness, root, inc, threads): Promise<Uint8Array>  the H scalars from a witness
//   eddsaVerifyBatch(records): Uint8Array                   one EdDSA-Poseidon verdict byte per record (see eddsa.h)
// MSM results are affine points in the bases' layout (64 bytes for G1, 128 for G2).
#include <node_api.h>

#include <memory>
#include <string>
#include <vector>

#include "eddsa.h"
#include "msm.h"
#include "ntt.h"

namespace {

using Bytes = std::vector<uint8_t>;

napi_value throw_error(napi_env env, const char* code, const std::string& message) {
  napi_throw_error(env, code, message.c_str());
  return nullptr;
}

// The bytes of a Uint8Array argument, or false (with a pending exception) for anything else.
bool uint8_array(napi_env env, napi_value value, const char* name, const uint8_t** data, size_t* length) {
  bool is_typed = false;
  napi_typedarray_type type;
  void* raw = nullptr;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok || type != napi_uint8_array) {
    throw_error(env, "INVALID_ARGUMENT", std::string(name) + " must be a Uint8Array");
    return false;
  }
  *data = static_cast<const uint8_t*>(raw);
  return true;
}

bool uint32_in(napi_env env, napi_value value, const char* name, uint32_t low, uint32_t high, uint32_t* out) {
  if (napi_get_value_uint32(env, value, out) != napi_ok || *out < low || *out > high) {
    throw_error(env, "INVALID_ARGUMENT", std::string(name) + " must be an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
    return false;
  }
  return true;
}

size_t point_bytes(uint32_t group) { return group == 1 ? zkr::G1Affine::BYTES : zkr::G2Affine::BYTES; }

// The outcome of one MSM in a group-independent form.
struct Outcome {
  zkr::MsmStatus status = zkr::MsmStatus::ok;
  size_t index = 0;
  uint8_t point[zkr::G2Affine::BYTES] = {};
};

Outcome run_msm(uint32_t group, const uint8_t* bases, const uint8_t* scalars, size_t n, unsigned threads, bool check_points) {
  Outcome out;
  if (group == 1) {
    const auto r = zkr::msm<zkr::Fq>(bases, scalars, n, threads, check_points);
    out.status = r.status;
    out.index = r.index;
    r.point.to_bytes(out.point);
  } else {
    const auto r = zkr::msm<zkr::Fq2>(bases, scalars, n, threads, check_points);
    out.status = r.status;
    out.index = r.index;
    r.point.to_bytes(out.point);
  }
  return out;
}

// The error an outcome stands for (nullptr when it is a result).
napi_value outcome_error(napi_env env, const Outcome& o) {
  if (o.status == zkr::MsmStatus::ok) return nullptr;
  const char* code = o.status == zkr::MsmStatus::scalar_out_of_range ? "SCALAR_OUT_OF_RANGE" : "POINT_INVALID";
  napi_value code_value, message, error;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, std::to_string(o.index).c_str(), NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code_value, message, &error);
  return error;
}

// A Uint8Array holding the outcome's point, or nullptr (with a pending exception).
napi_value point_array(napi_env env, uint32_t group, const Outcome& o) {
  napi_value buffer, array;
  void* data = nullptr;
  const size_t size = point_bytes(group);
  if (napi_create_arraybuffer(env, size, &data, &buffer) != napi_ok || napi_create_typedarray(env, napi_uint8_array, size, buffer, 0, &array) != napi_ok) {
    throw_error(env, "NATIVE_FAILED", "cannot allocate the result");
    return nullptr;
  }
  std::memcpy(data, o.point, size);
  return array;
}

// msm(group: 1 | 2, bases: Uint8Array, scalars: Uint8Array, threads: number): Uint8Array.
napi_value Msm(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 4) {
    return throw_error(env, "INVALID_ARGUMENT", "msm takes (group, bases, scalars, threads)");
  }
  uint32_t group, threads;
  const uint8_t *bases, *scalars;
  size_t bases_length, scalars_length;
  if (!uint32_in(env, argv[0], "group", 1, 2, &group) || !uint8_array(env, argv[1], "bases", &bases, &bases_length) ||
      !uint8_array(env, argv[2], "scalars", &scalars, &scalars_length) || !uint32_in(env, argv[3], "threads", 1, 256, &threads)) {
    return nullptr;
  }
  const size_t size = point_bytes(group);
  if (bases_length % size != 0 || scalars_length != bases_length / size * 32) {
    return throw_error(env, "INVALID_ARGUMENT", "bases must be n points and scalars n * 32 bytes");
  }
  const Outcome o = run_msm(group, bases, scalars, bases_length / size, threads, true);
  if (napi_value error = outcome_error(env, o)) {
    napi_throw(env, error);
    return nullptr;
  }
  return point_array(env, group, o);
}

// Bases copied into native memory. MSMs in flight share the copy, so releasing it while one runs
// frees it when that MSM ends.
struct Resident {
  uint32_t group;
  size_t n;
  std::shared_ptr<const Bytes> bytes;
};

void finalize_resident(napi_env, void* data, void*) { delete static_cast<Resident*>(data); }

// The Resident behind a handle, or nullptr (with a pending exception).
Resident* resident(napi_env env, napi_value value) {
  napi_valuetype type;
  void* data = nullptr;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external || napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) {
    throw_error(env, "INVALID_ARGUMENT", "handle must be a value returned by loadBases");
    return nullptr;
  }
  return static_cast<Resident*>(data);
}

// loadBases(group: 1 | 2, bases: Uint8Array, threads: number): External.
napi_value LoadBases(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 3) {
    return throw_error(env, "INVALID_ARGUMENT", "loadBases takes (group, bases, threads)");
  }
  uint32_t group, threads;
  const uint8_t* bases;
  size_t length;
  if (!uint32_in(env, argv[0], "group", 1, 2, &group) || !uint8_array(env, argv[1], "bases", &bases, &length) || !uint32_in(env, argv[2], "threads", 1, 256, &threads)) {
    return nullptr;
  }
  const size_t size = point_bytes(group);
  if (length % size != 0) return throw_error(env, "INVALID_ARGUMENT", "bases must be n points");
  const size_t n = length / size;
  const size_t bad = group == 1 ? zkr::first_invalid_point<zkr::Fq>(bases, n, threads) : zkr::first_invalid_point<zkr::Fq2>(bases, n, threads);
  if (bad < n) return throw_error(env, "POINT_INVALID", std::to_string(bad));
  auto* r = new Resident{group, n, std::make_shared<const Bytes>(bases, bases + length)};
  napi_value handle;
  if (napi_create_external(env, r, finalize_resident, nullptr, &handle) != napi_ok) {
    delete r;
    return throw_error(env, "NATIVE_FAILED", "cannot create the bases handle");
  }
  return handle;
}

// releaseBases(handle): frees the resident copy; later MSMs on the handle fail with RELEASED.
napi_value ReleaseBases(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 1) {
    return throw_error(env, "INVALID_ARGUMENT", "releaseBases takes (handle)");
  }
  Resident* r = resident(env, argv[0]);
  if (r == nullptr) return nullptr;
  r->bytes.reset();
  return nullptr;
}

// One MSM on resident bases, run on libuv's thread pool (which starts its own threads).
struct Job {
  uint32_t group;
  size_t n;
  std::shared_ptr<const Bytes> bases;
  Bytes scalars;
  unsigned threads;
  Outcome outcome;
  napi_deferred deferred;
  napi_async_work work;
};

void execute_job(napi_env, void* data) {
  Job* job = static_cast<Job*>(data);
  job->outcome = run_msm(job->group, job->bases->data(), job->scalars.data(), job->n, job->threads, false);
}

void complete_job(napi_env env, napi_status status, void* data) {
  std::unique_ptr<Job> job(static_cast<Job*>(data));
  napi_value value = nullptr;
  if (status != napi_ok) {
    napi_value code, message;
    napi_create_string_utf8(env, "NATIVE_FAILED", NAPI_AUTO_LENGTH, &code);
    napi_create_string_utf8(env, "the MSM job was cancelled", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, code, message, &value);
    napi_reject_deferred(env, job->deferred, value);
  } else if (napi_value error = outcome_error(env, job->outcome)) {
    napi_reject_deferred(env, job->deferred, error);
  } else if ((value = point_array(env, job->group, job->outcome)) != nullptr) {
    napi_resolve_deferred(env, job->deferred, value);
  } else {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_reject_deferred(env, job->deferred, exception);
  }
  napi_delete_async_work(env, job->work);
}

// msmResident(handle, scalars: Uint8Array, threads: number): Promise<Uint8Array>. The scalars are
// copied, so the caller may reuse its buffer at once.
napi_value MsmResident(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 3) {
    return throw_error(env, "INVALID_ARGUMENT", "msmResident takes (handle, scalars, threads)");
  }
  Resident* r = resident(env, argv[0]);
  const uint8_t* scalars;
  size_t length;
  uint32_t threads;
  if (r == nullptr || !uint8_array(env, argv[1], "scalars", &scalars, &length) || !uint32_in(env, argv[2], "threads", 1, 256, &threads)) return nullptr;
  if (!r->bytes) return throw_error(env, "RELEASED", "the bases were released");
  if (length != r->n * 32) return throw_error(env, "INVALID_ARGUMENT", "scalars must be n * 32 bytes");
  auto job = std::make_unique<Job>();
  job->group = r->group;
  job->n = r->n;
  job->bases = r->bytes;
  job->scalars.assign(scalars, scalars + length);
  job->threads = threads;
  napi_value promise, name;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok || napi_create_string_utf8(env, "zkr-msm", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, execute_job, complete_job, job.get(), &job->work) != napi_ok) {
    return throw_error(env, "NATIVE_FAILED", "cannot start the MSM job");
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    return throw_error(env, "NATIVE_FAILED", "cannot queue the MSM job");
  }
  job.release();  // owned by complete_job from here
  return promise;
}

// One H computation, run on libuv's thread pool.
struct HJob {
  Bytes a, b, c, out;
  unsigned power;
  uint8_t root[32], inc[32];
  unsigned threads;
  napi_deferred deferred;
  napi_async_work work;
};

void execute_h(napi_env, void* data) {
  HJob* job = static_cast<HJob*>(data);
  zkr::groth16_h(job->a.data(), job->b.data(), job->c.data(), job->power, job->root, job->inc, job->out.data(), job->threads);
}

// Resolves an H job's promise with its `out` scalars as a Uint8Array, or rejects it with NATIVE_FAILED;
// shared by groth16H and groth16HWitness, whose jobs both carry `out`, `deferred` and `work`.
template <typename Job>
void complete_h_job(napi_env env, napi_status status, void* data) {
  std::unique_ptr<Job> job(static_cast<Job*>(data));
  napi_value value = nullptr, buffer;
  void* out = nullptr;
  if (status == napi_ok && napi_create_arraybuffer(env, job->out.size(), &out, &buffer) == napi_ok &&
      napi_create_typedarray(env, napi_uint8_array, job->out.size(), buffer, 0, &value) == napi_ok) {
    std::memcpy(out, job->out.data(), job->out.size());
    napi_resolve_deferred(env, job->deferred, value);
  } else {
    napi_value code, message;
    napi_create_string_utf8(env, "NATIVE_FAILED", NAPI_AUTO_LENGTH, &code);
    napi_create_string_utf8(env, status == napi_ok ? "cannot allocate the H scalars" : "the H job was cancelled", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, code, message, &value);
    napi_reject_deferred(env, job->deferred, value);
  }
  napi_delete_async_work(env, job->work);
}

// groth16H(a, b, c: Uint8Array, power: number, root: Uint8Array, inc: Uint8Array, threads: number): Promise<Uint8Array>.
napi_value Groth16H(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 7) {
    return throw_error(env, "INVALID_ARGUMENT", "groth16H takes (a, b, c, power, root, inc, threads)");
  }
  const uint8_t *a, *b, *c, *root, *inc;
  size_t a_length, b_length, c_length, root_length, inc_length;
  uint32_t power, threads;
  if (!uint8_array(env, argv[0], "a", &a, &a_length) || !uint8_array(env, argv[1], "b", &b, &b_length) || !uint8_array(env, argv[2], "c", &c, &c_length) ||
      !uint32_in(env, argv[3], "power", 0, 27, &power) || !uint8_array(env, argv[4], "root", &root, &root_length) || !uint8_array(env, argv[5], "inc", &inc, &inc_length) ||
      !uint32_in(env, argv[6], "threads", 1, 256, &threads)) {
    return nullptr;
  }
  const size_t bytes = ((size_t)1 << power) * 32;
  if (a_length != bytes || b_length != bytes || c_length != bytes || root_length != 32 || inc_length != 32) {
    return throw_error(env, "INVALID_ARGUMENT", "a, b, c must be 2^power * 32 bytes and root, inc 32 bytes");
  }
  auto job = std::make_unique<HJob>();
  job->a.assign(a, a + bytes);
  job->b.assign(b, b + bytes);
  job->c.assign(c, c + bytes);
  job->out.resize(bytes);
  job->power = power;
  std::memcpy(job->root, root, 32);
  std::memcpy(job->inc, inc, 32);
  job->threads = threads;
  napi_value promise, name;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok || napi_create_string_utf8(env, "zkr-h", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, execute_h, complete_h_job<HJob>, job.get(), &job->work) != napi_ok) {
    return throw_error(env, "NATIVE_FAILED", "cannot start the H job");
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    return throw_error(env, "NATIVE_FAILED", "cannot queue the H job");
  }
  job.release();  // owned by complete_h_job from here
  return promise;
}

// QAP coefficients in native memory, shared with H jobs in flight as the bases are with MSMs.
struct ResidentCoefs {
  std::shared_ptr<const zkr::Coefficients> coefs;
};

void finalize_coefs(napi_env, void* data, void*) { delete static_cast<ResidentCoefs*>(data); }

// The ResidentCoefs behind a handle, or nullptr (with a pending exception). The type tag tells
// coefficient handles from bases handles.
const napi_type_tag COEFS_TAG = {0x7a6b72636f656673ULL, 0x0000000000000001ULL};

ResidentCoefs* resident_coefs(napi_env env, napi_value value) {
  napi_valuetype type;
  void* data = nullptr;
  bool tagged = false;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external || napi_check_object_type_tag(env, value, &COEFS_TAG, &tagged) != napi_ok || !tagged ||
      napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) {
    throw_error(env, "INVALID_ARGUMENT", "handle must be a value returned by loadCoefficients");
    return nullptr;
  }
  return static_cast<ResidentCoefs*>(data);
}

// loadCoefficients(section: Uint8Array, power: number, nVars: number): External. `section` is zkey
// section 4: a u32 count, then count entries of 44 bytes.
napi_value LoadCoefficients(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 3) {
    return throw_error(env, "INVALID_ARGUMENT", "loadCoefficients takes (section, power, nVars)");
  }
  const uint8_t* section;
  size_t length;
  uint32_t power, n_vars;
  if (!uint8_array(env, argv[0], "section", &section, &length) || !uint32_in(env, argv[1], "power", 0, 27, &power) || !uint32_in(env, argv[2], "nVars", 1, 0xffffffffU, &n_vars)) {
    return nullptr;
  }
  uint32_t count = 0;
  if (length >= 4) std::memcpy(&count, section, 4);
  if (length < 4 || length != 4 + (size_t)count * 44) return throw_error(env, "INVALID_ARGUMENT", "section must be a u32 count and count * 44 bytes");
  auto coefs = std::make_shared<zkr::Coefficients>();
  size_t index = 0;
  switch (zkr::load_coefficients(section + 4, count, power, n_vars, *coefs, index)) {
    case zkr::CoefStatus::ok: break;
    case zkr::CoefStatus::bad_matrix: return throw_error(env, "COEFFICIENT_INVALID", std::to_string(index) + ": matrix is not 0 or 1");
    case zkr::CoefStatus::bad_constraint: return throw_error(env, "COEFFICIENT_INVALID", std::to_string(index) + ": constraint is not below 2^power");
    case zkr::CoefStatus::bad_signal: return throw_error(env, "COEFFICIENT_INVALID", std::to_string(index) + ": signal is not below nVars");
    case zkr::CoefStatus::bad_value: return throw_error(env, "COEFFICIENT_INVALID", std::to_string(index) + ": coefficient is not below r");
  }
  auto* r = new ResidentCoefs{std::move(coefs)};
  napi_value handle;
  if (napi_create_external(env, r, finalize_coefs, nullptr, &handle) != napi_ok) {
    delete r;
    return throw_error(env, "NATIVE_FAILED", "cannot create the coefficients handle");
  }
  if (napi_type_tag_object(env, handle, &COEFS_TAG) != napi_ok) return throw_error(env, "NATIVE_FAILED", "cannot tag the coefficients handle");
  return handle;
}

// releaseCoefficients(handle): frees the coefficients; later H jobs on the handle fail with RELEASED.
napi_value ReleaseCoefficients(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 1) {
    return throw_error(env, "INVALID_ARGUMENT", "releaseCoefficients takes (handle)");
  }
  ResidentCoefs* r = resident_coefs(env, argv[0]);
  if (r == nullptr) return nullptr;
  r->coefs.reset();
  return nullptr;
}

// One H computation from a witness, run on libuv's thread pool.
struct HWitnessJob {
  std::shared_ptr<const zkr::Coefficients> coefs;
  Bytes witness, out;
  uint8_t root[32], inc[32];
  unsigned threads;
  napi_deferred deferred;
  napi_async_work work;
};

void execute_h_witness(napi_env, void* data) {
  HWitnessJob* job = static_cast<HWitnessJob*>(data);
  zkr::groth16_h_witness(*job->coefs, job->witness.data(), job->root, job->inc, job->out.data(), job->threads);
}

// groth16HWitness(handle, witness: Uint8Array, root: Uint8Array, inc: Uint8Array, threads: number):
// Promise<Uint8Array>. The witness (nVars standard-form values, each below r) is copied.
napi_value Groth16HWitness(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 5) {
    return throw_error(env, "INVALID_ARGUMENT", "groth16HWitness takes (handle, witness, root, inc, threads)");
  }
  ResidentCoefs* r = resident_coefs(env, argv[0]);
  const uint8_t *witness, *root, *inc;
  size_t witness_length, root_length, inc_length;
  uint32_t threads;
  if (r == nullptr || !uint8_array(env, argv[1], "witness", &witness, &witness_length) || !uint8_array(env, argv[2], "root", &root, &root_length) ||
      !uint8_array(env, argv[3], "inc", &inc, &inc_length) || !uint32_in(env, argv[4], "threads", 1, 256, &threads)) {
    return nullptr;
  }
  if (!r->coefs) return throw_error(env, "RELEASED", "the coefficients were released");
  if (witness_length != r->coefs->n_vars * 32 || root_length != 32 || inc_length != 32) {
    return throw_error(env, "INVALID_ARGUMENT", "witness must be nVars * 32 bytes and root, inc 32 bytes");
  }
  for (size_t i = 0; i < r->coefs->n_vars; i++) {
    if (!zkr::Fr::from_bytes(witness + 32 * i).is_canonical()) return throw_error(env, "SCALAR_OUT_OF_RANGE", std::to_string(i));
  }
  auto job = std::make_unique<HWitnessJob>();
  job->coefs = r->coefs;
  job->witness.assign(witness, witness + witness_length);
  job->out.resize(((size_t)1 << r->coefs->power) * 32);
  std::memcpy(job->root, root, 32);
  std::memcpy(job->inc, inc, 32);
  job->threads = threads;
  napi_value promise, name;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok || napi_create_string_utf8(env, "zkr-h-witness", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, execute_h_witness, complete_h_job<HWitnessJob>, job.get(), &job->work) != napi_ok) {
    return throw_error(env, "NATIVE_FAILED", "cannot start the H job");
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    return throw_error(env, "NATIVE_FAILED", "cannot queue the H job");
  }
  job.release();  // owned by complete_h_job from here
  return promise;
}

// eddsaVerifyBatch(records: Uint8Array): Uint8Array. `records` holds n records of
// zkr::EDDSA_RECORD_BYTES; the result holds n bytes, 1 where the signature verifies, else 0. It runs
// on the calling thread (a signature worker's).
napi_value EddsaVerifyBatch(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 1) {
    return throw_error(env, "INVALID_ARGUMENT", "eddsaVerifyBatch takes (records)");
  }
  const uint8_t* records;
  size_t length;
  if (!uint8_array(env, argv[0], "records", &records, &length)) return nullptr;
  if (length % zkr::EDDSA_RECORD_BYTES != 0) return throw_error(env, "INVALID_ARGUMENT", "records must be n * 192 bytes");
  const size_t n = length / zkr::EDDSA_RECORD_BYTES;
  napi_value buffer, array;
  void* verdicts = nullptr;
  if (napi_create_arraybuffer(env, n, &verdicts, &buffer) != napi_ok || napi_create_typedarray(env, napi_uint8_array, n, buffer, 0, &array) != napi_ok) {
    return throw_error(env, "NATIVE_FAILED", "cannot allocate the verdicts");
  }
  zkr::eddsa_verify_batch(records, n, static_cast<uint8_t*>(verdicts));
  return array;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor functions[] = {
      {"msm", nullptr, Msm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"loadBases", nullptr, LoadBases, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"msmResident", nullptr, MsmResident, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"releaseBases", nullptr, ReleaseBases, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"groth16H", nullptr, Groth16H, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"loadCoefficients", nullptr, LoadCoefficients, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"releaseCoefficients", nullptr, ReleaseCoefficients, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"groth16HWitness", nullptr, Groth16HWitness, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"eddsaVerifyBatch", nullptr, EddsaVerifyBatch, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof(functions) / sizeof(functions[0]), functions) != napi_ok) return nullptr;
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
