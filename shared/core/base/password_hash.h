#pragma once
// Staff secrets (the kiosk's staff PIN now; staff passwords and PINs in the back office) are kept
// only as Argon2id hashes in libsodium's self-describing string form ("$argon2id$v=19$m=...").
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace aftersales {

Result<std::string> hash_secret(std::string_view secret);
bool verify_secret(std::string_view hash, std::string_view secret);  // false for a malformed hash too
// A PIN is 4 to 8 digits.
Result<void> check_pin_format(std::string_view pin);
// What stands for a text that must not be kept as it is (a name typed at a sign-in may be a
// password): 32 hex digits of a BLAKE2b digest keyed with `key` (a secret of the database).
std::string keyed_fingerprint(std::string_view text, std::string_view key);

}  // namespace aftersales
