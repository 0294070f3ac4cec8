// The staff PIN's lockout at the kiosk, without a window: wrong PINs count across the pad's Cancel
// and a restart, each lock is longer than the last, the right PIN after a lock opens and forgets
// them, and input that is no PIN is refused.
#include "staff_unlock.h"

#include <gtest/gtest.h>

#include <string>

#include "core/base/password_hash.h"
#include "support/test_store.h"

namespace aftersales::kiosk {
namespace {

using namespace std::chrono_literals;
using Outcome = StaffUnlock::Outcome;

class StaffUnlockTest : public aftersales::testing::TestStore {
 protected:
  static void SetUpTestSuite() { hash = new std::string(*hash_secret("2468")); }
  static void TearDownTestSuite() {
    delete hash;
    hash = nullptr;
  }
  // A kiosk as it starts: its own connection to the store's database (a restart opens a new one).
  std::unique_ptr<StaffUnlock> kiosk(Database* on) {
    auto unlock = std::make_unique<StaffUnlock>(*hash, [this] { return now; });
    unlock->attach(on);
    return unlock;
  }
  Database reopened() {
    auto opened = Database::open(where.location());
    EXPECT_TRUE(opened) << opened.error().message;
    return std::move(*opened);
  }
  static void wrong(StaffUnlock& unlock, int times) {
    for (int i = 0; i < times; ++i) unlock.try_pin("1111");
  }
  static std::string* hash;
};
std::string* StaffUnlockTest::hash = nullptr;

TEST_F(StaffUnlockTest, FiveWrongPinsLockThePadAndEvenTheRightOneWaits) {
  auto unlock = kiosk(&*db);
  for (int i = 1; i < StaffUnlock::kAttemptsPerLock; ++i) {
    auto answer = unlock->try_pin("1111");
    EXPECT_EQ(answer.outcome, Outcome::wrong);
    EXPECT_EQ(answer.message, "That PIN is not right.");
  }
  EXPECT_FALSE(unlock->locked_for());
  auto fifth = unlock->try_pin("1111");
  EXPECT_EQ(fifth.outcome, Outcome::locked);
  EXPECT_EQ(fifth.message, "Too many wrong PINs. Try again in 30 s.");
  EXPECT_EQ(unlock->locked_for(), 30s);
  now += 12s;
  EXPECT_EQ(unlock->lock_message(), "Too many wrong PINs. Try again in 18 s.");
  EXPECT_EQ(unlock->try_pin("2468").outcome, Outcome::locked) << "nothing is checked while locked";
  EXPECT_EQ(unlock->try_pin("").outcome, Outcome::locked) << "whatever is entered, the pad says to wait";
  EXPECT_EQ(unlock->locks(), 1);
}

// The app's Cancel and reopening the pad forget only what the pad shows (StaffExit); the count
// is the kiosk's. A pad opened anew is modelled by a new StaffUnlock on the same database.
TEST_F(StaffUnlockTest, CancelAndReopeningThePadDoNotResetTheCount) {
  wrong(*kiosk(&*db), 4);  // four wrong, then Cancel
  auto reopened_pad = kiosk(&*db);
  EXPECT_EQ(reopened_pad->failures(), 4);
  EXPECT_EQ(reopened_pad->try_pin("1111").outcome, Outcome::locked) << "the fifth wrong PIN in all locks";
  EXPECT_EQ(kiosk(&*db)->try_pin("2468").outcome, Outcome::locked) << "Cancel and reopen: still locked";
}

TEST_F(StaffUnlockTest, ARestartOnTheSameDatabaseIsStillLocked) {
  {
    Database before = reopened();
    wrong(*kiosk(&before), 3);
  }  // the kiosk stops
  Database after_first = reopened();
  auto restarted = kiosk(&after_first);
  EXPECT_EQ(restarted->failures(), 3) << "the wrong PINs outlive the process";
  wrong(*restarted, 2);
  EXPECT_EQ(restarted->locked_for(), 30s);
  restarted.reset();
  now += 10s;
  Database after_second = reopened();
  auto again = kiosk(&after_second);
  EXPECT_EQ(again->locked_for(), 20s);
  EXPECT_EQ(again->try_pin("2468").outcome, Outcome::locked);
}

TEST_F(StaffUnlockTest, EachLockIsTwiceAsLongAsTheOneBeforeUpToFifteenMinutes) {
  auto unlock = kiosk(&*db);
  for (auto expected : {30s, 60s, 120s, 240s, 480s, 900s, 900s}) {
    wrong(*unlock, StaffUnlock::kAttemptsPerLock);
    EXPECT_EQ(unlock->locked_for(), expected);
    now += expected;
    EXPECT_FALSE(unlock->locked_for());
  }
  EXPECT_EQ(unlock->locks(), 7);
  wrong(*unlock, StaffUnlock::kAttemptsPerLock);
  EXPECT_EQ(unlock->lock_message(), "Too many wrong PINs. Try again in 15 min.");
  now += 90s;
  EXPECT_EQ(unlock->lock_message(), "Too many wrong PINs. Try again in 13 min 30 s.");
}

TEST_F(StaffUnlockTest, TheSecondLockIsLongerAfterARestartToo) {
  wrong(*kiosk(&*db), StaffUnlock::kAttemptsPerLock);
  now += 30s;
  Database restarted = reopened();
  auto unlock = kiosk(&restarted);
  wrong(*unlock, StaffUnlock::kAttemptsPerLock);
  EXPECT_EQ(unlock->locked_for(), 60s);
}

TEST_F(StaffUnlockTest, TheRightPinAfterTheLockOpensAndStartsAgainFromNothing) {
  auto unlock = kiosk(&*db);
  wrong(*unlock, StaffUnlock::kAttemptsPerLock);
  wrong(*unlock, 1);  // while locked: not counted, not checked
  now += 30s;
  wrong(*unlock, 2);
  auto answer = unlock->try_pin("2468");
  EXPECT_EQ(answer.outcome, Outcome::opened);
  EXPECT_EQ(answer.message, "");
  EXPECT_EQ(unlock->failures(), 0);
  EXPECT_EQ(unlock->locks(), 0);
  EXPECT_EQ(kiosk(&*db)->failures(), 0) << "forgotten in the database too";
  wrong(*unlock, StaffUnlock::kAttemptsPerLock);
  EXPECT_EQ(unlock->locked_for(), 30s) << "the next lock is the first again";
}

TEST_F(StaffUnlockTest, TheFifthAttemptBeingRightOpens) {
  auto unlock = kiosk(&*db);
  wrong(*unlock, StaffUnlock::kAttemptsPerLock - 1);
  EXPECT_EQ(unlock->try_pin("2468").outcome, Outcome::opened);
  EXPECT_FALSE(unlock->locked_for());
  EXPECT_EQ(unlock->locks(), 0);
}

TEST_F(StaffUnlockTest, InputThatIsNoPinIsRefusedWithoutBeingCheckedOrCounted) {
  auto unlock = kiosk(&*db);
  EXPECT_EQ(unlock->try_pin("").outcome, Outcome::refused);
  EXPECT_EQ(unlock->try_pin("").message, "Enter the PIN.");
  const std::string nul(
      "24\0"
      "68",
      5);
  for (const std::string& bad :
       {std::string(40, '2'), std::string("24686"), std::string("24a8"), std::string("abcd"), std::string("2468 "),
        std::string("-2468"), nul, std::string("\xd9\xa2\xd9\xa4"), std::string(100000, '9')}) {
    if (bad.size() <= StaffUnlock::kMaxPinDigits && bad.find_first_not_of("0123456789") == std::string::npos) {
      EXPECT_EQ(unlock->try_pin(bad).outcome, Outcome::wrong) << bad;  // a PIN, just not this one
      continue;
    }
    auto answer = unlock->try_pin(bad);
    EXPECT_EQ(answer.outcome, Outcome::refused) << bad;
    EXPECT_EQ(answer.message, "A PIN is up to 8 digits.");
  }
  EXPECT_EQ(unlock->failures(), 1) << "only the one that was a PIN counts";
  EXPECT_EQ(unlock->try_pin("2468").outcome, Outcome::opened);
}

TEST_F(StaffUnlockTest, WithoutADatabaseTheLockIsKeptInMemoryAndSavedWhenOneOpens) {
  auto unlock = kiosk(nullptr);  // the kiosk started with its database unavailable
  wrong(*unlock, StaffUnlock::kAttemptsPerLock);
  EXPECT_EQ(unlock->locked_for(), 30s);
  unlock->attach(&*db);  // the database is back
  EXPECT_EQ(unlock->locked_for(), 30s);
  Database restarted = reopened();
  EXPECT_EQ(kiosk(&restarted)->locked_for(), 30s) << "written once the database opened";
}

TEST_F(StaffUnlockTest, AClockSetBackNeverMakesALockLonger) {
  auto unlock = kiosk(&*db);
  wrong(*unlock, StaffUnlock::kAttemptsPerLock);
  now -= std::chrono::hours(24);
  EXPECT_EQ(unlock->locked_for(), 30s);
}

TEST_F(StaffUnlockTest, WithoutAPinHashThereIsNothingToUnlock) {
  StaffUnlock unlock("", [this] { return now; });
  unlock.attach(&*db);
  EXPECT_FALSE(unlock.set_up());
  EXPECT_EQ(unlock.try_pin("2468").outcome, Outcome::not_set_up);
  EXPECT_EQ(unlock.failures(), 0);
}

TEST(StaffUnlockLengths, DoubleFromThirtySecondsToAFifteenMinuteCap) {
  EXPECT_EQ(StaffUnlock::lock_length(1), 30s);
  EXPECT_EQ(StaffUnlock::lock_length(2), 60s);
  EXPECT_EQ(StaffUnlock::lock_length(5), 480s);
  EXPECT_EQ(StaffUnlock::lock_length(6), 900s);
  EXPECT_EQ(StaffUnlock::lock_length(1'000'000), 900s);
}

}  // namespace
}  // namespace aftersales::kiosk
