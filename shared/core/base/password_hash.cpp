#include "core/base/password_hash.h"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace aftersales {

Result<std::string> hash_secret(std::string_view secret) {
  if (sodium_init() < 0) return fail(ErrorKind::io, "libsodium could not start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(ErrorKind::io, "not enough memory to hash the secret");
  return std::string(out);
}

bool verify_secret(std::string_view hash, std::string_view secret) {
  if (sodium_init() < 0 || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

Result<void> check_pin_format(std::string_view pin) {
  bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || pin.size() < 4 || pin.size() > 8)
    return fail(ErrorKind::invalid_input, "A PIN is 4 to 8 digits.", "pin");
  return {};
}

std::string keyed_fingerprint(std::string_view text, std::string_view key) {
  std::array<unsigned char, 16> digest{};
  std::array<unsigned char, crypto_generichash_KEYBYTES> key_bytes{};
  crypto_generichash(key_bytes.data(), key_bytes.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     nullptr, 0);
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     key_bytes.data(), key_bytes.size());
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return hex.data();
}

}  // namespace aftersales
