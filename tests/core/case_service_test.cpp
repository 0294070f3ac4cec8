#include "core/services/case_service.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "core/domain/status_token.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::day;

class Cases : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("5001", at("2026-01-10T10:00:00Z"), {{"PHONE-1", "SN-IN"}});   // in warranty
    add_sale("5002", at("2023-01-10T10:00:00Z"), {{"PHONE-1", "SN-OLD"}});  // expired
    add_sale("5003", at("2026-02-25T10:00:00Z"), {{"TV-1", "SN-TV", 1, 80000}, {"CABLE-1", "", 2, 1000}});
  }

  Case open_repair_in_warranty() {
    auto opened = cases->open_repair(repair_draft("SN-IN"), "kiosk-1");
    EXPECT_TRUE(opened) << opened.error().message;
    return *opened;
  }

  // The promise is a day: it holds until that day's last second in the store (the test store is UTC).
  Instant end_of_day_after(int days) const {
    return std::chrono::floor<std::chrono::days>(now) + std::chrono::days{days + 1} - std::chrono::seconds{1};
  }

  void move(const Case& c, std::initializer_list<CaseStatus> path) {
    for (CaseStatus s : path) {
      auto moved = cases->advance(c.code, s, {"tech", "", true});
      ASSERT_TRUE(moved) << to_string(s) << ": " << moved.error().message;
    }
  }
};

TEST_F(Cases, OpeningARepairWritesTheCaseAndItsFirstEvent) {
  Case c = open_repair_in_warranty();
  EXPECT_TRUE(parse_case_code(c.code));
  EXPECT_EQ(c.code[0], 'R');
  EXPECT_TRUE(normalize_status_token(c.token));
  EXPECT_EQ(c.status, CaseStatus::checked_in);
  EXPECT_EQ(c.warranty, CoverageStatus::manufacturer);
  EXPECT_EQ(c.product_name, "Acme Model PHONE-1");
  EXPECT_EQ(c.diagnostic_fee_cents, 0);
  EXPECT_EQ(c.due_at, end_of_day_after(config.turnaround.repair_in_warranty_days));

  auto stored = cases->find_by_code(c.code);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->token, c.token);
  EXPECT_EQ(stored->customer_phone, "+34 600 123 456");
  auto events = cases->events(c.id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, EventKind::opened);
  EXPECT_EQ((*events)[0].actor, "kiosk-1");
  EXPECT_EQ((*events)[0].to, CaseStatus::checked_in);
}

TEST_F(Cases, ACaseIsLateOnlyOnceItsPromisedDayHasEnded) {
  config.time_zone = *StoreTimeZone::named("Europe/Madrid");
  cases.emplace(*db, config, [this] { return now; });
  Case c = open_repair_in_warranty();  // 11:00 in Madrid on 1 March
  Date promised = config.time_zone.local_date(c.promised_at(now));
  EXPECT_EQ(promised, add_days(config.time_zone.local_date(now), config.turnaround.repair_in_warranty_days));
  Instant last_second = config.time_zone.start_of(add_days(promised, 1)) - std::chrono::seconds{1};
  EXPECT_FALSE(c.overdue(last_second)) << "late in the evening of the promised day is still on time";
  EXPECT_TRUE(c.overdue(last_second + std::chrono::seconds{1}));
}

TEST_F(Cases, CodesAndTokensAreUniqueAndUnrelated) {
  std::set<std::string> codes, tokens;
  for (int i = 0; i < 50; ++i) {
    Case c = open_repair_in_warranty();
    EXPECT_TRUE(codes.insert(c.code).second);
    EXPECT_TRUE(tokens.insert(c.token).second);
    std::string compact = c.code;
    std::erase(compact, '-');
    EXPECT_EQ(c.token.find(compact.substr(1, 7)), std::string::npos);
  }
}

