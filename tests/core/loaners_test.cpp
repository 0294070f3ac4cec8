// Loaners (CaseService::lend_loaner and the rest, core/domain/loaner.h): the store's list, a loaner
// lent with a repair, back or waived by a manager, and pickup refused while it is out; the receipt's
// and the phone page's lines. On both backends. Two counters lending the last loaner at once are in
// storage_backends_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/present/status_view.h"
#include "core/printing/receipt.h"
#include "core/services/case_service.h"
#include "core/services/staff.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

class Loaners : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    StaffService staff(*db);
    ASSERT_TRUE(staff.add("marta", "Marta", Role::manager, "pin-4711"));
    ASSERT_TRUE(staff.add("leo", "Leo", Role::clerk, "pin-4711"));
    ASSERT_TRUE(cases->add_loaner({"l-07", "iPhone 8", "SN-LOAN-7", "scratch on the back"}));
  }
  // A repair on the bench for a phone sold a month ago.
  Case bench_repair() {
    std::string serial = "SN-L" + std::to_string(++repairs_);
    add_sale("L-" + serial, now - std::chrono::days{30}, {{"PHONE-1", serial}});
    auto opened = cases->open_repair(repair_draft(serial), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    return *cases->find_by_code(opened->code);
  }
  Result<Case> pick_up(const Case& c) {
    if (cases->find_by_code(c.code)->status != CaseStatus::ready_for_pickup) {
      auto ready = cases->advance(c.code, CaseStatus::ready_for_pickup, {"tech", "", true});
      EXPECT_TRUE(ready) << ready.error().message;
    }
    return cases->advance(c.code, CaseStatus::completed, {"leo", "", false});
  }
  std::vector<EventKind> kinds_of(const Case& c) {
    std::vector<EventKind> kinds;
    auto events = cases->events(c.id);
    EXPECT_TRUE(events);
    if (events)
      for (const auto& e : *events) kinds.push_back(e.kind);
    return kinds;
  }
  int repairs_ = 0;
};

TEST_F(Loaners, ALoanerBlocksPickup) {
  Case c = bench_repair();
  auto lent = cases->lend_loaner(c.code, "L-07", "leo");
  ASSERT_TRUE(lent) << lent.error().message;
  EXPECT_EQ(lent->tag, "L-07");
  EXPECT_TRUE(lent->blocks_pickup());
  auto refused = pick_up(c);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::refused);
  EXPECT_EQ(refused.error().message,
            "Loaner L-07 (iPhone 8) is still out. Take it back first, or a manager can record why not.");
  EXPECT_EQ(cases->find_by_code(c.code)->status, CaseStatus::ready_for_pickup) << "nothing changed";
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE to_status = 'completed'"), 0);
}

TEST_F(Loaners, ALoanerBlocksCancellingTheRepairToo) {
  Case c = bench_repair();
  ASSERT_TRUE(cases->lend_loaner(c.code, "L-07", "leo"));
  // Cancelled, the item goes back unrepaired: the loaner comes back first all the same.
  auto cancelled = cases->advance(c.code, CaseStatus::cancelled, {"leo", "The customer takes it back as it is", true});
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().field, "loaner");
  EXPECT_TRUE(cases->find_by_code(c.code)->is_open());
  ASSERT_TRUE(cases->return_loaner(c.code, "", "leo"));
  EXPECT_TRUE(cases->advance(c.code, CaseStatus::cancelled, {"leo", "The customer takes it back as it is", true}));
}

TEST_F(Loaners, ReturnUnblocksPickupAndFreesTheLoaner) {
  Case c = bench_repair();
  ASSERT_TRUE(cases->lend_loaner(c.code, "L-07", "leo"));
  EXPECT_FALSE(*cases->loaner_available()) << "the only loaner is out";
  auto back = cases->return_loaner(c.code, "  screen cracked  ", "leo");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_FALSE(back->open());
  EXPECT_EQ(back->return_condition, "screen cracked");
  auto done = pick_up(c);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, CaseStatus::completed);
  EXPECT_TRUE(*cases->loaner_available());
  auto list = cases->loaners();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].available());
  EXPECT_EQ((*list)[0].condition, "screen cracked") << "the loaner keeps the condition it came back in";
  auto kinds = kinds_of(c);
  EXPECT_NE(std::ranges::find(kinds, EventKind::loaner_lent), kinds.end());
  EXPECT_NE(std::ranges::find(kinds, EventKind::loaner_returned), kinds.end());
  auto again = cases->return_loaner(c.code, "", "leo");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, c.code + " has no loaner out.");
}

