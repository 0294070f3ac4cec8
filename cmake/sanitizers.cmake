# AddressSanitizer + UndefinedBehaviorSanitizer, switched on with -DAFTERSALES_SANITIZE=ON.
# -DAFTERSALES_FUZZ=ON (clang only, tests/fuzz/run.sh) adds libFuzzer's coverage to the same.
add_library(aftersales_sanitizers INTERFACE)
if(AFTERSALES_SANITIZE OR AFTERSALES_FUZZ)
  set(_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  if(AFTERSALES_FUZZ)
    list(APPEND _flags -fsanitize=fuzzer-no-link)
  endif()
  target_compile_options(aftersales_sanitizers INTERFACE ${_flags})
  target_link_options(aftersales_sanitizers INTERFACE ${_flags})
endif()
