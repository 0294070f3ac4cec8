// Controls against return fraud (core/domain/return_controls.h, CaseService::open_return and
// decide_return, BlocklistService): the serial brought back must be the one sold, a customer's
// returns per period are limited, and the store's blocklist; each routes the return to a manager,
// whose approval records who and why. On both backends; four kiosks at once are in
// storage_backends_test.cpp.
#include "core/services/return_controls.h"

#include <gtest/gtest.h>

#include "core/domain/status_token.h"
#include "core/services/case_service.h"
#include "core/services/return_service.h"
#include "core/services/staff.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

class ReturnControls : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("7001", now - std::chrono::days{5}, {{"PHONE-1", "SN-SOLD"}, {"CABLE-1", "", 10, 1500}});
    StaffService staff(*db);
    ASSERT_TRUE(staff.add("marta", "Marta", Role::manager, "pin-4711"));
    ASSERT_TRUE(staff.add("leo", "Leo", Role::clerk, "pin-4711"));
  }
  ReturnDraft phone_return(std::string brought) {
    ReturnDraft draft{"7001", "PHONE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
    draft.brought_serial = std::move(brought);
    return draft;
  }
  ReturnDraft cable_return(std::string phone, std::string email = "") {
    ReturnDraft draft{"7001", "CABLE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
    draft.customer = {"Ana", std::move(phone), std::move(email), false};
    return draft;
  }
  std::vector<ReturnHold> holds_of(const Case& c) { return *cases->return_holds(c.id); }
  BlocklistService blocklist() {
    return BlocklistService(*db, config.store.country, [this] { return now; });
  }
  // A return received at the counter, ready for the decision.
  void receive(const Case& c) { ASSERT_TRUE(cases->inspect_return(c.code, ItemCondition::sealed, "", "leo")); }
};

TEST_F(ReturnControls, ASerialisedItemNeedsTheSerialOfTheOneBroughtBack) {
  auto missing = cases->open_return(phone_return(""), "kiosk");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "serial");
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0) << "nothing is opened without it";

  auto same = cases->open_return(phone_return(" sn-sold "), "kiosk");  // as scanners and people type it
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(same->handover, ReturnHandover::none);
  EXPECT_TRUE(holds_of(*same).empty());
}

TEST_F(ReturnControls, ASerialGivenToChooseTheItemIsTheOneBroughtBack) {
  ReturnDraft draft = phone_return("");
  draft.sku_or_serial = "SN-SOLD";
  auto opened = cases->open_return(draft, "counter");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_TRUE(holds_of(*opened).empty());
}

TEST_F(ReturnControls, AnotherSerialIsRecordedAndTheReturnWaitsForAManager) {
  auto switched = cases->open_return(phone_return("SN-OTHER"), "kiosk");
  ASSERT_TRUE(switched) << switched.error().message;
  EXPECT_EQ(switched->handover, ReturnHandover::serial_mismatch);
  EXPECT_EQ(switched->status, CaseStatus::requested) << "opened, not approved";
  auto holds = holds_of(*switched);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].kind, ReturnHoldKind::serial_mismatch);
  EXPECT_EQ(holds[0].detail, "SN-OTHER") << "what was typed";
  EXPECT_EQ(hold_words(holds[0], "SN-SOLD"),
            "Held for a manager: the serial brought back (SN-OTHER) is not the one sold (SN-SOLD)");
}

// The kiosk saves again when the answer to its save was lost (kiosk/flows/save_attempts.h): the case
// saved the first time comes back, with the words the shopper must hear.
TEST_F(ReturnControls, ASaveRetriedAfterALostAnswerTellsTheShopperTheSameAgain) {
  ReturnDraft draft = phone_return("SN-OTHER");
  draft.token = new_status_token();
  auto first = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->handover, ReturnHandover::serial_mismatch);
  auto again = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->code, first->code) << "the same case, not a second one";
  EXPECT_EQ(again->handover, ReturnHandover::serial_mismatch) << "and the same words";
  EXPECT_EQ(count("SELECT count(*) FROM return_holds"), 1);
}