TEST_F(Cases, OutOfWarrantyNeedsTheDiagnosticFeeAccepted) {
  auto refused = cases->open_repair(repair_draft("SN-OLD"), "kiosk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "diagnostic_fee");
  EXPECT_NE(refused.error().message.find("25.00"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);

  auto draft = repair_draft("SN-OLD");
  draft.accepts_diagnostic_fee = true;
  auto opened = cases->open_repair(draft, "kiosk");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->warranty, CoverageStatus::expired);
  EXPECT_EQ(opened->diagnostic_fee_cents, config.warranty.diagnostic_fee_cents);
  EXPECT_EQ(opened->due_at, end_of_day_after(config.turnaround.repair_out_of_warranty_days));
}

TEST_F(Cases, AnUnknownSerialNeedsTheProductDescribed) {
  auto draft = repair_draft("BOUGHT-ELSEWHERE");
  draft.accepts_diagnostic_fee = true;
  auto refused = cases->open_repair(draft, "kiosk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "product");
  draft.product_description = "Generic blender";
  auto opened = cases->open_repair(draft, "kiosk");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->warranty, CoverageStatus::unknown_serial);
  EXPECT_EQ(opened->product_name, "Generic blender");
  EXPECT_FALSE(opened->sale_line_id);
}

TEST_F(Cases, RepairByReceiptLine) {
  auto draft = repair_draft("");
  draft.receipt_number = "5003";
  draft.line_no = 1;
  auto opened = cases->open_repair(draft, "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->serial, "SN-TV");
}

struct DraftProblem {
  std::function<void(RepairDraft&)> spoil;
  std::string field;
};

class RepairValidation : public Cases, public ::testing::WithParamInterface<DraftProblem> {};

TEST_P(RepairValidation, BadInputIsRefusedByFieldAndNothingIsSaved) {
  RepairDraft draft = repair_draft("SN-IN");
  GetParam().spoil(draft);
  auto opened = cases->open_repair(draft, "kiosk");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(opened.error().field, GetParam().field) << opened.error().message;
  EXPECT_FALSE(opened.error().message.empty());
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM case_events"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, RepairValidation,
    ::testing::Values(DraftProblem{[](RepairDraft& d) { d.serial = " "; }, "serial"},
                      DraftProblem{[](RepairDraft& d) { d.serial = std::string(65, 'X'); }, "serial"},
                      DraftProblem{[](RepairDraft& d) { d.problem = "  "; }, "problem"},
                      DraftProblem{[](RepairDraft& d) { d.problem = std::string(2001, 'a'); }, "problem"},
                      DraftProblem{[](RepairDraft& d) { d.customer.name = ""; }, "name"},
                      DraftProblem{[](RepairDraft& d) { d.customer.name = std::string(101, 'n'); }, "name"},
                      DraftProblem{[](RepairDraft& d) { d.customer.phone = d.customer.email = ""; }, "phone"},
                      DraftProblem{[](RepairDraft& d) { d.customer.phone = "12"; }, "phone"},
                      DraftProblem{[](RepairDraft& d) { d.customer.phone = "call me maybe"; }, "phone"},
                      DraftProblem{[](RepairDraft& d) { d.customer.email = "jane@"; }, "email"},
                      DraftProblem{[](RepairDraft& d) { d.customer.email = "jane at example.com"; }, "email"}),
    [](const ::testing::TestParamInfo<DraftProblem>& param_info) {
      return param_info.param.field + "_" + std::to_string(param_info.index);
    });

TEST_F(Cases, FindsCasesByForgivingCodeAndByTokenInEitherCase) {
  Case c = open_repair_in_warranty();
  std::string typed = c.code;
  std::erase(typed, '-');
  for (char& ch : typed) ch = static_cast<char>(std::tolower(ch));
  auto by_code = cases->find_by_code(typed);
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->id, c.id);
  std::string lower_token = c.token;
  for (char& ch : lower_token) ch = static_cast<char>(std::tolower(ch));
  auto by_token = cases->find_by_token(lower_token);
  ASSERT_TRUE(by_token);
  EXPECT_EQ(by_token->id, c.id);

  EXPECT_EQ(cases->find_by_token("nope").error().kind, ErrorKind::not_found);
  EXPECT_EQ(cases->find_by_token(new_status_token()).error().kind, ErrorKind::not_found);
  auto other = cases->find_by_code(make_case_code(CaseKind::repair, 99));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, ErrorKind::not_found);
}

