#include "core/domain/status_token.h"

#include <array>

#include "core/base/random.h"
#include "core/domain/case_code.h"

namespace aftersales {

std::string new_status_token() {
  std::array<unsigned char, 16> bytes{};
  random_bytes(bytes.data(), bytes.size());
  std::string token;
  token.reserve(kStatusTokenLength);
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      token.push_back(kCrockfordAlphabet[(buffer >> bits) & 31]);
    }
  }
  if (bits > 0) token.push_back(kCrockfordAlphabet[(buffer << (5 - bits)) & 31]);
  return token;
}

std::optional<std::string> normalize_status_token(std::string_view text) {
  if (text.size() != kStatusTokenLength) return std::nullopt;
  std::string token;
  token.reserve(text.size());
  for (char c : text) {
    char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (kCrockfordAlphabet.find(upper) == std::string_view::npos) return std::nullopt;
    token.push_back(upper);
  }
  return token;
}

}  // namespace aftersales
