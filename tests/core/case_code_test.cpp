#include "core/domain/case_code.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <set>

namespace aftersales {
namespace {

std::vector<std::string> sample_codes(int n) {
  std::mt19937_64 rng(7);
  std::vector<std::string> codes;
  for (int i = 0; i < n; ++i) codes.push_back(make_case_code(i % 2 ? CaseKind::repair : CaseKind::return_item, rng()));
  return codes;
}

std::string symbols_of(const std::string& code) {
  std::string s = code;
  std::erase(s, '-');
  return s;
}

TEST(CaseCode, HasKindPrefixThreeGroupsAndNoAmbiguousLetters) {
  std::regex form("^[RT][0-9A-HJKMNP-TV-Z]{2}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$");
  for (const auto& code : sample_codes(500)) {
    EXPECT_TRUE(std::regex_match(code, form)) << code;
    EXPECT_TRUE(parse_case_code(code)) << code;
  }
  EXPECT_EQ(new_case_code(CaseKind::repair)[0], 'R');
  EXPECT_EQ(new_case_code(CaseKind::return_item)[0], 'T');
}

TEST(CaseCode, ParserForgivesCaseSpacesDashesAndLookalikes) {
  std::string code = make_case_code(CaseKind::repair, 0x123456789ULL);
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_EQ(*parse_case_code(lower), code);
  EXPECT_EQ(*parse_case_code(symbols_of(code)), code);
  EXPECT_EQ(*parse_case_code(" " + code.substr(0, 5) + " " + code.substr(5) + " "), code);

  // Zero read as the letter O, one as I or L.
  std::string with_zero_and_one = make_case_code(CaseKind::repair, 0);  // middle symbols all '0'
  std::string typed = with_zero_and_one;
  std::replace(typed.begin(), typed.end(), '0', 'O');
  EXPECT_EQ(*parse_case_code(typed), with_zero_and_one);
  std::string ones = make_case_code(CaseKind::return_item, 0x842108421ULL);  // every 5-bit group is 1
  ASSERT_NE(ones.find('1'), std::string::npos);
  std::string typed_ones = ones;
  std::replace(typed_ones.begin(), typed_ones.end(), '1', 'l');
  EXPECT_EQ(*parse_case_code(typed_ones), ones);
  std::replace(typed_ones.begin(), typed_ones.end(), 'l', 'I');
  EXPECT_EQ(*parse_case_code(typed_ones), ones);
}

TEST(CaseCode, CheckSymbolRejectsEverySingleSubstitution) {
  for (const auto& code : sample_codes(300)) {
    std::string s = symbols_of(code);
    for (std::size_t pos = 0; pos < s.size(); ++pos) {
      for (char replacement : kCrockfordAlphabet) {
        if (replacement == s[pos]) continue;
        std::string typo = s;
        typo[pos] = replacement;
        EXPECT_FALSE(parse_case_code(typo)) << code << " -> " << typo;
      }
    }
  }
}

TEST(CaseCode, CheckSymbolRejectsEveryAdjacentSwap) {
  for (const auto& code : sample_codes(2000)) {
    std::string s = symbols_of(code);
    for (std::size_t pos = 0; pos + 1 < s.size(); ++pos) {
      if (s[pos] == s[pos + 1]) continue;
      std::string swapped = s;
      std::swap(swapped[pos], swapped[pos + 1]);
      EXPECT_FALSE(parse_case_code(swapped)) << code << " -> " << swapped;
    }
  }
}

TEST(CaseCode, ExplainsWhatIsWrong) {
  auto short_code = parse_case_code("R7K-4PQ");
  ASSERT_FALSE(short_code);
  EXPECT_NE(short_code.error().message.find("9 letters and digits"), std::string::npos);
  EXPECT_EQ(short_code.error().field, "code");

  auto symbols = parse_case_code("R7K-4PQ-9!X");
  ASSERT_FALSE(symbols);
  EXPECT_NE(symbols.error().message.find("only letters and digits"), std::string::npos);

  std::string good = symbols_of(make_case_code(CaseKind::repair, 42));
  good[0] = 'X';
  auto wrong_kind = parse_case_code(good);
  ASSERT_FALSE(wrong_kind);
  EXPECT_NE(wrong_kind.error().message.find("starts with R"), std::string::npos);

  std::string typo = symbols_of(make_case_code(CaseKind::repair, 42));
  typo[4] = typo[4] == 'A' ? 'B' : 'A';
  auto typo_result = parse_case_code(typo);
  ASSERT_FALSE(typo_result);
  EXPECT_NE(typo_result.error().message.find("typo"), std::string::npos);
}

TEST(CaseCode, KindComesFromThePrefix) {
  EXPECT_EQ(case_code_kind(make_case_code(CaseKind::repair, 1)), CaseKind::repair);
  EXPECT_EQ(case_code_kind(make_case_code(CaseKind::return_item, 1)), CaseKind::return_item);
  EXPECT_EQ(parse_case_kind("return"), CaseKind::return_item);
  EXPECT_FALSE(parse_case_kind("refund"));
}

// In a chain every store draws from its own share: the store is read back from each code, so two
// stores can never give out the same code, and codes still use the whole alphabet.
TEST(CaseCode, EachStoreOfAChainDrawsFromItsOwnShare) {
  std::mt19937_64 rng(11);
  std::set<std::string> seen;
  std::set<char> first_symbols;
  for (int store : {1, 2, 3, 517, kMaxChainStores}) {
    for (int i = 0; i < 2000; ++i) {
      std::string code = make_case_code(CaseKind::repair, chain_code_bits(store, rng()));
      ASSERT_TRUE(parse_case_code(code)) << code;
      EXPECT_EQ(case_code_store_number(code), store) << code;
      seen.insert(code);
      first_symbols.insert(code[1]);
    }
  }
  EXPECT_EQ(seen.size(), 5u * 2000u);    // no code twice (25 random bits: a repeat within 2000 is rare but
  EXPECT_GT(first_symbols.size(), 25u);  // the check above is what makes stores disjoint)
  EXPECT_EQ(case_code_store_number(new_case_code(CaseKind::return_item, 42)), 42);
  // Outside a chain all 35 bits are random, as before.
  EXPECT_EQ(chain_code_bits(0, 0x7FFFFFFFFULL), 0x7FFFFFFFFULL);
  EXPECT_EQ(case_code_store_number("garbage"), 0);
}

}  // namespace
}  // namespace aftersales