TEST_F(Cases, EveryStatusChangeIsAnEventAndRefusalsChangeNothing) {
  Case c = open_repair_in_warranty();
  now += std::chrono::hours{1};
  auto moved = cases->advance(c.code, CaseStatus::diagnosing, {"tech.sam", "Looking at it", false});
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, CaseStatus::diagnosing);

  auto refused = cases->advance(c.code, CaseStatus::completed, {"tech.sam", "", true});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::refused);
  EXPECT_EQ(cases->find_by_code(c.code)->status, CaseStatus::diagnosing);

  auto events = *cases->events(c.id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].actor, "tech.sam");
  EXPECT_EQ(events[1].from, CaseStatus::checked_in);
  EXPECT_EQ(events[1].to, CaseStatus::diagnosing);
  EXPECT_EQ(events[1].note, "Looking at it");
  EXPECT_FALSE(events[1].customer_visible);
  EXPECT_EQ(events[1].at, now);
}

TEST_F(Cases, CompletionClosesTheCaseAndGrantsWorkmanshipOnlyIfRepaired) {
  Case repaired = open_repair_in_warranty();
  move(repaired, {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup, CaseStatus::completed});
  auto done = *cases->find_by_code(repaired.code);
  EXPECT_EQ(done.closed_at, now);
  EXPECT_EQ(done.workmanship_until, add_days(day(2026, 3, 1), config.warranty.workmanship_days));

  Case no_fault = open_repair_in_warranty();
  move(no_fault, {CaseStatus::diagnosing, CaseStatus::ready_for_pickup, CaseStatus::completed});
  EXPECT_FALSE(cases->find_by_code(no_fault.code)->workmanship_until);
}

TEST_F(Cases, ThePromisedDatePausesWhileWaitingForParts) {
  Case c = open_repair_in_warranty();
  Instant promised = c.due_at;
  move(c, {CaseStatus::diagnosing, CaseStatus::awaiting_parts});
  now += std::chrono::days{3};
  auto waiting = *cases->find_by_code(c.code);
  EXPECT_EQ(waiting.promised_at(now), promised + std::chrono::days{3});
  EXPECT_FALSE(waiting.overdue(now + std::chrono::days{30}));  // never overdue while paused
  move(c, {CaseStatus::repairing});
  auto resumed = *cases->find_by_code(c.code);
  EXPECT_EQ(resumed.due_at, promised + std::chrono::days{3});
  EXPECT_FALSE(resumed.paused_since);
  EXPECT_FALSE(resumed.overdue(promised + std::chrono::days{3}));
  EXPECT_TRUE(resumed.overdue(promised + std::chrono::days{3} + std::chrono::seconds{1}));
}

TEST_F(Cases, EstimateWaitsForOneDecision) {
  Case c = open_repair_in_warranty();
  auto not_yet = cases->record_estimate(c.code, {{"part", "Screen", 1, 8900}}, "tech");
  ASSERT_FALSE(not_yet);  // checked_in cannot go straight to awaiting_approval
  move(c, {CaseStatus::diagnosing});
  EXPECT_FALSE(cases->record_estimate(c.code, {}, "tech"));
  EXPECT_FALSE(cases->record_estimate(c.code, {{"part", "", 1, 100}}, "tech"));
  EXPECT_FALSE(cases->record_estimate(c.code, {{"gift", "x", 1, 100}}, "tech"));
  auto estimated =
      cases->record_estimate(c.code, {{"part", "Screen", 1, 8900}, {"labour", "Fitting", 2, 3000}}, "tech");
  ASSERT_TRUE(estimated) << estimated.error().message;
  EXPECT_EQ(estimated->status, CaseStatus::awaiting_approval);
  EXPECT_EQ(estimated->estimate_state, "pending");
  EXPECT_TRUE(estimated->paused_since);
  EXPECT_EQ(estimate_total(*cases->estimate(c.id)), 14900);

  auto jump = cases->advance(c.code, CaseStatus::repairing, {"tech", "", true});
  ASSERT_FALSE(jump);
  EXPECT_NE(jump.error().message.find("not decided"), std::string::npos);

  auto approved = cases->decide_estimate(c.code, true, "customer");
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->status, CaseStatus::repairing);
  EXPECT_EQ(approved->estimate_state, "approved");
  auto twice = cases->decide_estimate(c.code, false, "customer");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
  EXPECT_EQ(cases->find_by_code(c.code)->status, CaseStatus::repairing);
}