TEST_F(Loaners, AManagersWaiverUnblocksPickupAndAClerksIsRefused) {
  Case c = bench_repair();
  ASSERT_TRUE(cases->lend_loaner(c.code, "L-07", "leo"));
  auto clerk = cases->waive_loaner(c.code, "Customer abroad, posting it back", "leo");
  ASSERT_FALSE(clerk);
  EXPECT_EQ(clerk.error().kind, ErrorKind::refused);
  EXPECT_EQ(clerk.error().message, "Only a manager can record why a loaner is not back; leo is a clerk.");
  auto nobody = cases->waive_loaner(c.code, "Customer abroad", "ghost");
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().message, "There is no active staff member called ghost.");
  auto no_reason = cases->waive_loaner(c.code, "   ", "marta");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_FALSE(pick_up(c)) << "still blocked after the refused waivers";

  auto waived = cases->waive_loaner(c.code, "Customer abroad, posting it back", "Marta");
  ASSERT_TRUE(waived) << waived.error().message;
  EXPECT_EQ(waived->waived_by, "marta");
  EXPECT_TRUE(waived->open()) << "waived is not back";
  auto done = pick_up(c);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(*cases->loaner_available()) << "a waived loaner is still not on the shelf";
  auto later = cases->return_loaner(c.code, "", "leo");
  ASSERT_TRUE(later) << "it may come back after the repair was collected: " << later.error().message;
  EXPECT_TRUE(*cases->loaner_available());
}

TEST_F(Loaners, OneLoanerPerRepairAndOneRepairPerLoaner) {
  ASSERT_TRUE(cases->add_loaner({"L-08", "Galaxy S9", "", ""}));
  Case first = bench_repair();
  Case second = bench_repair();
  ASSERT_TRUE(cases->lend_loaner(first.code, "L-07", "leo"));
  auto taken = cases->lend_loaner(second.code, "l-07", "leo");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().message, "Loaner L-07 (iPhone 8) is out with " + first.code + "; please choose another.");
  auto two = cases->lend_loaner(first.code, "L-08", "leo");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().message,
            first.code + " already has loaner L-07 (iPhone 8). Take it back before lending another.");
  EXPECT_TRUE(cases->lend_loaner(second.code, "L-08", "leo"));
  EXPECT_EQ(count("SELECT count(*) FROM loans WHERE returned_at IS NULL"), 2);
}

// The partial unique indexes hold one open loan per loaner and per case whatever the code does.
TEST_F(Loaners, TheDatabaseHoldsOneOpenLoanPerLoanerAndPerCase) {
  ASSERT_TRUE(cases->add_loaner({"L-08", "Galaxy S9", "", ""}));
  Case first = bench_repair();
  Case second = bench_repair();
  ASSERT_TRUE(cases->lend_loaner(first.code, "L-07", "leo"));
  auto lend_raw = [&](std::int64_t case_id, const char* tag) {
    db->prepare(
          "INSERT INTO loans (loaner_id, case_id, lent_at, lent_by) "
          "SELECT id, ?1, '2026-03-01T10:00:00Z', 'x' FROM loaners WHERE tag = ?2")
        .bind_all(case_id, tag)
        .run();
  };
  EXPECT_THROW(lend_raw(second.id, "L-07"), StorageError) << "the loaner is out";
  EXPECT_THROW(lend_raw(first.id, "L-08"), StorageError) << "the case has one";
  ASSERT_TRUE(cases->return_loaner(first.code, "", "leo"));
  EXPECT_NO_THROW(lend_raw(second.id, "L-07")) << "back: it may go out again";
}

TEST_F(Loaners, ARetiredLoanerIsNotLent) {
  Case c = bench_repair();
  auto retired = cases->retire_loaner("L-07");
  ASSERT_TRUE(retired) << retired.error().message;
  EXPECT_TRUE(retired->retired);
  auto lent = cases->lend_loaner(c.code, "L-07", "leo");
  ASSERT_FALSE(lent);
  EXPECT_EQ(lent.error().message, "Loaner L-07 is retired; please choose another.");
  EXPECT_FALSE(*cases->loaner_available());
  EXPECT_FALSE(cases->retire_loaner("L-07")) << "already retired";
  EXPECT_EQ(count("SELECT count(*) FROM loans"), 0);
}

