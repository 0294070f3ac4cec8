#include "core/base/random.h"

#include <sodium.h>

#include <stdexcept>

namespace aftersales {
namespace {

void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    return true;
  }();
  (void)ready;
}

}  // namespace

void random_bytes(void* out, std::size_t size) {
  ensure_sodium();
  randombytes_buf(out, size);
}

std::uint64_t random_u64() {
  std::uint64_t value = 0;
  random_bytes(&value, sizeof value);
  return value;
}

}  // namespace aftersales
