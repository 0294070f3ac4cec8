// Kiosk flows driven as a shopper would, without a window: every step, Back, and every refusal.
#include <gtest/gtest.h>

#include "core/base/text.h"
#include "core/base/translation.h"
#include "core/services/return_controls.h"
#include "core/services/staff.h"
#include "inactivity.h"
#include "lookup_flows.h"
#include "repair_flow.h"
#include "return_flow.h"
#include "scan_input.h"
#include "session.h"
#include "support/test_store.h"

namespace aftersales::kiosk {
namespace {

using aftersales::testing::at;

class Flows : public aftersales::testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("1001", at("2026-02-25T10:00:00Z"), {{"PHONE-1", "SN-NEW"}, {"CABLE-1", "", 3, 1500}});
    add_sale("1002", at("2024-01-10T10:00:00Z"), {{"TV-1", "SN-OLDTV"}});
    warranty.emplace(*db, config);
    returns.emplace(*db, config);
    services.emplace(KioskServices{config, *cases, *warranty, *returns});
  }
  std::optional<WarrantyService> warranty;
  std::optional<ReturnService> returns;
  std::optional<KioskServices> services;
};

TEST_F(Flows, ReturnFromReceiptToCase) {
  ReturnFlow flow(*services);
  flow.receipt_input = "\t1001\r\n";  // as a scanner sends it
  flow.submit_receipt();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::item) << flow.error()->message;
  ASSERT_EQ(flow.lines().size(), 2u);
  flow.choose_item(1, 4);
  EXPECT_EQ(flow.error()->field, "quantity");
  flow.choose_item(1, 2);
  ASSERT_EQ(flow.step(), ReturnFlow::Step::reason);
  flow.choose_reason(ReturnReason::changed_mind);
  flow.choose_condition(ItemCondition::sealed);
  ASSERT_EQ(flow.step(), ReturnFlow::Step::answer);
  EXPECT_TRUE(flow.decision().accepted());
  EXPECT_EQ(flow.decision().refund_cents, 3000);
  flow.accept_answer();
  flow.contact.email = "not an address";
  flow.submit_contact();
  EXPECT_EQ(flow.error()->field, "email");
  EXPECT_EQ(flow.step(), ReturnFlow::Step::contact);
  flow.skip_contact();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::review);
  EXPECT_EQ(flow.draft().quantity, 2);
  flow.confirm();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::done) << flow.error()->message;
  ASSERT_TRUE(flow.opened());
  EXPECT_EQ(cases->find_by_code(flow.opened()->code)->return_quantity, 2);
}

TEST_F(Flows, AReturnWithAContactAsksAboutMessagesAndKeepsTheAnswer) {
  ReturnFlow flow(*services);
  flow.receipt_input = "1001";
  flow.submit_receipt();
  flow.choose_item(0, 1);
  ASSERT_EQ(flow.step(), ReturnFlow::Step::serial) << "a phone sold with a serial";
  flow.serial_input = "SN-NEW";
  flow.submit_serial();
  flow.choose_reason(ReturnReason::changed_mind);
  flow.choose_condition(ItemCondition::sealed);
  flow.accept_answer();
  flow.contact.name = "Ana";
  flow.submit_contact();  // a name alone reaches nobody: nothing to consent to
  ASSERT_EQ(flow.step(), ReturnFlow::Step::review);
  flow.back();
  flow.contact.email = "ana@example.com";
  flow.submit_contact();
  EXPECT_EQ(flow.error()->field, "notify_consent");
  flow.answer_notify(true);
  flow.submit_contact();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::review);
  flow.confirm();
  ASSERT_TRUE(flow.opened()) << flow.error()->message;
  EXPECT_TRUE(cases->find_by_code(flow.opened()->code)->notify_consent);
  EXPECT_EQ(flow.handover_words(Language::en), "") << "nothing held it";
}