TEST_F(Loaners, BadInputGivesClearErrorsAndSavesNothing) {
  Case c = bench_repair();
  auto unknown = cases->lend_loaner(c.code, "L-99", "leo");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
  EXPECT_EQ(unknown.error().message, "There is no loaner L-99. `aftersales loaners list` shows the store's loaners.");
  auto bad_tag = cases->lend_loaner(c.code, "L 07; DROP", "leo");
  ASSERT_FALSE(bad_tag);
  EXPECT_EQ(bad_tag.error().field, "tag");
  EXPECT_FALSE(cases->lend_loaner("ZZZ-ZZZ-ZZZ", "L-07", "leo"));

  add_sale("R-1", now - std::chrono::days{3}, {{"TV-1", "SN-RET", 1, 80000}});
  ReturnDraft draft{"R-1", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  draft.brought_serial = "SN-RET";
  draft.customer = {"Ana Ruiz", "+34 600 123 456", "ana@example.com", true};
  auto ret = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(ret) << ret.error().message;
  auto on_return = cases->lend_loaner(ret->code, "L-07", "leo");
  ASSERT_FALSE(on_return);
  EXPECT_EQ(on_return.error().message, "Loaners go with repairs; " + ret->code + " is a return.");

  ASSERT_TRUE(cases->advance(c.code, CaseStatus::cancelled, {"leo", "Customer changed their mind", true}));
  auto closed = cases->lend_loaner(c.code, "L-07", "leo");
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().message, c.code + " is closed (Cancelled); a loaner goes only with an open repair.");

  EXPECT_FALSE(cases->add_loaner({"L-07", "Another", "", ""})) << "a tag is the store's once";
  auto no_description = cases->add_loaner({"L-09", "  ", "", ""});
  ASSERT_FALSE(no_description);
  EXPECT_EQ(no_description.error().field, "description");
  EXPECT_FALSE(cases->add_loaner({std::string(kMaxLoanerTag + 1, 'L'), "Phone", "", ""}));
  EXPECT_FALSE(cases->return_loaner(c.code, std::string(kMaxLoanerNote + 1, 'x'), "leo"));
  EXPECT_EQ(count("SELECT count(*) FROM loans"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM loaners"), 1);
}

TEST_F(Loaners, TheReceiptAndThePhonePageSayWhichLoanerToBringBack) {
  Case c = bench_repair();
  auto none = build_receipt(c, config, Language::en, now);
  EXPECT_TRUE(std::ranges::none_of(none.details, [](const auto& d) { return d.first == "Loaner"; }));
  auto lent = cases->lend_loaner(c.code, "L-07", "leo");
  ASSERT_TRUE(lent);
  auto loan = cases->current_loan(c.id);
  ASSERT_TRUE(loan && *loan);
  auto receipt = build_receipt(c, config, Language::en, now, *loan);
  auto line = std::ranges::find_if(receipt.details, [](const auto& d) { return d.first == "Loaner"; });
  ASSERT_NE(line, receipt.details.end());
  EXPECT_EQ(line->second, "L-07 iPhone 8, to return at pickup");
  auto spanish = build_receipt(c, config, Language::es, now, *loan);
  EXPECT_TRUE(std::ranges::any_of(spanish.details,
                                  [](const auto& d) { return d.second == "L-07 iPhone 8, a devolver al recoger"; }));
  Loan waived = **loan;
  waived.waived_by = "marta";
  auto after_waiver = build_receipt(c, config, Language::en, now, waived);
  EXPECT_TRUE(std::ranges::none_of(after_waiver.details, [](const auto& d) { return d.first == "Loaner"; }))
      << "a manager let the repair go without it: not asked back at pickup";

  auto page = build_status_view(*cases, c.token, config, Language::en, Language::en);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->loaner_to_bring, "L-07");
  ASSERT_TRUE(cases->return_loaner(c.code, "", "leo"));
  auto after = build_status_view(*cases, c.token, config, Language::en, Language::en);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->loaner_to_bring);
  auto back = cases->current_loan(c.id);
  ASSERT_TRUE(back);
  EXPECT_FALSE(*back);
}

TEST_F(Loaners, ACheckInAtTheCounterLendsItsLoanerOrIsNotSaved) {
  add_sale("L-CI", now - std::chrono::days{30}, {{"PHONE-1", "SN-CI"}});
  RepairDraft draft = repair_draft("SN-CI");
  draft.lend_loaner = "L-99";
  auto unknown = cases->open_repair(draft, "leo");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "There is no loaner L-99. `aftersales loaners list` shows the store's loaners.");
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0) << "the check-in is not saved without its loaner";
  draft.lend_loaner = "l-07";
  auto opened = cases->open_repair(draft, "leo");
  ASSERT_TRUE(opened) << opened.error().message;
  auto loan = cases->current_loan(opened->id);
  ASSERT_TRUE(loan && *loan);
  EXPECT_EQ((*loan)->tag, "L-07");
  EXPECT_EQ((*loan)->lent_by, "leo");
}

TEST_F(Loaners, AKioskCheckInRecordsTheRequestForTheCounter) {
  add_sale("L-ASK", now - std::chrono::days{30}, {{"PHONE-1", "SN-ASK"}});
  RepairDraft draft = repair_draft("SN-ASK");
  draft.wants_loaner = true;
  auto asked = cases->open_repair(draft, "kiosk");
  ASSERT_TRUE(asked) << asked.error().message;
  auto kinds = kinds_of(*asked);
  EXPECT_NE(std::ranges::find(kinds, EventKind::loaner_requested), kinds.end());
  Case plain = bench_repair();
  auto plain_kinds = kinds_of(plain);
  EXPECT_EQ(std::ranges::find(plain_kinds, EventKind::loaner_requested), plain_kinds.end());
  EXPECT_EQ(count("SELECT count(*) FROM loans"), 0) << "asking lends nothing: the counter decides";
}

}  // namespace
}  // namespace aftersales
