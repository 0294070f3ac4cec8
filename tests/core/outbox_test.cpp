// Customer notifications: written with the status change, delivered by a real command, retried on
// failure, and never lost while nothing can send them.
#include "core/notify/outbox.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <latch>
#include <set>
#include <sstream>
#include <thread>

#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

class Notifications : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    add_sale("1001", at("2026-02-25T10:00:00Z"), {{"PHONE-1", "SN-1"}, {"TV-1", "SN-2"}});
    outbox.emplace(*db);
  }
  Case ready_repair(const RepairDraft& draft) {
    auto c = cases->open_repair(draft, "kiosk");
    EXPECT_TRUE(c) << c.error().message;
    for (CaseStatus s : {CaseStatus::diagnosing, CaseStatus::repairing, CaseStatus::ready_for_pickup})
      EXPECT_TRUE(cases->advance(c->code, s, {"tech", ""}));
    return *cases->find_by_code(c->code);
  }
  std::string read(const std::string& name) {
    std::ifstream in(dir.file(name));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::optional<Outbox> outbox;
};

TEST_F(Notifications, ReadyForPickupQueuesOneEmailWithTheStatusLink) {
  Case c = ready_repair(repair_draft("SN-1"));
  auto messages = outbox->for_case(c.id);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u) << "diagnosing and repairing are not worth a message";
  const OutboxMessage& m = messages->front();
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.recipient, "jane@example.com");
  EXPECT_NE(m.subject.find(c.code), std::string::npos);
  EXPECT_NE(m.body.find("Hello Jane,"), std::string::npos);
  EXPECT_NE(m.body.find(config.status_url(c.token)), std::string::npos);
  EXPECT_EQ(m.body.find("Doe"), std::string::npos) << "first name only";
}

TEST_F(Notifications, OnlyWithConsentAndAWayToReachThem) {
  RepairDraft no_consent = repair_draft("SN-1");
  no_consent.customer.notify_consent = false;
  Case quiet = ready_repair(no_consent);
  EXPECT_TRUE(outbox->for_case(quiet.id)->empty());
  RepairDraft phone_only = repair_draft("SN-2");
  phone_only.customer.email.clear();
  Case texted = ready_repair(phone_only);
  auto messages = outbox->for_case(texted.id);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().channel, "sms");
  EXPECT_EQ(messages->front().recipient, "+34 600 123 456");
}

TEST_F(Notifications, AnEstimateToApproveIsAnnouncedInTheStoresLanguage) {
  config.kiosk.default_language = "es";
  auto c = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(cases->advance(c->code, CaseStatus::diagnosing, {"tech", ""}));
  ASSERT_TRUE(cases->record_estimate(c->code, {{"part", "Screen", 1, 8900}}, "tech"));
  auto messages = outbox->for_case(c->id);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().subject, "Su reparación " + c->code + ": un presupuesto que aprobar");
}

TEST_F(Notifications, TheCustomersOwnLanguageWinsOverTheStores) {
  config.kiosk.default_language = "es";
  RepairDraft in_french = repair_draft("SN-1");
  in_french.customer.language = "FR";
  Case c = ready_repair(in_french);
  EXPECT_EQ(c.customer_language, "fr");
  auto messages = outbox->for_case(c.id);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_NE(messages->front().body.find("Bonjour Jane"), std::string::npos) << messages->front().body;

  RepairDraft unknown = repair_draft("SN-2");
  unknown.customer.language = "klingon";
  auto refused = cases->open_repair(unknown, "kiosk");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "language");
}