// A store that limits returns per customer needs to know whose return it is: the contact step
// cannot be skipped, nor left empty, and says so in the shopper's language.
TEST_F(Flows, AReturnAtAStoreThatLimitsReturnsCannotSkipTheContact) {
  config.returns.per_customer = {2, 30};
  ReturnFlow flow(*services);
  flow.receipt_input = "1001";
  flow.submit_receipt();
  flow.choose_item(1, 1);
  flow.choose_reason(ReturnReason::changed_mind);
  flow.choose_condition(ItemCondition::sealed);
  flow.accept_answer();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::contact);
  EXPECT_TRUE(flow.contact_required());
  flow.skip_contact();
  EXPECT_EQ(flow.step(), ReturnFlow::Step::contact) << "no skipping";
  ASSERT_TRUE(flow.error());
  EXPECT_EQ(flow.error()->field, "phone") << "shown by the phone field, which takes the keyboard";
  EXPECT_EQ(tr(Language::es, flow.error()->message),
            "Esta tienda pide un teléfono o un correo electrónico con cada devolución. Solo lo usamos para esta "
            "devolución.");
  flow.contact.name = "Ana";
  flow.submit_contact();
  EXPECT_EQ(flow.step(), ReturnFlow::Step::contact) << "a name alone is not enough";
  flow.contact.phone = "+34 600 111 222";
  flow.answer_notify(false);
  flow.submit_contact();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::review) << flow.error()->message;
  flow.confirm();
  ASSERT_TRUE(flow.opened()) << flow.error()->message;

  // The controls coming into force between the contact step and Confirm send the shopper back to it.
  config.returns.per_customer = {};
  ReturnFlow late(*services);
  late.receipt_input = "1001";
  late.submit_receipt();
  late.choose_item(1, 1);
  late.choose_reason(ReturnReason::changed_mind);
  late.choose_condition(ItemCondition::sealed);
  late.accept_answer();
  late.skip_contact();
  ASSERT_EQ(late.step(), ReturnFlow::Step::review);
  config.returns.per_customer = {2, 30};
  late.confirm();
  EXPECT_EQ(late.step(), ReturnFlow::Step::contact);
  EXPECT_TRUE(late.contact_required());
  ASSERT_TRUE(late.error());
  EXPECT_EQ(late.error()->field, "phone");

  config.returns.per_customer = {};
  ReturnFlow free_flow(*services);
  free_flow.receipt_input = "1001";
  free_flow.submit_receipt();
  free_flow.choose_item(1, 1);
  free_flow.choose_reason(ReturnReason::changed_mind);
  free_flow.choose_condition(ItemCondition::sealed);
  free_flow.accept_answer();
  EXPECT_FALSE(free_flow.contact_required());
  free_flow.skip_contact();
  EXPECT_EQ(free_flow.step(), ReturnFlow::Step::review) << "without controls it stays optional";
}

// Box switching: the serial on the item brought back is asked for a phone sold with one; another
// one still opens the return (the counter sees what was typed) and the shopper is told plainly.
TEST_F(Flows, AReturnedPhoneAsksItsSerialAndAnotherOneIsSentToTheCounter) {
  ReturnFlow flow(*services);
  flow.receipt_input = "1001";
  flow.submit_receipt();
  flow.choose_item(0, 1);
  ASSERT_EQ(flow.step(), ReturnFlow::Step::serial);
  EXPECT_EQ(flow.step_number(), 2) << "still choosing the item";
  flow.submit_serial();
  EXPECT_EQ(flow.error()->field, "serial");
  EXPECT_EQ(flow.step(), ReturnFlow::Step::serial);
  flow.serial_input = "SN-SWAPPED\n";  // as a scanner sends it
  flow.submit_serial();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::reason);
  flow.back();
  EXPECT_EQ(flow.step(), ReturnFlow::Step::serial);
  flow.submit_serial();
  flow.choose_reason(ReturnReason::changed_mind);
  flow.choose_condition(ItemCondition::sealed);
  flow.accept_answer();
  flow.skip_contact();
  flow.confirm();
  ASSERT_EQ(flow.step(), ReturnFlow::Step::done) << flow.error()->message;
  EXPECT_EQ(flow.handover_words(Language::en),
            "The serial number of this item does not match the one sold. Please see the counter.");
  EXPECT_NE(flow.handover_words(Language::es), flow.handover_words(Language::en)) << "in their language";
  auto holds = *cases->return_holds(flow.opened()->id);
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].detail, "SN-SWAPPED");
  flow.wipe();
  EXPECT_TRUE(flow.serial_input.empty());
}

