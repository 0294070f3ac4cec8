#pragma once
// What every fuzz target shares: a failed expectation is a crash libFuzzer keeps as a finding.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_EXPECT(condition)                                                      \
  do {                                                                              \
    if (!(condition)) {                                                             \
      std::fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                 \
    }                                                                               \
  } while (false)

namespace aftersales::fuzz {

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// True when `text` is valid UTF-8 with no overlong forms or surrogates.
bool valid_utf8(std::string_view text);

}  // namespace aftersales::fuzz
