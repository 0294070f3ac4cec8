#include "core/base/password_hash.h"

#include <gtest/gtest.h>

namespace aftersales {
namespace {

TEST(PasswordHash, VerifiesTheRightSecretOnly) {
  auto hash = hash_secret("4821");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_EQ(hash->find("4821"), std::string::npos);
  EXPECT_TRUE(verify_secret(*hash, "4821"));
  EXPECT_FALSE(verify_secret(*hash, "4822"));
  EXPECT_FALSE(verify_secret(*hash, ""));
  EXPECT_NE(*hash, *hash_secret("4821")) << "each hash has its own salt";
}

TEST(PasswordHash, MalformedHashNeverVerifies) {
  EXPECT_FALSE(verify_secret("", "1234"));
  EXPECT_FALSE(verify_secret("$argon2id$nonsense", "1234"));
  EXPECT_FALSE(verify_secret(std::string(500, 'x'), "1234"));
}

TEST(PasswordHash, PinIsFourToEightDigits) {
  EXPECT_TRUE(check_pin_format("1234"));
  EXPECT_TRUE(check_pin_format("12345678"));
  EXPECT_FALSE(check_pin_format("123"));
  EXPECT_FALSE(check_pin_format("123456789"));
  EXPECT_FALSE(check_pin_format("12a4"));
  EXPECT_FALSE(check_pin_format(""));
}

}  // namespace
}  // namespace aftersales