// A return past the customer's limit and one from a blocklisted contact end on the same neutral
// words as each other: nothing a shopper reads says why, or that there is a blocklist.
TEST_F(Flows, TheHandOverToTheCounterNeverSaysWhy) {
  StaffService staff(*db);
  ASSERT_TRUE(staff.add("marta", "Marta", Role::manager, "pin-4711"));
  const std::string reason = "Suspected wardrobing, May";
  ASSERT_TRUE(BlocklistService(*db, "US", [this] {
                return now;
              }).add({"", "blocked@example.com", reason, std::nullopt, "marta"}));
  config.returns.per_customer = {1, 30};
  add_sale("1003", at("2026-02-26T10:00:00Z"), {{"CABLE-1", "", 5, 1500}});
  auto return_cable = [&](const std::string& email) {
    ReturnFlow flow(*services);
    flow.receipt_input = "1003";
    flow.submit_receipt();
    flow.choose_item(0, 1);
    flow.choose_reason(ReturnReason::changed_mind);
    flow.choose_condition(ItemCondition::sealed);
    flow.accept_answer();
    flow.contact.email = email;
    flow.answer_notify(false);
    flow.submit_contact();
    flow.confirm();
    EXPECT_EQ(flow.step(), ReturnFlow::Step::done) << flow.error()->message;
    return flow;
  };
  EXPECT_EQ(return_cable("often@example.com").handover_words(Language::en), "") << "the first is within the limit";
  ReturnFlow over_limit = return_cable("often@example.com");
  ReturnFlow blocked = return_cable("blocked@example.com");
  for (Language lang : {Language::en, Language::es, Language::fr}) {
    std::string words = blocked.handover_words(lang);
    EXPECT_FALSE(words.empty());
    EXPECT_EQ(words, over_limit.handover_words(lang)) << "the two cannot be told apart";
    EXPECT_EQ(to_lower_ascii(words).find("block"), std::string::npos) << words;
    EXPECT_EQ(words.find(reason), std::string::npos) << words;
    EXPECT_EQ(words.find("limit"), std::string::npos) << words;
  }
  EXPECT_EQ(blocked.handover_words(Language::en),
            "A member of staff will finish this return with you. Please see the counter.");
  EXPECT_FALSE(blocked.error());
  EXPECT_EQ(blocked.decision().explanation.find(reason), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM return_holds"), 2);
}

TEST(Session, ScrubZeroesTheWholeBufferBeforeEmptying) {
  std::string phone = "+34 600 123 456 and some more text to leave the small-string buffer";
  const char* buffer = phone.data();
  std::size_t capacity = phone.capacity();
  scrub(phone);
  EXPECT_TRUE(phone.empty());
  ASSERT_EQ(phone.data(), buffer) << "scrub must overwrite in place, not reallocate";
  for (std::size_t i = 0; i < capacity; ++i) ASSERT_EQ(buffer[i], '\0') << "byte " << i;
}

TEST_F(Flows, WipeEndsEveryFlowAndScrubsWhatWasTyped) {
  Session session;
  session.returning.emplace(*services);
  session.returning->receipt_input = "1001";
  session.returning->submit_receipt();
  session.returning->contact = {"Jane Doe", "+1 555 0100", "jane@example.com", true};
  session.repair.emplace(*services);
  session.repair->serial_input = "SN-NEW";
  session.repair->problem_text = "Screen flickers";
  session.repair->signature.add_point(1, 2);
  session.track.emplace(*services);
  session.track->input = "R7K-4PQ-92X";
  session.scan_buffer = "HTTPS://STORE/S/TOKEN";
  session.return_line = 1;
  // What the repair flow's strings point at must be zero once wiped, not just forgotten.
  std::string& problem = session.repair->problem_text;
  problem.reserve(64);
  const char* problem_buffer = problem.data();
  session.repair->wipe();
  EXPECT_EQ(problem_buffer[0], '\0');
  EXPECT_TRUE(session.repair->signature.strokes.empty());
  EXPECT_TRUE(session.repair->serial_input.empty());

  wipe(session);
  EXPECT_TRUE(session.empty());
  EXPECT_EQ(session.return_line, -1);
  EXPECT_EQ(session.return_quantity, 1);
}

TEST_F(Flows, ReturnRefusalsStopWithAPlainAnswer) {
  ReturnFlow flow(*services);
  flow.receipt_input = "9999";
  flow.submit_receipt();
  EXPECT_EQ(flow.step(), ReturnFlow::Step::receipt);
  EXPECT_EQ(flow.error()->kind, ErrorKind::not_found);
  flow.receipt_input = "";
  flow.submit_receipt();
  EXPECT_EQ(flow.error()->field, "receipt");

  flow.receipt_input = "1001";
  flow.submit_receipt();
  flow.choose_item(0, 1);
  flow.choose_reason(ReturnReason::changed_mind);
  flow.choose_condition(ItemCondition::damaged);
  ASSERT_EQ(flow.step(), ReturnFlow::Step::answer);
  EXPECT_FALSE(flow.decision().accepted());
  flow.accept_answer();
  EXPECT_EQ(flow.step(), ReturnFlow::Step::answer);
  EXPECT_NE(flow.error()->message.find("Damaged items"), std::string::npos);
  flow.back();  // change the answer
  EXPECT_EQ(flow.step(), ReturnFlow::Step::condition);
  EXPECT_FALSE(flow.error());
  flow.choose_condition(ItemCondition::opened);
  flow.accept_answer();
  EXPECT_EQ(flow.step(), ReturnFlow::Step::contact);
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);  // nothing saved before confirm
}

