// N-API binding of zkr's native engine (plain C node_api.h, no node-addon-api). Argument types and
// lengths are validated by the TypeScript loader; this layer re-checks what it relies on and throws
// errors whose `code` the loader maps to ZkrError codes.
#include <node_api.h>

#include <string>

#include "msm.h"

namespace {

napi_value throw_error(napi_env env, const char* code, const std::string& message) {
  napi_throw_error(env, code, message.c_str());
  return nullptr;
}

// The bytes of a Uint8Array argument, or false (with a pending exception) for anything else.
bool uint8_array(napi_env env, napi_value value, const char* name, const uint8_t** data, size_t* length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) {
    throw_error(env, "INVALID_ARGUMENT", std::string(name) + " must be a Uint8Array");
    return false;
  }
  napi_typedarray_type type;
  void* raw = nullptr;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok || type != napi_uint8_array) {
    throw_error(env, "INVALID_ARGUMENT", std::string(name) + " must be a Uint8Array");
    return false;
  }
  *data = static_cast<const uint8_t*>(raw);
  return true;
}

// msmG1(bases: Uint8Array, scalars: Uint8Array, threads: number): Uint8Array (64-byte affine point).
napi_value MsmG1(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != 3) {
    return throw_error(env, "INVALID_ARGUMENT", "msmG1 takes (bases, scalars, threads)");
  }
  const uint8_t* bases;
  const uint8_t* scalars;
  size_t bases_length, scalars_length;
  if (!uint8_array(env, argv[0], "bases", &bases, &bases_length)) return nullptr;
  if (!uint8_array(env, argv[1], "scalars", &scalars, &scalars_length)) return nullptr;
  uint32_t threads = 0;
  if (napi_get_value_uint32(env, argv[2], &threads) != napi_ok || threads < 1 || threads > 256) {
    return throw_error(env, "INVALID_ARGUMENT", "threads must be an integer in [1, 256]");
  }
  if (bases_length % 64 != 0 || scalars_length != bases_length / 2) {
    return throw_error(env, "INVALID_ARGUMENT", "bases must be n * 64 bytes and scalars n * 32 bytes");
  }
  const zkr::MsmResult r = zkr::msm_g1(bases, scalars, bases_length / 64, threads);
  if (r.status == zkr::MsmStatus::scalar_out_of_range) {
    return throw_error(env, "SCALAR_OUT_OF_RANGE", std::to_string(r.index));
  }
  if (r.status == zkr::MsmStatus::point_invalid) {
    return throw_error(env, "POINT_INVALID", std::to_string(r.index));
  }
  napi_value buffer, array;
  void* out = nullptr;
  if (napi_create_arraybuffer(env, 64, &out, &buffer) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 64, buffer, 0, &array) != napi_ok) {
    return throw_error(env, "NATIVE_FAILED", "cannot allocate the result");
  }
  r.point.to_bytes(static_cast<uint8_t*>(out));
  return array;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "msmG1", NAPI_AUTO_LENGTH, MsmG1, nullptr, &fn) != napi_ok) return nullptr;
  if (napi_set_named_property(env, exports, "msmG1", fn) != napi_ok) return nullptr;
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
