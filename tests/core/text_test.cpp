#include "core/text.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(format_money(-50), "-0.50");
  EXPECT_EQ(format_money(-12345), "-123.45");
}

}  // namespace
}  // namespace aftersales