TEST_F(Notifications, TheSenderDeliversThroughACommandAndRetriesFailures) {
  Case c = ready_repair(repair_draft("SN-1"));
  NotificationSettings settings;
  // Nothing configured: the message waits.
  auto waiting = send_due(*outbox, settings, now);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->sent + waiting->failed, 0);
  ASSERT_EQ(outbox->due(now)->size(), 1u);

  settings.email_command = "cat > /dev/null; exit 3";  // the mail server is down
  auto failed = send_due(*outbox, settings, now);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->failed, 1);
  auto after = outbox->for_case(c.id)->front();
  EXPECT_EQ(after.attempts, 1);
  EXPECT_NE(after.last_error->find("status 3"), std::string::npos);
  EXPECT_EQ(after.next_attempt_at, now + retry_delay(1));
  EXPECT_TRUE(outbox->due(now)->empty()) << "not retried before its time";

  settings.email_command =
      "cat >> " + dir.file("mail.txt").string() + "; echo \"to=$AFTERSALES_TO\" >> " + dir.file("mail.txt").string();
  Instant later = now + retry_delay(1);
  auto sent = send_due(*outbox, settings, later);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->sent, 1);
  std::string mail = read("mail.txt");
  EXPECT_NE(mail.find("To: jane@example.com\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Your "), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(mail.find(config.status_url(c.token)), std::string::npos);
  EXPECT_NE(mail.find("to=jane@example.com"), std::string::npos);
  auto done = outbox->for_case(c.id)->front();
  EXPECT_EQ(done.sent_at, later);
  EXPECT_EQ(done.attempts, 2);
  EXPECT_TRUE(outbox->due(later + std::chrono::hours(24))->empty()) << "sent once";
}