TEST_F(ReturnControls, AnItemSoldWithoutASerialNeedsNone) {
  auto opened = cases->open_return(cable_return(""), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_TRUE(holds_of(*opened).empty());
}

TEST_F(ReturnControls, PastTheLimitPerCustomerTheReturnGoesToAManager) {
  config.returns.per_customer = {2, 30};
  ASSERT_TRUE(cases->open_return(cable_return("+34 600 111 222"), "kiosk"));
  now += std::chrono::days{1};
  auto second = cases->open_return(cable_return("0034-600-111-222"), "kiosk");  // not yet: 2 allowed
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(holds_of(*second).empty());
  now += std::chrono::days{1};
  auto third = cases->open_return(cable_return("+34 (600) 111-222"), "kiosk");  // the same number, written otherwise
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_EQ(third->handover, ReturnHandover::see_counter);
  auto holds = holds_of(*third);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].kind, ReturnHoldKind::over_limit);
  EXPECT_EQ(holds[0].detail, "3");
}

TEST_F(ReturnControls, TheLimitCountsByEMailInAnyCaseAndOnlyWithinThePeriod) {
  config.returns.per_customer = {1, 10};
  auto first = cable_return("", "Ana@Example.com");
  ASSERT_TRUE(cases->open_return(first, "kiosk"));
  auto other = cable_return("", "someone.else@example.com");
  ASSERT_TRUE(holds_of(*cases->open_return(other, "kiosk")).empty()) << "another customer";
  auto again = cable_return("+1 555 0100", " ana@example.COM ");
  auto held = cases->open_return(again, "kiosk");
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(holds_of(*held).size(), 1u) << "the e-mail matches, whatever the phone";
  now += std::chrono::days{11};
  auto later = cases->open_return(cable_return("", "ana@example.com"), "kiosk");
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_TRUE(holds_of(*later).empty()) << "the earlier returns are out of the period";
}

TEST_F(ReturnControls, NoLimitWhenNoneIsConfigured) {
  for (int i = 0; i < 3; ++i) {
    auto opened = cases->open_return(cable_return("+34 600 111 222"), "kiosk");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(holds_of(*opened).empty());
  }
  auto anonymous = cases->open_return(cable_return(""), "kiosk");
  ASSERT_TRUE(anonymous) << "no controls: a contact is optional: " << anonymous.error().message;
  EXPECT_TRUE(holds_of(*anonymous).empty());
  EXPECT_FALSE(over_return_limit(5, 0)) << "0: no limit";
  EXPECT_TRUE(over_return_limit(1, 1));
  EXPECT_FALSE(over_return_limit(0, 1));
}

// The limit and the blocklist know a customer by phone or e-mail: while either is in use, a return
// without them would escape it, so it needs one.
TEST_F(ReturnControls, AReturnNeedsAContactWhileTheStoreLimitsReturnsOrKeepsABlocklist) {
  ReturnService returns(*db, config);
  EXPECT_FALSE(*returns.needs_contact(now));
  config.returns.per_customer = {3, 30};
  EXPECT_TRUE(*returns.needs_contact(now));
  auto refused = cases->open_return(cable_return(""), "kiosk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "phone");
  EXPECT_EQ(refused.error().message, kReturnNeedsContact);
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0) << "nothing is opened without it";
  ASSERT_TRUE(cases->open_return(cable_return("", "ana@example.com"), "kiosk")) << "an e-mail will do";

  config.returns.per_customer = {};
  ASSERT_TRUE(blocklist().add({"+34 600 999 000", "", "Known", 2, "marta"}));
  EXPECT_TRUE(*returns.needs_contact(now)) << "a blocklist entry in force";
  EXPECT_FALSE(cases->open_return(cable_return(""), "kiosk"));
  now += std::chrono::days{3};
  EXPECT_FALSE(*returns.needs_contact(now)) << "the entry has expired";
  auto anonymous = cases->open_return(cable_return(""), "kiosk");
  ASSERT_TRUE(anonymous) << anonymous.error().message;
}

