# Precompiled headers for the targets whose sources spend most of their compile time parsing the same
# third-party headers: the CLI (CLI11, nlohmann-json, fmt: about 8 s a file) and the test programs
# (GoogleTest, fmt). Third-party and standard headers only, so that a change to our own headers still
# rebuilds exactly what includes them. Every source still includes what it uses: clang-tidy
# (install/check_tidy.sh) analyses each file without the precompiled header.
#   -DAFTERSALES_PCH=OFF builds without them.
option(AFTERSALES_PCH "Precompile the heavy third-party headers of the CLI and the tests" ON)

function(aftersales_precompile_headers target)
  if(AFTERSALES_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
    # g++ 12's false -Wstringop-overflow and -Warray-bounds inside libstdc++'s std::string operator+ (GCC
    # bug 105651), which it keeps quiet as a system header's when the header is included and reports when
    # it is precompiled.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-stringop-overflow -Wno-array-bounds)
    endif()
  endif()
endfunction()
