# AddressSanitizer + UndefinedBehaviorSanitizer, switched on with -DAFTERSALES_SANITIZE=ON.
add_library(aftersales_sanitizers INTERFACE)
if(AFTERSALES_SANITIZE)
  set(_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(aftersales_sanitizers INTERFACE ${_flags})
  target_link_options(aftersales_sanitizers INTERFACE ${_flags})
endif()