TEST_F(ReturnControls, ABlocklistedContactsReturnGoesToAManagerWithTheSameWordsAsAnyHandOver) {
  auto added = blocklist().add({"+34 600 999 000", "", "Returned 6 used phones in May", 30, "marta"});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->phone, "34600999000");
  auto opened = cases->open_return(cable_return("+34600999000"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->handover, ReturnHandover::see_counter) << "the same as over the limit: nothing tells them apart";
  auto holds = holds_of(*opened);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].kind, ReturnHoldKind::blocklisted);
  auto events = *cases->events(opened->id);
  for (const auto& e : events)
    EXPECT_EQ(e.note.find("Returned 6"), std::string::npos) << "the reason stays on the blocklist";
}

TEST_F(ReturnControls, AnEntryHoldsUntilItExpiresOrIsRemoved) {
  auto by_email = blocklist().add({"", " Fraud@Example.com", "Chargebacks", 2, "marta"});
  ASSERT_TRUE(by_email) << by_email.error().message;
  EXPECT_EQ(by_email->email, "fraud@example.com");
  auto blocked = cases->open_return(cable_return("", "fraud@example.COM"), "kiosk");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(holds_of(*blocked).size(), 1u);
  now += std::chrono::days{3};
  auto expired = cases->open_return(cable_return("", "fraud@example.com"), "kiosk");
  ASSERT_TRUE(expired);
  EXPECT_TRUE(holds_of(*expired).empty()) << "past its expiry";

  auto forever = blocklist().add({"", "fraud@example.com", "Again", std::nullopt, "marta"});
  ASSERT_TRUE(forever) << forever.error().message;
  EXPECT_FALSE(blocklist().add({"", "FRAUD@example.com", "Twice", std::nullopt, "marta"})) << "already on it";
  ASSERT_EQ(blocklist().list()->size(), 2u) << "the expired entry is still listed (as expired)";
  auto removed = blocklist().remove(forever->id, "marta");
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(removed->removed_by, "marta");
  EXPECT_EQ(blocklist().list()->size(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM return_blocklist"), 2) << "removed entries stay, with who removed them";
  EXPECT_FALSE(blocklist().remove(forever->id, "marta")) << "once";
  auto after = cases->open_return(cable_return("", "fraud@example.com"), "kiosk");
  ASSERT_TRUE(after);
  EXPECT_TRUE(holds_of(*after).empty());
}

TEST_F(ReturnControls, OnlyAManagerKeepsTheBlocklistAndBadEntriesAreRefusedClearly) {
  auto clerk = blocklist().add({"+34 600 999 000", "", "x", std::nullopt, "leo"});
  ASSERT_FALSE(clerk);
  EXPECT_NE(clerk.error().message.find("Only a manager"), std::string::npos) << clerk.error().message;
  EXPECT_EQ(blocklist().add({"", "", "x", std::nullopt, "marta"}).error().field, "phone");
  EXPECT_EQ(blocklist().add({"+34 600", "a@b.co", "x", std::nullopt, "marta"}).error().field, "phone") << "one each";
  EXPECT_EQ(blocklist().add({"12", "", "x", std::nullopt, "marta"}).error().field, "phone");
  EXPECT_EQ(blocklist().add({"", "not-an-address", "x", std::nullopt, "marta"}).error().field, "email");
  EXPECT_EQ(blocklist().add({"+34 600 999 000", "", "  ", std::nullopt, "marta"}).error().field, "reason");
  EXPECT_EQ(blocklist().add({"+34 600 999 000", "", "x", 0, "marta"}).error().field, "days");
  EXPECT_EQ(blocklist().add({"+34 600 999 000", "", "x", std::nullopt, "nobody"}).error().kind, ErrorKind::not_found);
  EXPECT_EQ(blocklist().remove(12345, "marta").error().kind, ErrorKind::not_found);
  EXPECT_EQ(count("SELECT count(*) FROM return_blocklist"), 0);
}

TEST_F(ReturnControls, AHeldReturnIsApprovedOnlyByAManagerWhoSaysWhyAsAStaffOnlyNote) {
  auto held = cases->open_return(phone_return("SN-OTHER"), "kiosk");
  ASSERT_TRUE(held) << held.error().message;
  receive(*held);
  auto by_clerk = cases->decide_return(held->code, {ReturnOutcome::refund, "Looks fine"}, "leo");
  ASSERT_FALSE(by_clerk);
  EXPECT_NE(by_clerk.error().message.find("Only a manager"), std::string::npos) << by_clerk.error().message;
  auto no_reason = cases->decide_return(held->code, {ReturnOutcome::refund, " "}, "marta");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_EQ(cases->find_by_code(held->code)->status, CaseStatus::received) << "nothing decided yet";

  auto approved =
      cases->decide_return(held->code, {ReturnOutcome::refund, "Box label misprinted; IMEI checked"}, "Marta");
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->status, CaseStatus::approved);
  auto events = *cases->events(held->id);
  const CaseEvent& override_note = events.back();
  EXPECT_EQ(override_note.kind, EventKind::note);
  EXPECT_EQ(override_note.actor, "marta");
  EXPECT_FALSE(override_note.customer_visible);
  EXPECT_EQ(override_note.note, "Approved over the hold (serial_mismatch): Box label misprinted; IMEI checked");
  const CaseEvent& decided = events[events.size() - 2];
  EXPECT_EQ(decided.kind, EventKind::return_approved);
  EXPECT_EQ(decided.note, "") << "the customer does not read the manager's reason";
}

TEST_F(ReturnControls, AnyoneMayRejectAHeldReturnAndAReturnNotHeldNeedsNoManager) {
  auto held = cases->open_return(phone_return("SN-OTHER"), "kiosk");
  ASSERT_TRUE(held);
  receive(*held);
  auto rejected = cases->decide_return(held->code, {std::nullopt, "Not the unit we sold"}, "leo");
  ASSERT_TRUE(rejected) << rejected.error().message;
  EXPECT_EQ(rejected->status, CaseStatus::rejected);

  auto plain = cases->open_return(cable_return(""), "kiosk");
  ASSERT_TRUE(plain);
  receive(*plain);
  auto approved = cases->decide_return(plain->code, {ReturnOutcome::refund, ""}, "leo");
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(cases->events(plain->id)->back().kind, EventKind::return_approved) << "no override note";
}

TEST_F(ReturnControls, EveryHoldIsKeptAndNamedInTheOverride) {
  config.returns.per_customer = {1, 30};
  ASSERT_TRUE(blocklist().add({"+34 600 999 000", "", "Known", std::nullopt, "marta"}));
  ASSERT_TRUE(cases->open_return(cable_return("+34 600 999 000"), "kiosk"));
  ReturnDraft draft = phone_return("SN-OTHER");
  draft.customer.phone = "+34 600 999 000";
  auto held = cases->open_return(draft, "kiosk");
  ASSERT_TRUE(held) << held.error().message;
  EXPECT_EQ(held->handover, ReturnHandover::see_counter) << "a serial and more: the neutral words";
  EXPECT_EQ(holds_of(*held).size(), 3u);
  receive(*held);
  ASSERT_TRUE(cases->decide_return(held->code, {ReturnOutcome::exchange, "Known customer, ID seen"}, "marta"));
  EXPECT_EQ(cases->events(held->id)->back().note,
            "Approved over the hold (serial_mismatch, over_limit, blocklisted): Known customer, ID seen");
}

// A customer types their number the way they say it: in a store in Spain, without the country code.
TEST_F(ReturnControls, ANumberTypedWithOrWithoutItsCountryCodeIsOneCustomer) {
  config.store.country = "ES";
  auto added = blocklist().add({"600 999 000", "", "Returned 6 used phones in May", std::nullopt, "marta"});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->phone, "34600999000") << "kept with its country code";
  for (const char* typed : {"+34 600 999 000", "0034 600-999-000", "600999000"}) {
    auto opened = cases->open_return(cable_return(typed), "kiosk");
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_EQ(holds_of(*opened).size(), 1u) << typed;
    EXPECT_EQ(holds_of(*opened)[0].kind, ReturnHoldKind::blocklisted) << typed;
  }
  auto other = cases->open_return(cable_return("600 999 001"), "kiosk");
  ASSERT_TRUE(other);
  EXPECT_TRUE(holds_of(*other).empty()) << "another number";

  config.returns.per_customer = {1, 30};
  ASSERT_TRUE(cases->open_return(cable_return("611 222 333"), "kiosk"));
  auto second = cases->open_return(cable_return("+34 611 222 333"), "kiosk");
  ASSERT_TRUE(second) << second.error().message;
  ASSERT_EQ(holds_of(*second).size(), 1u) << "the same customer's second return in the period";
  EXPECT_EQ(holds_of(*second)[0].kind, ReturnHoldKind::over_limit);
}

