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
  auto signed_in = staff->sign_in("ANA.LOPEZ", "correct horse", "counter-1");
  ASSERT_TRUE(signed_in) << signed_in.error().message;
  EXPECT_EQ(signed_in->display_name, "Ana López");
  EXPECT_EQ(signed_in->role, Role::manager);
  ASSERT_TRUE(staff->set_secret("ana.lopez", "4821"));
  EXPECT_FALSE(staff->sign_in("ana.lopez", "correct horse", "counter-1"));
  EXPECT_TRUE(staff->sign_in("ana.lopez", "4821", "counter-1"));
}

TEST_F(Staff, WrongUserSecretOrDisabledAllGetTheSameAnswer) {
  ASSERT_TRUE(staff->add("bo", "", Role::manager, "12345678"));
  ASSERT_TRUE(staff->add("cy", "", Role::clerk, "2468"));
  auto unknown = staff->sign_in("nobody", "2468", "counter-1");
  auto wrong = staff->sign_in("cy", "1357", "counter-1");
  ASSERT_TRUE(staff->set_active("cy", false));
  auto disabled = staff->sign_in("cy", "2468", "counter-1");
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(disabled);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(wrong.error().message, disabled.error().message);
  ASSERT_TRUE(staff->set_active("cy", true));
  EXPECT_TRUE(staff->sign_in("cy", "2468", "counter-1"));
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

// The back office's sign-in on a clock the test moves: counted per user name and per terminal.
class SignInThrottling : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    staff.emplace(*db, [this] { return now; });
    ASSERT_TRUE(staff->add("ana", "", Role::manager, "4821"));
    ASSERT_TRUE(staff->add("bo", "", Role::clerk, "9753"));
  }
  Result<StaffMember> sign_in(std::string_view name, std::string_view secret, std::string_view terminal = "counter-1") {
    return staff->sign_in(name, secret, terminal);
  }
  std::vector<SignInEvent> events() { return staff->sign_in_events(100, false).value_or(std::vector<SignInEvent>{}); }

  Instant now = *parse_instant("2026-12-07T10:00:00Z");
  std::optional<StaffService> staff;
};

TEST_F(SignInThrottling, FiveWrongLockTheNameLongerEachTimeUntilTheRightOne) {
  for (int i = 1; i <= 4; ++i) EXPECT_EQ(sign_in("ana", "0000").error().message, "Wrong user name, password or PIN.");
  auto fifth = sign_in("ana", "0000");
  EXPECT_EQ(fifth.error().message,
            "Wrong user name, password or PIN. Too many wrong sign-ins for this user name. Try again in 30 s.");
  auto right_but_locked = sign_in("ana", "4821");
  ASSERT_FALSE(right_but_locked) << "the right PIN is not even checked while the name is locked";
  EXPECT_EQ(right_but_locked.error().message, "Too many wrong sign-ins for this user name. Try again in 30 s.");
  EXPECT_TRUE(sign_in("bo", "9753")) << "another name on the same terminal is not locked";

  // A restart of the back office finds the lock where it was.
  staff.emplace(*db, [this] { return now; });
  now += std::chrono::seconds(20);
  EXPECT_EQ(sign_in("ana", "4821").error().message, "Too many wrong sign-ins for this user name. Try again in 10 s.");
  now += std::chrono::seconds(10);
  for (int i = 1; i <= 5; ++i) (void)sign_in("ana", "1111");
  EXPECT_EQ(sign_in("ana", "4821").error().message, "Too many wrong sign-ins for this user name. Try again in 1 min.")
      << "the second lock lasts twice as long";
  now += std::chrono::minutes(1);
  ASSERT_TRUE(sign_in("ana", "4821"));
  for (int i = 1; i <= 4; ++i) (void)sign_in("ana", "1111");
  EXPECT_TRUE(sign_in("ana", "4821")) << "a right sign-in started the count again";
}

TEST_F(SignInThrottling, AnUnknownNameIsLockedJustTheSame) {
  for (int i = 1; i <= 4; ++i) (void)sign_in("nobody", "0000");
  EXPECT_EQ(sign_in("nobody", "0000").error().message,
            "Wrong user name, password or PIN. Too many wrong sign-ins for this user name. Try again in 30 s.");
}

TEST_F(SignInThrottling, TenWrongOnOneTerminalLockItWhateverTheNames) {
  const char* names[] = {"ana", "bo", "cy", "dee", "eve"};
  for (int i = 0; i < 9; ++i) (void)sign_in(names[i % 5], "0000");
  EXPECT_EQ(sign_in("zed", "0000").error().message,
            "Wrong user name, password or PIN. Too many wrong sign-ins on this computer. Try again in 1 min.");
  EXPECT_EQ(sign_in("bo", "9753").error().message, "Too many wrong sign-ins on this computer. Try again in 1 min.");
  EXPECT_TRUE(sign_in("bo", "9753", "counter-2")) << "another terminal is not locked";
  now += std::chrono::minutes(1);
  EXPECT_TRUE(sign_in("bo", "9753"));
}

TEST_F(SignInThrottling, EverySignInIsRecordedButNeverANameThatIsNoAccount) {
  (void)sign_in("ana", "0000");
  (void)sign_in("my-secret-pin", "4821");  // a password typed into the name field
  ASSERT_TRUE(sign_in("ANA", "4821", "counter-2"));
  for (int i = 0; i < 5; ++i) (void)sign_in("bo", "0000");
  (void)sign_in("bo", "9753");
  auto all = events();
  ASSERT_EQ(all.size(), 9u);
  EXPECT_EQ(all[0].username, "bo");
  EXPECT_EQ(all[0].outcome, SignInOutcome::locked);
  EXPECT_EQ(all[1].outcome, SignInOutcome::wrong);
  EXPECT_EQ(all[6].username, "ana");
  EXPECT_EQ(all[6].terminal, "counter-2");
  EXPECT_EQ(all[6].outcome, SignInOutcome::signed_in);
  EXPECT_EQ(all[7].username, "") << "what was typed as a name is kept only when it is an account's";
  EXPECT_EQ(all[7].outcome, SignInOutcome::wrong);
  EXPECT_EQ(all[8].at, now);
  auto failed = staff->sign_in_events(100, true);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->size(), 8u);
  // Nor is it the key of its count: that is a keyed digest of what was typed.
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_lockouts WHERE subject LIKE '%my-secret-pin%'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_lockouts WHERE subject LIKE 'user:%'"), 2) << "bo's and the typo's";
}

TEST_F(SignInThrottling, ADatabaseThatTakesNoWritesCanStillBeSignedInTo) {
  auto read_only = Database::open(where.location(), OpenMode::read_only);
  ASSERT_TRUE(read_only) << read_only.error().message;
  StaffService from_a_copy(*read_only, [this] { return now; });
  auto signed_in = from_a_copy.sign_in("ana", "4821", "counter-1");
  ASSERT_TRUE(signed_in) << "a manager must be able to act while the disk is full: " << signed_in.error().message;
  auto wrong = from_a_copy.sign_in("ana", "0000", "counter-1");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "Wrong user name, password or PIN.");
}

}  // namespace
}  // namespace aftersales