TEST_F(Cases, DeclinedEstimateGoesBackUnrepaired) {
  Case c = open_repair_in_warranty();
  move(c, {CaseStatus::diagnosing});
  ASSERT_TRUE(cases->record_estimate(c.code, {{"part", "Board", 1, 25000}}, "tech"));
  auto declined = cases->decide_estimate(c.code, false, "customer");
  ASSERT_TRUE(declined);
  EXPECT_EQ(declined->status, CaseStatus::ready_for_pickup);
  EXPECT_EQ(declined->estimate_state, "declined");
  auto events = *cases->events(c.id);
  EXPECT_EQ(events.back().kind, EventKind::estimate_declined);
  EXPECT_TRUE(events.back().customer_visible);
}

TEST_F(Cases, NotesAndAssignment) {
  Case c = open_repair_in_warranty();
  EXPECT_FALSE(cases->add_note(c.code, {"tech", "   ", true}));
  ASSERT_TRUE(cases->add_note(c.code, {"tech", "Customer called", false}));
  auto assigned = cases->assign(c.code, "tech.sam", "manager");
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->assigned_to, "tech.sam");
  auto events = *cases->events(c.id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].note, "Customer called");
  EXPECT_FALSE(events[1].customer_visible);
}

// A kiosk that lost its link before the answer came sends the same check-in again, with the same
// status token: it gets the case its first try saved, not a second one.
TEST_F(Cases, ACheckInSentAgainWithItsTokenFindsTheCaseItsFirstTrySaved) {
  RepairDraft draft = repair_draft("SN-IN");
  draft.token = new_status_token();
  auto first = cases->open_repair(draft, "kiosk-1");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->token, draft.token);
  auto again = cases->open_repair(draft, "kiosk-1");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM case_events"), 1);

  ReturnDraft wrong_kind{"5003", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  wrong_kind.brought_serial = "SN-TV";
  wrong_kind.token = draft.token;  // a repair's token for a return
  auto refused = cases->open_return(wrong_kind, "kiosk-1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "token");
  draft.token = "not a token";
  EXPECT_FALSE(cases->open_repair(draft, "kiosk-1"));
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 1);
}

TEST_F(Cases, OpeningAReturnRecordsWhatThePolicyAllows) {
  ReturnDraft draft{"5003", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::opened, "Too big for the room", {}};
  draft.brought_serial = "SN-TV";
  auto opened = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->code[0], 'T');
  EXPECT_EQ(opened->status, CaseStatus::requested);
  EXPECT_EQ(opened->return_outcomes.size(), 3u);
  EXPECT_EQ(opened->restocking_fee_cents, 12000);  // tvs: 15% of 800.00
  EXPECT_EQ(opened->due_at, end_of_day_after(config.turnaround.return_days));
  auto events = *cases->events(opened->id);
  EXPECT_NE(events[0].note.find("restocking fee"), std::string::npos);

  move(*opened, {CaseStatus::received});
  auto rejected = cases->advance(opened->code, CaseStatus::rejected, {"clerk", "", true});
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().field, "reason");
  auto with_reason = cases->advance(opened->code, CaseStatus::rejected, {"clerk", "Screen cracked", true});
  ASSERT_TRUE(with_reason);
  EXPECT_EQ(with_reason->resolution, "Screen cracked");
}

