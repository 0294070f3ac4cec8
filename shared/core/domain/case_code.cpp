#include "core/domain/case_code.h"

#include <array>

#include "core/base/random.h"

namespace aftersales {
namespace {

// GF(32) with the primitive polynomial x^5 + x^2 + 1.
constexpr unsigned kPoly = 0b100101;

constexpr unsigned gf_multiply(unsigned a, unsigned b) {
  unsigned product = 0;
  while (b) {
    if (b & 1) product ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 0b100000) a ^= kPoly;
  }
  return product;
}

// Weight of position i (0-based, over the eight symbols before the check) is alpha^(i+1); the check
// symbol has weight 1 = alpha^0, so the weighted sum of all nine symbols is zero. All nine weights
// differ, hence w_i*(a^b) != 0 for a substitution and (w_i^w_j)*(a^b) != 0 for a swap.
constexpr std::array<unsigned, 8> make_weights() {
  std::array<unsigned, 8> weights{};
  unsigned power = 1;
  for (auto& w : weights) {
    power = gf_multiply(power, 2);  // alpha = x = 2
    w = power;
  }
  return weights;
}
constexpr auto kWeights = make_weights();

int symbol_value(char c) {
  switch (c) {
    case 'O': return 0;
    case 'I':
    case 'L': return 1;
    default: break;
  }
  auto pos = kCrockfordAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// The chain's bijection over 35 bits: multiplications by odd numbers and xor-shifts, each of which
// can be undone, so a code maps back to its store's number.
constexpr std::uint64_t kCodeMask = (std::uint64_t{1} << 35) - 1;
constexpr int kStoreShift = 25;
constexpr std::uint64_t kMix1 = 0x2545F4914ULL | 1, kMix2 = 0x5851F42DULL | 1;

constexpr std::uint64_t inverse_mod_2_35(std::uint64_t odd) {
  std::uint64_t x = odd;  // Newton's iteration doubles the correct low bits each step
  for (int i = 0; i < 6; ++i) x = (x * (2 - odd * x)) & kCodeMask;
  return x;
}
static_assert(((kMix1 * inverse_mod_2_35(kMix1)) & kCodeMask) == 1);
static_assert(((kMix2 * inverse_mod_2_35(kMix2)) & kCodeMask) == 1);

constexpr std::uint64_t mix(std::uint64_t x) {
  x = (x * kMix1) & kCodeMask;
  x ^= x >> 17;
  x = (x * kMix2) & kCodeMask;
  x ^= x >> 15;
  return x;
}

constexpr std::uint64_t unmix(std::uint64_t x) {
  x ^= (x >> 15) ^ (x >> 30);
  x = (x * inverse_mod_2_35(kMix2)) & kCodeMask;
  x ^= (x >> 17) ^ (x >> 34);
  return (x * inverse_mod_2_35(kMix1)) & kCodeMask;
}
static_assert(unmix(mix(0x123456789ULL)) == 0x123456789ULL && unmix(mix(kCodeMask)) == kCodeMask);

std::string group(std::string_view symbols) {
  return std::string(symbols.substr(0, 3)) + "-" + std::string(symbols.substr(3, 3)) + "-" +
         std::string(symbols.substr(6, 3));
}

}  // namespace

std::string_view to_string(CaseKind kind) {
  return kind == CaseKind::repair ? "repair" : "return";
}

std::optional<CaseKind> parse_case_kind(std::string_view text) {
  if (text == "repair") return CaseKind::repair;
  if (text == "return") return CaseKind::return_item;
  return std::nullopt;
}

char case_code_prefix(CaseKind kind) {
  return kind == CaseKind::repair ? 'R' : 'T';
}

char case_code_check_symbol(std::string_view first_eight) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < first_eight.size() && i < kWeights.size(); ++i)
    sum ^= gf_multiply(kWeights[i], static_cast<unsigned>(symbol_value(first_eight[i])));
  return kCrockfordAlphabet[sum];  // sum + check*1 = 0 in GF(2^5) means check = sum
}

std::string make_case_code(CaseKind kind, std::uint64_t random_bits) {
  std::string symbols(1, case_code_prefix(kind));
  for (int i = 0; i < 7; ++i) {
    symbols.push_back(kCrockfordAlphabet[random_bits & 31]);
    random_bits >>= 5;
  }
  symbols.push_back(case_code_check_symbol(symbols));
  return group(symbols);
}

std::uint64_t chain_code_bits(int store_number, std::uint64_t random_bits) {
  if (store_number <= 0 || store_number > kMaxChainStores) return random_bits & kCodeMask;
  std::uint64_t local = random_bits & ((std::uint64_t{1} << kStoreShift) - 1);
  return mix((static_cast<std::uint64_t>(store_number) << kStoreShift) | local);
}

std::string new_case_code(CaseKind kind, int store_number) {
  return make_case_code(kind, chain_code_bits(store_number, random_u64()));
}

int case_code_store_number(std::string_view canonical_code) {
  std::uint64_t bits = 0;
  int shift = 0;
  for (char c : canonical_code.substr(1, canonical_code.size() < 2 ? 0 : canonical_code.size() - 2)) {
    if (c == '-') continue;
    int value = symbol_value(c);
    if (value < 0 || shift >= 35) return 0;
    bits |= static_cast<std::uint64_t>(value) << shift;
    shift += 5;
  }
  if (shift != 35) return 0;
  return static_cast<int>(unmix(bits) >> kStoreShift);
}

Result<std::string> parse_case_code(std::string_view input) {
  std::string symbols;
  for (char c : input) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    int value = symbol_value(upper);
    if (value < 0)
      return fail(ErrorKind::invalid_input,
                  "A case code has only letters and digits, like R7K-4PQ-92X. Please check it on your receipt.",
                  "code");
    symbols.push_back(kCrockfordAlphabet[static_cast<std::size_t>(value)]);
  }
  if (symbols.size() != kCaseCodeSymbols)
    return fail(ErrorKind::invalid_input,
                "A case code has 9 letters and digits, like R7K-4PQ-92X. Please check it on your receipt.", "code");
  if (symbols[0] != 'R' && symbols[0] != 'T')
    return fail(ErrorKind::invalid_input,
                "A case code starts with R (repair) or T (return). Please check it on your receipt.", "code");
  if (case_code_check_symbol(std::string_view(symbols).substr(0, 8)) != symbols[8])
    return fail(ErrorKind::invalid_input,
                "That case code has a typo: please check each character against your receipt.", "code");
  return group(symbols);
}

std::optional<CaseKind> case_code_kind(std::string_view canonical_code) {
  if (canonical_code.empty()) return std::nullopt;
  if (canonical_code[0] == 'R') return CaseKind::repair;
  if (canonical_code[0] == 'T') return CaseKind::return_item;
  return std::nullopt;
}

}  // namespace aftersales
