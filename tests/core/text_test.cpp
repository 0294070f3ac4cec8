#include "core/base/text.h"

#include <gtest/gtest.h>

#include "core/base/utf8.h"
#include "core/domain/local_format.h"

namespace aftersales {
namespace {

TEST(Text, TrimAndCase) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(to_upper_ascii("sn-12ab"), "SN-12AB");
  EXPECT_EQ(to_lower_ascii("Gift Cards"), "gift cards");
}

TEST(Text, MoneyHasTwoDecimalsAndASign) {
  EXPECT_EQ(format_money(129900), "1299.00");
  EXPECT_EQ(format_money(5), "0.05");
  EXPECT_EQ(format_money(0), "0.00");
  EXPECT_EQ(parse_money("12"), 1200);
  EXPECT_EQ(parse_money(" 12.5 "), 1250);
  EXPECT_EQ(parse_money("12,05"), 1205);
  EXPECT_EQ(parse_money("0.99"), 99);
  for (const char* bad : {"", "-3", "1.234", "1,299.00", "12.", ".5", "abc", "1e3", "99999999999"})
    EXPECT_EQ(parse_money(bad), std::nullopt) << bad;

  EXPECT_EQ(format_price(1250), "12.50") << "no currency until the store sets one";
  set_price_format("€{}");
  EXPECT_EQ(format_price(1250), "€12.50");
  set_price_format("{} kr");
  EXPECT_EQ(format_price(-5), "-0.05 kr");
  set_price_format("{}");
  EXPECT_EQ(format_money(-50), "-0.50");
  EXPECT_EQ(format_money(-12345), "-123.45");
}

}  // namespace
}  // namespace aftersales

namespace aftersales {
namespace {

TEST(LocalFormat, DatesReadAsEachLanguageWritesThem) {
  Date d{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{12}};
  EXPECT_EQ(format_date(d, Language::en), "12 Dec 2026");
  EXPECT_EQ(format_date(d, Language::es), "12 dic 2026");
  EXPECT_EQ(format_date(d, Language::fr), "12 déc. 2026");
  Date june{std::chrono::year{2026}, std::chrono::month{6}, std::chrono::day{1}};
  EXPECT_EQ(format_date(june, Language::fr), "1 juin 2026");
  EXPECT_EQ(format_date(Date{std::chrono::year{2026}, std::chrono::month{2}, std::chrono::day{30}}, Language::en), "—");
}

}  // namespace
}  // namespace aftersales

namespace aftersales {
namespace {

TEST(Utf8, OverlongFormsAndSurrogatesBecomeReplacementCharacters) {
  EXPECT_EQ(decode_utf8("a\xC0\xBC"
                        "b"),
            U"a\uFFFD\uFFFDb")
      << "C0 BC is an overlong '<'";
  EXPECT_EQ(decode_utf8("\xC0\x80"), U"\uFFFD\uFFFD") << "an overlong NUL";
  EXPECT_EQ(decode_utf8("\xE0\x80\xBC"), U"\uFFFD\uFFFD\uFFFD") << "a three-byte '<'";
  EXPECT_EQ(decode_utf8("\xF0\x80\x80\xBC"), U"\uFFFD\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(decode_utf8("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD") << "a surrogate";
  // The shortest forms still decode, at each length's lower edge.
  EXPECT_EQ(decode_utf8("\xC2\x80\xE0\xA0\x80\xF0\x90\x80\x80 é€"), U"\u0080\u0800\U00010000 é€");
}

}  // namespace
}  // namespace aftersales
