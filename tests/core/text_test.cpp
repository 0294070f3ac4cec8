#include "core/text.h"

#include <gtest/gtest.h>

#include "core/local_format.h"

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