void sign(SignaturePad& pad) {
  pad.begin_stroke();
  for (int x = 100; x <= 600; x += 50) pad.add_point(x, 500 + (x % 100));
}

TEST_F(Flows, RepairCheckInFromSerialToCase) {
  RepairFlow flow(*services);
  flow.serial_input = "sn-new\n";
  flow.submit_serial();
  ASSERT_EQ(flow.step(), RepairFlow::Step::coverage);
  ASSERT_TRUE(flow.coverage());
  EXPECT_FALSE(flow.needs_fee());
  EXPECT_EQ(flow.category(), "phones");
  EXPECT_NE(std::find(accessory_choices("phones").begin(), accessory_choices("phones").end(), "SIM card"),
            accessory_choices("phones").end());
  flow.accept_coverage(false);
  ASSERT_EQ(flow.step(), RepairFlow::Step::problem);
  flow.choose_problem("Screen");  // one tap on the kind moves on to its description
  ASSERT_EQ(flow.step(), RepairFlow::Step::describe);
  flow.problem_text = "It";
  flow.submit_problem();
  EXPECT_EQ(flow.error()->field, "problem");
  flow.problem_text = "It flickers";
  flow.submit_problem();
  ASSERT_EQ(flow.step(), RepairFlow::Step::accessories);
  flow.submit_accessories();
  EXPECT_EQ(flow.error()->field, "condition");  // the checklist may not be skipped
  flow.accessories_left = {"Charger", "Case"};
  flow.visible_condition = {"Scratches"};
  flow.submit_accessories();
  ASSERT_EQ(flow.step(), RepairFlow::Step::contact);
  flow.submit_contact();
  EXPECT_EQ(flow.error()->field, "name");
  flow.contact = {"Ana García", "+34 600 111 222", "", false};
  flow.submit_contact();
  EXPECT_EQ(flow.error()->field, "notify_consent");  // "tell me when it changes?" wants an answer
  EXPECT_EQ(flow.step(), RepairFlow::Step::contact);
  flow.answer_notify(true);
  EXPECT_FALSE(flow.error());
  flow.submit_contact();
  // Review comes before the signature: signing is the last act, and agrees to what was reviewed.
  ASSERT_EQ(flow.step(), RepairFlow::Step::review);
  EXPECT_EQ(flow.promised_at(), now + std::chrono::days{config.turnaround.repair_in_warranty_days});
  flow.accept_review();
  ASSERT_EQ(flow.step(), RepairFlow::Step::signature);
  flow.signature.begin_stroke();
  flow.signature.add_point(10, 10);  // a tap is not a signature
  flow.confirm();
  EXPECT_EQ(flow.error()->field, "signature");
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);
  flow.signature_started();  // signing again answers the "please sign" error
  EXPECT_FALSE(flow.error());
  flow.signature.clear();
  sign(flow.signature);
  flow.confirm();
  ASSERT_EQ(flow.step(), RepairFlow::Step::done) << flow.error()->message;
  Case stored = *cases->find_by_code(flow.opened()->code);
  EXPECT_EQ(stored.accessories, "Charger, Case");
  EXPECT_EQ(stored.condition_notes, "Scratches");
  EXPECT_EQ(stored.problem_category, "Screen");
  EXPECT_TRUE(stored.notify_consent);
  EXPECT_EQ(stored.signature_strokes.substr(0, 7), "100,500");
}

