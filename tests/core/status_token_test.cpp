#include "core/domain/status_token.h"

#include <gtest/gtest.h>

#include <set>

#include "core/domain/case_code.h"

namespace aftersales {
namespace {

TEST(StatusToken, Is26UpperCaseCrockfordSymbols) {
  for (int i = 0; i < 200; ++i) {
    std::string token = new_status_token();
    ASSERT_EQ(token.size(), kStatusTokenLength);
    for (char c : token) EXPECT_NE(kCrockfordAlphabet.find(c), std::string_view::npos) << token;
  }
}

TEST(StatusToken, NeverRepeatsAndUsesEveryPosition) {
  std::set<std::string> seen;
  std::vector<std::set<char>> per_position(kStatusTokenLength);
  for (int i = 0; i < 20000; ++i) {
    std::string token = new_status_token();
    EXPECT_TRUE(seen.insert(token).second);
    for (std::size_t p = 0; p < token.size(); ++p) per_position[p].insert(token[p]);
  }
  // 128 bits fill 25 full symbols and 3 bits of the last one.
  for (std::size_t p = 0; p + 1 < kStatusTokenLength; ++p) EXPECT_EQ(per_position[p].size(), 32u) << p;
  EXPECT_EQ(per_position.back().size(), 8u);
}

TEST(StatusToken, NormalizeAcceptsEitherCaseAndRejectsAnythingElse) {
  std::string token = new_status_token();
  std::string lower = token;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  EXPECT_EQ(normalize_status_token(lower), token);
  EXPECT_EQ(normalize_status_token(token), token);
  EXPECT_FALSE(normalize_status_token(token.substr(1)));
  EXPECT_FALSE(normalize_status_token(token + "A"));
  EXPECT_FALSE(normalize_status_token(std::string(25, 'A') + "/"));
  EXPECT_FALSE(normalize_status_token(std::string(25, 'A') + "U"));
  EXPECT_FALSE(normalize_status_token(""));
}

}  // namespace
}  // namespace aftersales