TEST_F(Cases, AReturnOutsideThePolicyIsRefusedInPlainWords) {
  now = at("2026-04-30T10:00:00Z");
  ReturnDraft draft{"5003", "TV-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  draft.brought_serial = "SN-TV";
  auto refused = cases->open_return(draft, "kiosk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::refused);
  EXPECT_EQ(refused.error().message, "The return period for this item is 30 days; it ended 34 days ago.");
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);
  ReturnDraft bad_contact = draft;
  bad_contact.customer.email = "nope";
  EXPECT_EQ(cases->open_return(bad_contact, "kiosk").error().field, "email");
}

class CaseSearch : public Cases {
 protected:
  void SetUp() override {
    Cases::SetUp();
    first = open_repair_in_warranty();
    auto draft = repair_draft("SN-TV");
    draft.customer = {"Zoë Martín", "+1 (555) 010-9999", "", false};
    now += std::chrono::hours{1};
    second = *cases->open_repair(draft, "kiosk");
    now += std::chrono::hours{1};
    third =
        *cases->open_return({"5003", "CABLE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}}, "kiosk");
  }
  std::vector<std::string> codes(const CaseFilter& filter) {
    std::vector<std::string> out;
    auto listed = cases->list(filter);
    EXPECT_TRUE(listed) << listed.error().message;
    for (const auto& c : listed.value_or(std::vector<Case>{})) out.push_back(c.code);
    return out;
  }
  Case first, second, third;
};

TEST_F(CaseSearch, NewestFirstAndFilteredByKindAndStatus) {
  EXPECT_EQ(codes({}), (std::vector{third.code, second.code, first.code}));
  EXPECT_EQ(codes({.kind = CaseKind::return_item}), std::vector{third.code});
  move(second, {CaseStatus::diagnosing});
  EXPECT_EQ(codes({.statuses = {CaseStatus::diagnosing}}), std::vector{second.code});
  EXPECT_EQ(codes({.statuses = {CaseStatus::diagnosing, CaseStatus::requested}}),
            (std::vector{third.code, second.code}));
  ASSERT_TRUE(cases->advance(third.code, CaseStatus::cancelled, {"clerk", "Changed mind", true}));
  EXPECT_EQ(codes({.open_only = true}), (std::vector{second.code, first.code}));
}

TEST_F(CaseSearch, SearchesCodeNamePhoneSerialAndProduct) {
  EXPECT_EQ(codes({.text = "zoe"}), std::vector{second.code});  // accents ignored
  EXPECT_EQ(codes({.text = "MARTÍN"}), std::vector{second.code});
  EXPECT_EQ(codes({.text = "0109999"}), std::vector{second.code});  // local part of the phone
  EXPECT_EQ(codes({.text = "9999"}), std::vector{second.code});     // last four digits
  // "sn-tv" is two words, each the start of a word of a case: the first case's serial starts with SN
  // too, and a group of its random code may start with TV (1 in about 500), which matches it as well.
  std::vector<std::string> sn_tv = codes({.text = "sn-tv"});
  ASSERT_FALSE(sn_tv.empty());
  EXPECT_EQ(sn_tv.front(), second.code);
  if (first.code.find("-TV") == std::string::npos) {
    EXPECT_EQ(sn_tv, std::vector{second.code});
  }
  EXPECT_EQ(codes({.text = "jane@example.com"}), std::vector{first.code});
  EXPECT_EQ(codes({.text = second.code.substr(0, 6)}), std::vector{second.code});  // "RXX-YY" as typed so far
  std::string compact = second.code;
  std::erase(compact, '-');
  EXPECT_EQ(codes({.text = compact.substr(0, 5)}), std::vector{second.code});
  EXPECT_EQ(codes({.text = "model cable"}), std::vector{third.code});
  EXPECT_TRUE(codes({.text = "nobody"}).empty());
  // FTS syntax typed by a person is just text.
  EXPECT_TRUE(cases->list({.text = "\"unbalanced AND OR NOT ( * -"}));
}

TEST_F(CaseSearch, OverdueAndAge) {
  now += std::chrono::days{4};
  EXPECT_EQ(codes({.overdue_only = true}), std::vector{third.code});  // returns are promised in 3 days
  EXPECT_EQ(codes({.min_age_days = 4}), (std::vector{third.code, second.code, first.code}));
  EXPECT_TRUE(codes({.min_age_days = 5}).empty());
  now += std::chrono::days{20};
  move(first, {CaseStatus::diagnosing, CaseStatus::awaiting_parts});
  EXPECT_EQ(codes({.overdue_only = true}), (std::vector{third.code, second.code}));
}

}  // namespace
}  // namespace aftersales