// An in-warranty serial through coverage and the problem, to the accessories and condition step.
void to_the_checklist(RepairFlow& flow) {
  flow.serial_input = "SN-NEW";
  flow.submit_serial();
  flow.accept_coverage(false);
  flow.choose_problem("Screen");
  flow.problem_text = "It flickers";
  flow.submit_problem();
}

// From the checklist to the step after contact, with the shopper's details filled in.
void through_contact(RepairFlow& flow) {
  to_the_checklist(flow);
  flow.accessories_left = {"Charger"};
  flow.visible_condition = {"Scratches"};
  flow.submit_accessories();
  flow.contact = {"Ana García", "+34 600 111 222", "", false};
  flow.answer_notify(false);
  flow.submit_contact();
}

// Where the store offers loaners at the kiosk and one is free, the check-in asks; a yes is a request
// on the case for the counter, which lends nothing by itself. Elsewhere the question never shows.
TEST_F(Flows, TheCheckInAsksForALoanerOnlyWhereOfferedAndOneIsFree) {
  ASSERT_TRUE(cases->add_loaner({"L-07", "iPhone 8", "", ""}));
  {
    RepairFlow off(*services);
    through_contact(off);
    EXPECT_EQ(off.step(), RepairFlow::Step::review) << "the store does not offer loaners at the kiosk";
  }
  config.loaners.offer_at_kiosk = true;
  RepairFlow flow(*services);
  through_contact(flow);
  ASSERT_EQ(flow.step(), RepairFlow::Step::loaner);
  flow.answer_loaner(true);
  ASSERT_EQ(flow.step(), RepairFlow::Step::review);
  flow.back();
  EXPECT_EQ(flow.step(), RepairFlow::Step::loaner) << "Back from review returns to the question";
  flow.answer_loaner(true);
  flow.accept_review();
  sign(flow.signature);
  flow.confirm();
  ASSERT_EQ(flow.step(), RepairFlow::Step::done) << flow.error()->message;
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'loaner_requested'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM loans"), 0) << "the counter decides and lends";

  RepairFlow declined(*services);
  through_contact(declined);
  ASSERT_EQ(declined.step(), RepairFlow::Step::loaner);
  declined.answer_loaner(false);
  declined.accept_review();
  sign(declined.signature);
  declined.confirm();
  ASSERT_EQ(declined.step(), RepairFlow::Step::done) << declined.error()->message;
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'loaner_requested'"), 1) << "a no asks nothing";

  ASSERT_TRUE(cases->retire_loaner("L-07"));
  RepairFlow none_free(*services);
  through_contact(none_free);
  EXPECT_EQ(none_free.step(), RepairFlow::Step::review) << "no loaner free: no question";
}

