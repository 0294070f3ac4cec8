#include "core/services/staff.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace aftersales {
namespace {

class Staff : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    staff.emplace(*db);
  }
  std::optional<StaffService> staff;
};

TEST_F(Staff, AddSignInAndChangeTheSecret) {
  EXPECT_FALSE(*staff->has_active_manager());
  auto ana = staff->add("  Ana.Lopez ", "Ana López", Role::manager, "correct horse");
  ASSERT_TRUE(ana) << ana.error().message;
  EXPECT_EQ(ana->username, "ana.lopez");
  EXPECT_TRUE(*staff->has_active_manager());
  auto signed_in = staff->sign_in("ANA.LOPEZ", "correct horse");
  ASSERT_TRUE(signed_in) << signed_in.error().message;
  EXPECT_EQ(signed_in->display_name, "Ana López");
  EXPECT_EQ(signed_in->role, Role::manager);
  ASSERT_TRUE(staff->set_secret("ana.lopez", "4821"));
  EXPECT_FALSE(staff->sign_in("ana.lopez", "correct horse"));
  EXPECT_TRUE(staff->sign_in("ana.lopez", "4821"));
}

TEST_F(Staff, WrongUserSecretOrDisabledAllGetTheSameAnswer) {
  ASSERT_TRUE(staff->add("bo", "", Role::manager, "12345678"));
  ASSERT_TRUE(staff->add("cy", "", Role::clerk, "2468"));
  auto unknown = staff->sign_in("nobody", "2468");
  auto wrong = staff->sign_in("cy", "1357");
  ASSERT_TRUE(staff->set_active("cy", false));
  auto disabled = staff->sign_in("cy", "2468");
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(disabled);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(wrong.error().message, disabled.error().message);
  ASSERT_TRUE(staff->set_active("cy", true));
  EXPECT_TRUE(staff->sign_in("cy", "2468"));
}

TEST_F(Staff, RulesForNamesSecretsAndTheLastManager) {
  EXPECT_EQ(staff->add("a", "", Role::clerk, "12345678").error().field, "username");
  EXPECT_EQ(staff->add("has space", "", Role::clerk, "12345678").error().field, "username");
  EXPECT_EQ(staff->add("dee", "", Role::clerk, "short").error().field, "password");
  EXPECT_EQ(staff->add("dee", "", Role::clerk, "123").error().field, "pin");
  ASSERT_TRUE(staff->add("dee", "", Role::manager, "12345678"));
  auto again = staff->add("DEE", "", Role::clerk, "12345678");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  auto last = staff->set_active("dee", false);
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().kind, ErrorKind::refused);
  ASSERT_TRUE(staff->add("eve", "", Role::manager, "87654321"));
  EXPECT_TRUE(staff->set_active("dee", false));
  EXPECT_EQ(staff->set_secret("nobody", "12345678").error().kind, ErrorKind::not_found);
  auto all = staff->list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].username, "eve");  // active first
  EXPECT_FALSE((*all)[1].active);
  EXPECT_EQ(parse_role("Technician"), Role::technician);
  EXPECT_FALSE(parse_role("boss"));
}

}  // namespace
}  // namespace aftersales
