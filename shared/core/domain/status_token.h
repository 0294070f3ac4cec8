#pragma once
// The status token is the customer's only credential for the phone page: 128 bits from the CSPRNG,
// never derived from the case code or id. Written as 26 Crockford base32 symbols in upper case, so
// the whole status URL fits QR's compact alphanumeric mode; lower case is accepted too.
#include <optional>
#include <string>
#include <string_view>

namespace aftersales {

inline constexpr std::size_t kStatusTokenLength = 26;

std::string new_status_token();
// The canonical (upper-case) token, or nothing when the text cannot be a token.
std::optional<std::string> normalize_status_token(std::string_view text);

}  // namespace aftersales