// The database refuses every new case until allowed again, as one whose server went away would.
void refuse_new_cases(Database& db, bool refuse) {
  bool postgres = db.backend() == Backend::postgresql;
  if (refuse && postgres)
    db.exec(
        "CREATE FUNCTION refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the server went "
        "away'; END $$; CREATE TRIGGER refuse_case BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_case()");
  else if (refuse)
    db.exec(
        "CREATE TEMP TRIGGER refuse_case BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'the disk went away'); END");
  else
    db.exec(postgres ? "DROP TRIGGER refuse_case ON cases; DROP FUNCTION refuse_case()" : "DROP TRIGGER refuse_case");
}

TEST_F(Flows, ACheckInThatCannotBeSavedKeepsEverythingSaysOneMomentThenAsksForTheCounter) {
  RepairFlow flow(*services);
  to_the_checklist(flow);
  flow.accessories_left = {"Charger"};
  flow.visible_condition = {"Scratches"};
  flow.submit_accessories();
  flow.contact = {"Ana García", "+34 600 111 222", "", false};
  flow.answer_notify(false);
  flow.submit_contact();
  flow.accept_review();
  sign(flow.signature);
  ASSERT_EQ(flow.step(), RepairFlow::Step::signature);

  refuse_new_cases(*db, true);
  flow.confirm();
  ASSERT_TRUE(flow.error());
  EXPECT_EQ(flow.error()->field, "confirm");
  EXPECT_NE(flow.error()->message.find("One moment"), std::string::npos) << flow.error()->message;
  EXPECT_EQ(flow.step(), RepairFlow::Step::signature) << "the shopper stays where they were";
  EXPECT_FALSE(flow.opened()) << "no receipt for a case that was not saved";
  flow.confirm();
  EXPECT_NE(flow.error()->message.find("ask at the service counter"), std::string::npos) << flow.error()->message;
  EXPECT_EQ(flow.contact.name, "Ana García") << "what they typed is kept";
  EXPECT_FALSE(flow.signature.strokes.empty());
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 0);

  refuse_new_cases(*db, false);  // the server is back
  flow.confirm();
  ASSERT_EQ(flow.step(), RepairFlow::Step::done) << flow.error()->message;
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 1);
  EXPECT_EQ(flow.opened()->customer_name, "Ana García");
}

TEST_F(Flows, RepairDeclinedMessagesAreSavedAsDeclined) {
  RepairFlow flow(*services);
  to_the_checklist(flow);
  flow.visible_condition = {"No visible damage"};
  flow.submit_accessories();
  flow.contact = {"Ana", "+34 600 111 222", "ana@example.com", true};
  flow.answer_notify(false);
  EXPECT_FALSE(flow.contact.notify_consent);
  flow.submit_contact();
  flow.accept_review();
  sign(flow.signature);
  flow.confirm();
  ASSERT_TRUE(flow.opened()) << flow.error()->message;
  EXPECT_FALSE(cases->find_by_code(flow.opened()->code)->notify_consent);
}

