// "Paper optional" at the receipt screen: the receipt printed, or sent instead where the store sends
// receipts and the shopper gave that contact; a repair's bag label prints either way.
#include "receipt_handout.h"

#include <gtest/gtest.h>

#include "core/notify/outbox.h"
#include "core/printing/receipt.h"
#include "support/test_store.h"

namespace aftersales::kiosk {
namespace {

using aftersales::testing::at;

class ReceiptHandoutTest : public aftersales::testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("1001", at("2026-02-25T10:00:00Z"), {{"PHONE-1", "SN-NEW"}});
    warranty.emplace(*db, config);
    returns.emplace(*db, config);
    services.emplace(KioskServices{config, *cases, *warranty, *returns});
  }
  // What each printed document's QR holds: the receipt's is the case's link, the label's its code.
  static std::vector<std::string> qr_payloads(const std::vector<PrintDocument>& documents) {
    std::vector<std::string> payloads;
    for (const PrintDocument& d : documents)
      for (const PrintBlock& b : d.blocks)
        if (const auto* qr = std::get_if<QrBlock>(&b)) payloads.push_back(qr->payload);
    return payloads;
  }
  std::size_t outbox_size(const Case& c) { return Outbox(*db).for_case(c.id)->size(); }

  std::optional<WarrantyService> warranty;
  std::optional<ReturnService> returns;
  std::optional<KioskServices> services;
};

TEST_F(ReceiptHandoutTest, AStoreThatDoesNotSendReceiptsPrintsThemAtOnce) {
  Case c = open_repair_for("SN-NEW", {"Jane Doe", "+34 600 123 456", "jane@example.com", true});
  ReceiptHandout handout(*services, c, Language::en);
  EXPECT_TRUE(handout.channels().empty());
  EXPECT_EQ(qr_payloads(handout.arrival_prints()), (std::vector<std::string>{qr_status_url(config, c.token), c.code}))
      << "the receipt, then the bag label";
  EXPECT_EQ(handout.choice(), ReceiptHandout::Choice::printed);
  EXPECT_TRUE(handout.choose_paper().empty()) << "printed once";
}

TEST_F(ReceiptHandoutTest, NoPaperSendsTheReceiptAndPrintsOnlyTheLabel) {
  config.kiosk.send_receipts_by = {"email", "sms"};
  Case c = open_repair_for("SN-NEW", {"Jane Doe", "", "jane@example.com", false});
  ReceiptHandout handout(*services, c, Language::es);
  EXPECT_EQ(handout.channels(), std::vector<std::string>{"email"}) << "no phone was given";
  EXPECT_EQ(qr_payloads(handout.arrival_prints()), std::vector<std::string>{c.code}) << "the label only";
  EXPECT_EQ(handout.choice(), ReceiptHandout::Choice::undecided);

  ASSERT_TRUE(handout.choose_sent({"email"}));
  EXPECT_EQ(handout.choice(), ReceiptHandout::Choice::sent);
  EXPECT_EQ(handout.sent_to(), std::vector<std::string>{"ja•••@example.com"});
  auto messages = Outbox(*db).for_case(c.id);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().recipient, "jane@example.com");
  EXPECT_EQ(messages->front().attachment_name, "receipt-" + c.code + ".png") << "the receipt as printed";
  EXPECT_TRUE(handout.choose_paper().empty()) << "leaving after sending prints nothing more";
  EXPECT_TRUE(handout.choose_sent({"email"})) << "a second tap";
  EXPECT_EQ(outbox_size(c), 1u) << "sends nothing twice";
}

TEST_F(ReceiptHandoutTest, OnlyAChannelOfferedIsUsedAndLeavingUndecidedPrints) {
  config.kiosk.send_receipts_by = {"sms"};
  Case c = open_repair_for("SN-NEW", {"Jane Doe", "+34 600 123 456", "jane@example.com", true});
  ReceiptHandout handout(*services, c, Language::en);
  EXPECT_EQ(handout.channels(), std::vector<std::string>{"sms"}) << "the store sends no e-mail";
  auto refused = handout.choose_sent({"email"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "channel");
  EXPECT_EQ(outbox_size(c), 0u);
  EXPECT_EQ(handout.choice(), ReceiptHandout::Choice::undecided) << "paper is still there";
  EXPECT_EQ(qr_payloads(handout.choose_paper()), std::vector<std::string>{qr_status_url(config, c.token)});
  EXPECT_EQ(handout.choice(), ReceiptHandout::Choice::printed);
  EXPECT_TRUE(handout.choose_sent({"sms"}));
  EXPECT_EQ(outbox_size(c), 0u) << "printed, so not sent as well";
}

TEST_F(ReceiptHandoutTest, BothChannelsAtOnce) {
  config.kiosk.send_receipts_by = {"email", "sms", "email"};
  Case c = open_repair_for("SN-NEW", {"Jane Doe", "+34 600 123 456", "jane@example.com", false});
  ReceiptHandout handout(*services, c, Language::fr);
  ASSERT_EQ(handout.channels(), (std::vector<std::string>{"email", "sms"}));
  EXPECT_EQ(handout.offered_to(), (std::vector<std::string>{"ja•••@example.com", "••• 456"}));
  ASSERT_TRUE(handout.choose_sent({"email", "sms"}));
  EXPECT_EQ(handout.sent_to(), (std::vector<std::string>{"ja•••@example.com", "••• 456"}));
  EXPECT_EQ(outbox_size(c), 2u);
}

TEST(MaskedContact, ShowsEnoughToRecogniseAndNoMore) {
  EXPECT_EQ(masked_contact("email", "jane@example.com"), "ja•••@example.com");
  EXPECT_EQ(masked_contact("email", "jo@example.com"), "j•••@example.com");
  EXPECT_EQ(masked_contact("email", "é@example.com"), "•••@example.com") << "never half a character";
  EXPECT_EQ(masked_contact("email", "no address"), "•••");
  EXPECT_EQ(masked_contact("sms", "+34 600 123 456"), "••• 456");
  EXPECT_EQ(masked_contact("sms", "123"), "•••");
}

}  // namespace
}  // namespace aftersales::kiosk