// A message larger than a pipe holds (an e-mail with a receipt attached), to a command that never
// reads it: the timeout still ends the attempt, so the sender goes on to the next message.
TEST_F(Notifications, ACommandThatNeverReadsAMessageLargerThanAPipeTimesOut) {
  Case c = ready_repair(repair_draft("SN-1"));
  db->exec(fmt::format("UPDATE outbox SET body = '{}' WHERE case_id = {}", std::string(300'000, 'x'), c.id));
  NotificationSettings settings;
  settings.email_command = "sleep 30";
  settings.command_timeout_s = 1;
  auto report = send_due(*outbox, settings, now);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->failed, 1);
  EXPECT_NE(outbox->for_case(c.id)->front().last_error->find("longer than 1 s"), std::string::npos);
}

TEST_F(Notifications, ThePlanSaysWhyNothingIsWrittenAndMatchesTheOutbox) {
  RepairDraft no_consent = repair_draft("SN-1");
  no_consent.customer.notify_consent = false;
  Case quiet = ready_repair(no_consent);
  EXPECT_EQ(plan_customer_notice(quiet, CaseStatus::ready_for_pickup).skip, NoticeSkip::no_consent);
  EXPECT_TRUE(outbox->for_case(quiet.id)->empty());
  EXPECT_EQ(plan_customer_notice(quiet, CaseStatus::repairing).skip, NoticeSkip::not_needed);

  Case told = ready_repair(repair_draft("SN-2"));
  NoticePlan plan = plan_customer_notice(told, CaseStatus::ready_for_pickup);
  EXPECT_TRUE(plan.queued());
  EXPECT_EQ(plan.channel, "email");
  EXPECT_EQ(plan.recipient, "jane@example.com");
  ASSERT_EQ(outbox->for_case(told.id)->size(), 1u);

  Case unreachable = told;
  unreachable.customer_email.clear();
  unreachable.customer_phone.clear();
  EXPECT_EQ(plan_customer_notice(unreachable, CaseStatus::ready_for_pickup).skip, NoticeSkip::no_contact);
  Case by_phone = told;
  by_phone.customer_email.clear();
  EXPECT_EQ(plan_customer_notice(by_phone, CaseStatus::ready_for_pickup).channel, "sms");
}

// A store with two back-office PCs, each running `aftersales notify` on the one database: the two
// senders claim messages before running the command, so each of 50 due messages goes out once.
// Each sender has its own connection and runs rounds until it finds nothing left to claim.
TEST_F(Notifications, TwoSendersAtOnceSendEachMessageExactlyOnce) {
  Case c = ready_repair(repair_draft("SN-1"));  // its e-mail waits: only text messages are configured
  constexpr int kMessages = 50;
  for (int i = 0; i < kMessages; ++i) {
    std::string body = "message-" + std::to_string(i), created = format_instant(now - std::chrono::minutes(i));
    db->prepare(
          "INSERT INTO outbox (case_id, channel, recipient, subject, body, created_at, next_attempt_at) "
          "VALUES (?1, 'sms', '+34 600 123 456', '', ?2, ?3, ?3)")
        .bind_all(c.id, body, created)
        .run();
  }
  NotificationSettings settings;
  settings.sms_command = "cat >> " + dir.file("sent.txt").string();

  constexpr int kSenders = 2;
  std::latch start(kSenders);
  std::vector<int> sent(kSenders, 0), rounds(kSenders, 0);
  std::vector<std::string> errors(kSenders);
  std::vector<std::thread> senders;
  for (int n = 0; n < kSenders; ++n)
    senders.emplace_back([&, n] {
      auto connection = Database::open(where.location());
      if (!connection) {
        errors[n] = connection.error().message;
        start.count_down();
        return;
      }
      Outbox own(*connection);
      start.arrive_and_wait();
      for (;;) {
        auto report = send_due(own, settings, now);
        if (!report) {
          errors[n] = report.error().message;
          return;
        }
        ++rounds[n];
        if (report->sent + report->failed == 0) return;
        sent[n] += report->sent;
      }
    });
  for (auto& t : senders) t.join();
  for (const std::string& e : errors) EXPECT_EQ(e, "");

  std::ifstream in(dir.file("sent.txt"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::set<std::string> distinct(lines.begin(), lines.end());
  EXPECT_EQ(lines.size(), static_cast<std::size_t>(kMessages)) << "a message went out twice, or not at all";
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(sent[0] + sent[1], kMessages) << "sender 1: " << sent[0] << ", sender 2: " << sent[1];
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE channel = 'sms' AND sent_at IS NOT NULL AND attempts = 1"),
            kMessages);
}

// A sender that claimed a message and died before recording the outcome (its PC switched off mid
// send): no other sender takes the message while the claim lasts; once it has run out, the next
// round sends it, and the claim itself counts as no attempt.
TEST_F(Notifications, AClaimThatIsNeverFinishedRunsOutAndTheMessageIsSentLater) {
  Case c = ready_repair(repair_draft("SN-1"));
  NotificationSettings settings;
  settings.email_command = "cat > /dev/null";
  auto lease = claim_lease(settings.command_timeout_s);
  EXPECT_GE(lease, std::chrono::minutes(5));

  auto claimed = outbox->claim(now, lease, {"email"});
  ASSERT_TRUE(claimed) << claimed.error().message;
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_TRUE(outbox->claim(now, lease, {"email"})->empty()) << "claimed once only";
  EXPECT_TRUE(outbox->due(now)->empty());
  EXPECT_EQ(send_due(*outbox, settings, now + lease - std::chrono::seconds(1))->sent, 0) << "the claim still holds";

  auto later = send_due(*outbox, settings, now + lease);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->sent, 1) << "the claim ran out";
  auto done = outbox->for_case(c.id)->front();
  EXPECT_EQ(done.sent_at, now + lease);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_TRUE(outbox->claim(now + std::chrono::hours(24), lease, {"email", "sms"})->empty()) << "sent once";
}

// A receipt the shopper chose to have sent instead of printed ("no paper" at the kiosk).
class ReceiptsByMessage : public Notifications {
 protected:
  // The e-mail as `sendmail -t` gets it: one MIME part's body (after its blank line, up to the boundary).
  static std::string part_after(const std::string& mail, const std::string& header) {
    std::size_t at = mail.find(header);
    if (at == std::string::npos) return {};
    std::size_t start = mail.find("\n\n", at) + 2;
    return mail.substr(start, mail.find("\n--", start) - start);
  }
  static std::string from_base64(const std::string& text) {
    std::string bytes(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(), "\n",
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
      return "not base64";
    bytes.resize(length);
    return bytes;
  }
};

TEST_F(ReceiptsByMessage, AnEmailedReceiptCarriesTheLinkAndTheReceiptAsPrinted) {
  Case c = open_repair_for("SN-1", {"Jane Doe", "", "jane@example.com", false});
  ASSERT_TRUE(cases->send_receipt(c, {"email"}, Language::en));
  auto messages = outbox->for_case(c.id);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u) << "sent though Jane did not agree to later messages: she asked for this one";
  const OutboxMessage& m = messages->front();
  EXPECT_EQ(m.recipient, "jane@example.com");
  EXPECT_NE(m.subject.find(c.code), std::string::npos);
  EXPECT_NE(m.body.find(config.status_url(c.token)), std::string::npos);
  EXPECT_EQ(m.attachment_name, "receipt-" + c.code + ".png");
  EXPECT_TRUE(m.attachment.empty()) << "a list of messages leaves the PNG to the sender";

  NotificationSettings settings;
  settings.email_command = "cat > " + dir.file("mail.eml").string();
  auto sent = send_due(*outbox, settings, cases->now() + std::chrono::minutes(1));
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->sent, 1);
  std::string mail = read("mail.eml");
  EXPECT_NE(mail.find("To: jane@example.com\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: multipart/mixed; boundary="), std::string::npos);
  EXPECT_NE(part_after(mail, "Content-Type: text/plain").find(config.status_url(c.token)), std::string::npos);
  EXPECT_NE(mail.find("filename=\"receipt-" + c.code + ".png\""), std::string::npos);
  std::string png = part_after(mail, "Content-Type: image/png");
  std::string image = from_base64(png);
  EXPECT_GT(image.size(), 1000u);
  EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << "the receipt as printed, whole";
  std::istringstream lines(png);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 76u) << "RFC 2045 line length";
}

