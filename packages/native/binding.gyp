{
  "targets": [
    {
      "target_name": "zkr_native",
      "sources": ["csrc/addon.cc", "csrc/eddsa.cc", "csrc/msm.cc", "csrc/ntt.cc"],
      "cflags_cc": ["-O3"],
      "defines": ["NAPI_VERSION=8"],
      "xcode_settings": { "GCC_OPTIMIZATION_LEVEL": "3" }
    }
  ]
}