TEST(ReturnControlRules, PhoneNumbersAreReadAsInTheStoresCountry) {
  EXPECT_EQ(phone_key("07700 900123", "GB"), "447700900123") << "the trunk 0 goes";
  EXPECT_EQ(phone_key("+44 7700 900123", "ES"), "447700900123") << "a country code wins over the store's";
  EXPECT_EQ(phone_key("06 1234 5678", "IT"), "390612345678") << "Italy keeps its 0";
  EXPECT_EQ(phone_key("(201) 555-0123", "US"), "12015550123");
  EXPECT_EQ(phone_key("1 201 555 0123", "US"), "12015550123");
  EXPECT_EQ(phone_key("0034 (600) 111-222", "US"), "34600111222") << "00 is the international prefix";
  EXPECT_EQ(phone_key("011 34 600 111 222", "US"), "34600111222") << "as is the United States' own";
  EXPECT_EQ(phone_key("0011 44 7700 900123", "AU"), "447700900123") << "and Australia's";
  EXPECT_EQ(phone_key("0034 600 111 222", "ES"), "34600111222");
  EXPECT_EQ(phone_key("call me", "ES"), "") << "no digits, no key";
  EXPECT_TRUE(known_phone_country("ES"));
  EXPECT_FALSE(known_phone_country("XX"));
  EXPECT_FALSE(known_phone_country("es"));
}

TEST(ReturnControlRules, HandOverWordsAreNeutralExceptForTheSerialTyped) {
  Instant t{};
  EXPECT_EQ(handover_for({}), ReturnHandover::none);
  EXPECT_EQ(handover_for({{ReturnHoldKind::serial_mismatch, "X", t}}), ReturnHandover::serial_mismatch);
  EXPECT_EQ(handover_for({{ReturnHoldKind::over_limit, "3", t}}), ReturnHandover::see_counter);
  EXPECT_EQ(handover_for({{ReturnHoldKind::blocklisted, "", t}}), ReturnHandover::see_counter);
  EXPECT_TRUE(serial_matches("SN-1", " sn-1 "));
  EXPECT_FALSE(serial_matches("SN-1", "SN-2"));
  EXPECT_EQ(email_key("  Ana@Example.COM "), "ana@example.com");
  EXPECT_EQ(phone_key("+34 600 111 222", "US"), "34600111222");
  EXPECT_EQ(phone_key(" ", "US"), "");
}

}  // namespace
}  // namespace aftersales
