// Kiosk flows driven as a shopper would, without a window: every step, Back, and every refusal.
#include <gtest/gtest.h>

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
  flow.submit_problem();
  EXPECT_EQ(flow.error()->field, "problem_category");
  flow.problem_category = "Screen";
  flow.problem_text = "It flickers";
  flow.submit_problem();
  flow.submit_accessories();
  EXPECT_EQ(flow.error()->field, "condition");  // the checklist may not be skipped
  flow.accessories_left = {"Charger", "Case"};
  flow.visible_condition = {"Scratches"};
  flow.submit_accessories();
  flow.submit_contact();
  EXPECT_EQ(flow.error()->field, "name");
  flow.contact = {"Ana García", "+34 600 111 222", "", true};
  flow.submit_contact();
  ASSERT_EQ(flow.step(), RepairFlow::Step::signature);
  flow.signature.begin_stroke();
  flow.signature.add_point(10, 10);  // a tap is not a signature
  flow.submit_signature();
  EXPECT_EQ(flow.error()->field, "signature");
  flow.signature.clear();
  sign(flow.signature);
  flow.submit_signature();
  ASSERT_EQ(flow.step(), RepairFlow::Step::review);
  EXPECT_EQ(flow.promised_at(), now + std::chrono::days{config.turnaround.repair_in_warranty_days});
  flow.confirm();
  ASSERT_EQ(flow.step(), RepairFlow::Step::done) << flow.error()->message;
  Case stored = *cases->find_by_code(flow.opened()->code);
  EXPECT_EQ(stored.accessories, "Charger, Case");
  EXPECT_EQ(stored.condition_notes, "Scratches");
  EXPECT_EQ(stored.problem_category, "Screen");
  EXPECT_TRUE(stored.notify_consent);
  EXPECT_EQ(stored.signature_strokes.substr(0, 7), "100,500");
}

TEST_F(Flows, RepairOutOfWarrantyNeedsTheFeeAndUnknownSerialsAProduct) {
  RepairFlow old_tv(*services);
  old_tv.serial_input = "SN-OLDTV";
  old_tv.submit_serial();
  ASSERT_EQ(old_tv.step(), RepairFlow::Step::coverage);
  EXPECT_TRUE(old_tv.needs_fee());
  old_tv.accept_coverage(false);
  EXPECT_EQ(old_tv.error()->field, "diagnostic_fee");
  EXPECT_NE(old_tv.error()->message.find("25.00"), std::string::npos);
  old_tv.accept_coverage(true);
  EXPECT_EQ(old_tv.step(), RepairFlow::Step::problem);

  RepairFlow elsewhere(*services);
  elsewhere.serial_input = "XYZ-FROM-ANOTHER-SHOP";
  elsewhere.submit_serial();
  ASSERT_EQ(elsewhere.step(), RepairFlow::Step::coverage);
  EXPECT_FALSE(elsewhere.coverage());
  elsewhere.accept_coverage(true);
  EXPECT_EQ(elsewhere.error()->field, "product");
  elsewhere.product_description = "Old radio";
  elsewhere.accept_coverage(true);
  EXPECT_EQ(elsewhere.step(), RepairFlow::Step::problem);
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
