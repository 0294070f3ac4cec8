#pragma once
// Randomness for codes and secrets, from libsodium (the OS CSPRNG).
#include <cstddef>
#include <cstdint>

namespace aftersales {

std::uint64_t random_u64();
void random_bytes(void* out, std::size_t size);

}  // namespace aftersales
