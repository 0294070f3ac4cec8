# Project warnings as an interface target, linked PRIVATE by every target of ours.
add_library(aftersales_warnings INTERFACE)
target_compile_options(aftersales_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                     -Wno-sign-conversion -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s std::string operator+ at -O2
  # (GCC bug 105329), and -Wmissing-field-initializers for designated initializers that leave
  # members to their default initializers (GCC bug 96868). Neither says anything about our code.
  target_compile_options(aftersales_warnings INTERFACE -Wno-restrict -Wno-missing-field-initializers)
endif()
if(AFTERSALES_WERROR)
  target_compile_options(aftersales_warnings INTERFACE -Werror)
endif()