TEST_F(ReceiptsByMessage, ATextedReceiptIsItsLinkWithNothingAttached) {
  Case c = open_repair_for("SN-1", {"Jane Doe", "+34 600 123 456", "", false});
  ASSERT_TRUE(cases->send_receipt(c, {"sms"}, Language::en));
  auto messages = outbox->for_case(c.id);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().channel, "sms");
  EXPECT_EQ(messages->front().recipient, "+34 600 123 456");
  EXPECT_NE(messages->front().body.find(config.status_url(c.token)), std::string::npos);
  EXPECT_TRUE(messages->front().attachment_name.empty());
  EXPECT_EQ(message_for_command(messages->front()), messages->front().body + "\n");
}

TEST_F(ReceiptsByMessage, OnlyToTheCasesOwnContactAndAllOrNothing) {
  Case c = open_repair_for("SN-1", {"Jane Doe", "", "jane@example.com", true});
  auto refused = cases->send_receipt(c, {"email", "sms"}, Language::en);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "channel");
  EXPECT_TRUE(outbox->for_case(c.id)->empty()) << "the e-mail is not sent when the SMS cannot be";
  ASSERT_TRUE(cases->send_receipt(c, {"email"}, Language::fr));
  EXPECT_EQ(outbox->for_case(c.id)->size(), 1u);
}

TEST_F(ReceiptsByMessage, ASubjectInAnotherLanguageIsEncodedForEveryMailServer) {
  OutboxMessage m;
  m.channel = "email";
  m.recipient = "jane@example.com";
  m.subject = "Votre ticket : Dépôt pour réparation R7K-4PQ-92X, à récupérer après le diagnostic";
  m.body = "Bonjour,";
  std::string mail = message_for_command(m);
  std::size_t start = mail.find("Subject: ") + 9, end = mail.find("\nMIME-Version");
  std::string subject = mail.substr(start, end - start), decoded;
  for (std::size_t at = 0; (at = subject.find("=?UTF-8?B?", at)) != std::string::npos;) {
    std::size_t stop = subject.find("?=", at + 10);
    decoded += from_base64(subject.substr(at + 10, stop - at - 10));
    EXPECT_LE(stop + 2 - at, 75u) << "an encoded word is at most 75 characters";
    at = stop + 2;
  }
  EXPECT_EQ(decoded, m.subject);
  std::istringstream header_lines(mail.substr(0, mail.find("\n\n")));
  for (std::string line; std::getline(header_lines, line);) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_TRUE(
      std::all_of(subject.begin(), subject.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }))
      << "no raw UTF-8 in the header: " << subject;
  m.subject = "Your repair\r\nBcc: everyone@example.com";
  EXPECT_EQ(message_for_command(m).find("\nBcc:"), std::string::npos) << "a line break cannot add a header";
  m.subject = std::string(100, '\x80');  // not UTF-8 (a product name imported from a broken file): still ends
  EXPECT_NE(message_for_command(m).find("Subject: =?UTF-8?B?"), std::string::npos);
  m.subject = "Your repair R7K-4PQ-92X";
  EXPECT_NE(message_for_command(m).find("Subject: Your repair R7K-4PQ-92X\n"), std::string::npos);
  EXPECT_EQ(message_for_command(m).find("multipart"), std::string::npos) << "a notice with nothing attached is plain";
}

TEST(NotificationRetries, DelaysGrowAndLevelOff) {
  EXPECT_LT(retry_delay(1), retry_delay(2));
  EXPECT_LT(retry_delay(3), retry_delay(4));
  EXPECT_EQ(retry_delay(5), retry_delay(50));
}

}  // namespace
}  // namespace aftersales