TEST_F(Flows, NoVisibleDamageAndADamageExcludeEachOther) {
  std::vector<std::string> chosen = {"Scratches", "Dents"};
  toggle_condition(chosen, std::string(kNoVisibleDamage));
  EXPECT_EQ(chosen, std::vector<std::string>{"No visible damage"});
  toggle_condition(chosen, "Cracked screen");
  EXPECT_EQ(chosen, std::vector<std::string>{"Cracked screen"});
  toggle_condition(chosen, "Cracked screen");
  EXPECT_TRUE(chosen.empty());

  RepairFlow flow(*services);
  to_the_checklist(flow);
  flow.visible_condition = {"No visible damage", "Cracked screen"};  // set past the checklist's own rule
  flow.submit_accessories();
  ASSERT_TRUE(flow.error());
  EXPECT_EQ(flow.error()->field, "condition");
  EXPECT_EQ(flow.step(), RepairFlow::Step::accessories);
}

TEST_F(Flows, RepairOutOfWarrantyNeedsTheFeeAndUnknownSerialsAreShownBackFirst) {
  RepairFlow old_tv(*services);
  old_tv.serial_input = "SN-OLDTV";
  old_tv.submit_serial();
  ASSERT_EQ(old_tv.step(), RepairFlow::Step::coverage);
  EXPECT_TRUE(old_tv.needs_fee());
  EXPECT_FALSE(old_tv.fee_accepted) << "not ticked for the shopper";
  old_tv.accept_coverage(false);
  EXPECT_EQ(old_tv.error()->field, "diagnostic_fee");
  EXPECT_NE(old_tv.error()->message.find("25.00"), std::string::npos);
  old_tv.accept_coverage(true);
  EXPECT_EQ(old_tv.step(), RepairFlow::Step::problem);
  old_tv.back();
  ASSERT_EQ(old_tv.step(), RepairFlow::Step::coverage);
  EXPECT_TRUE(old_tv.fee_accepted) << "the tick is kept when the shopper comes back to the question";

  // A serial we did not sell (often a typo) is shown back before any fee is asked.
  RepairFlow typo(*services);
  typo.serial_input = "SN-NEX";
  typo.submit_serial();
  ASSERT_EQ(typo.step(), RepairFlow::Step::unknown_serial);
  EXPECT_EQ(typo.unknown_serial(), "SN-NEX");
  typo.check_serial_again();
  EXPECT_EQ(typo.step(), RepairFlow::Step::identify);
  EXPECT_EQ(typo.serial_input, "SN-NEX");  // kept, to correct one character
  typo.serial_input = "SN-NEW";
  typo.submit_serial();
  EXPECT_EQ(typo.step(), RepairFlow::Step::coverage);
  EXPECT_FALSE(typo.needs_fee());

  RepairFlow by_receipt(*services);
  by_receipt.serial_input = "SN-NEX";
  by_receipt.submit_serial();
  by_receipt.use_receipt_instead();
  EXPECT_EQ(by_receipt.step(), RepairFlow::Step::identify);
  EXPECT_TRUE(by_receipt.by_receipt());

  RepairFlow elsewhere(*services);
  elsewhere.serial_input = "XYZ-FROM-ANOTHER-SHOP";
  elsewhere.submit_serial();
  ASSERT_EQ(elsewhere.step(), RepairFlow::Step::unknown_serial);
  elsewhere.serial_is_right();
  ASSERT_EQ(elsewhere.step(), RepairFlow::Step::coverage);
  EXPECT_FALSE(elsewhere.coverage());
  EXPECT_TRUE(elsewhere.needs_fee());
  elsewhere.accept_coverage(true);
  EXPECT_EQ(elsewhere.error()->field, "product");
  elsewhere.product_description = "Old radio";
  elsewhere.accept_coverage(true);
  EXPECT_EQ(elsewhere.step(), RepairFlow::Step::problem);
  elsewhere.back();
  elsewhere.back();
  EXPECT_EQ(elsewhere.step(), RepairFlow::Step::unknown_serial);
}

