#pragma once
// Case codes are for people: read aloud at the counter, typed at the kiosk, printed on the receipt.
// Form: a kind letter, seven random symbols and a check symbol, grouped in threes: R7K-4PQ-92X.
// Alphabet: Crockford base32 (no I, L, O, U). The check symbol is a weighted sum over GF(32) with
// distinct weights, which catches every single wrong symbol and every swap of two neighbours.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace aftersales {

enum class CaseKind { repair, return_item };

std::string_view to_string(CaseKind kind);  // "repair" / "return"
std::optional<CaseKind> parse_case_kind(std::string_view text);
char case_code_prefix(CaseKind kind);  // 'R' repair, 'T' return

inline constexpr std::string_view kCrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kCaseCodeSymbols = 9;  // without the two dashes

// 35 random bits become the seven middle symbols.
std::string make_case_code(CaseKind kind, std::uint64_t random_bits);

// A chain of stores shares one code space, and its headquarters holds every store's cases, so two
// stores must never give out the same code while offline. Store n (1..kMaxChainStores) owns 2^25
// of the 2^35 codes: its number and 25 random bits, mixed by a fixed bijection so the codes still
// look random and the owner can be read back from any code. 0: not in a chain, 35 random bits.
inline constexpr int kMaxChainStores = 1023;
std::string new_case_code(CaseKind kind, int store_number = 0);  // random bits from the OS CSPRNG
std::uint64_t chain_code_bits(int store_number, std::uint64_t random_bits);
// The store whose share holds this code: the number new_case_code was given. Meaningful only for
// a code drawn in a chain (any other code gives some number from 0 to 1023); 0 for text that is
// not a code.
int case_code_store_number(std::string_view canonical_code);

// Forgives lower case, spaces, dashes, O for 0 and I/L for 1. Returns the canonical grouped form,
// or an error a shopper can act on (too short, not a code, a typo).
Result<std::string> parse_case_code(std::string_view input);
std::optional<CaseKind> case_code_kind(std::string_view canonical_code);

// Exposed for tests: the check symbol for the first eight symbols of a code.
char case_code_check_symbol(std::string_view first_eight);

}  // namespace aftersales