TEST_F(Flows, RepairByReceiptThenLine) {
  RepairFlow flow(*services);
  flow.receipt_input = "1001";
  flow.submit_receipt();
  ASSERT_EQ(flow.step(), RepairFlow::Step::pick_line);
  flow.choose_line(0);
  ASSERT_EQ(flow.step(), RepairFlow::Step::coverage);
  EXPECT_EQ(flow.coverage()->line.product.sku, "PHONE-1");
  flow.back();
  EXPECT_EQ(flow.step(), RepairFlow::Step::pick_line);
}

TEST_F(Flows, WarrantyLookupCarriesTheSerialIntoARepair) {
  WarrantyLookupFlow lookup(*services);
  lookup.serial_input = "sn-new";
  lookup.submit();
  ASSERT_TRUE(lookup.card());
  EXPECT_EQ(lookup.card()->verdict.status, CoverageStatus::manufacturer);
  RepairFlow repair(*services);
  repair.serial_input = lookup.serial_for_repair();
  repair.submit_serial();
  EXPECT_EQ(repair.step(), RepairFlow::Step::coverage);
  lookup.serial_input = "nope";
  lookup.submit();
  EXPECT_FALSE(lookup.card());
  EXPECT_EQ(lookup.error()->kind, ErrorKind::not_found);
}

TEST_F(Flows, TrackByCodeOrByScanningTheReceiptQr) {
  Case c = *cases->open_repair(repair_draft("SN-NEW"), "kiosk");
  TrackFlow by_code(*services);
  std::string typed = c.code;
  std::erase(typed, '-');
  by_code.input = typed;
  by_code.submit(Language::es);
  ASSERT_TRUE(by_code.status()) << by_code.error()->message;
  EXPECT_EQ(by_code.status()->status, "Recibido");
  TrackFlow by_qr(*services);
  by_qr.input = "HTTPS://SERVICE.EXAMPLE.COM/S/" + c.token + "\r";
  by_qr.submit(Language::en);
  ASSERT_TRUE(by_qr.status());
  EXPECT_EQ(by_qr.status()->code, c.code);
  TrackFlow wrong(*services);
  wrong.input = "R7K-4PQ";
  wrong.submit(Language::en);
  EXPECT_FALSE(wrong.status());
  EXPECT_EQ(wrong.error()->field, "code");
}

TEST(ScanInput, StatusLinksAndScannerNoise) {
  std::string token = "0123456789ABCDEFGHJKMNPQRS";
  EXPECT_EQ(parse_status_link("https://store.example/s/" + token)->token, token);
  EXPECT_EQ(parse_status_link("HTTPS://STORE.EXAMPLE/S/" + token + "?lang=es")->token, token);
  EXPECT_EQ(parse_status_link("https://x/service/s/0123456789abcdefghjkmnpqrs")->token, token);
  EXPECT_FALSE(parse_status_link("https://x/s/short"));
  EXPECT_FALSE(parse_status_link("R7K-4PQ-92X"));
  EXPECT_EQ(clean_scan("\x1d 12345 \r\n"), "12345");
}

TEST(Inactivity, CountsDownThenExpires) {
  InactivityTimer timer(std::chrono::seconds(60), std::chrono::seconds(30));
  auto t0 = InactivityTimer::Clock::now();
  timer.touched(t0);
  EXPECT_EQ(timer.phase(t0 + std::chrono::seconds(59)), InactivityTimer::Phase::active);
  EXPECT_EQ(timer.next_wake(t0), t0 + std::chrono::seconds(60));
  EXPECT_EQ(timer.phase(t0 + std::chrono::seconds(60)), InactivityTimer::Phase::warning);
  EXPECT_EQ(timer.seconds_left(t0 + std::chrono::milliseconds(60500)), 30);
  EXPECT_EQ(timer.phase(t0 + std::chrono::seconds(90)), InactivityTimer::Phase::expired);
  timer.touched(t0 + std::chrono::seconds(75));  // "I'm still here"
  EXPECT_EQ(timer.phase(t0 + std::chrono::seconds(90)), InactivityTimer::Phase::active);
}

}  // namespace
}  // namespace aftersales::kiosk
