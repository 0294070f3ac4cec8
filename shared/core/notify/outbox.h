#pragma once
// Customer notifications: when a case reaches a status the customer cares about (an estimate to
// approve, ready for pickup, a return decided), a message goes into the outbox in the same
// transaction as the change. A sender (`aftersales notify`) hands each due message to the command
// set in the config (e-mail: `sendmail -t`; SMS: a gateway's command) and retries failures with a
// growing delay. Nothing is lost while the sender or the mail server is down.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/case.h"

namespace aftersales {

class Database;

struct OutboxMessage {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string channel;  // "email" or "sms"
  std::string recipient;
  std::string subject;
  std::string body;
  Instant created_at;
  int attempts = 0;
  Instant next_attempt_at;
  std::optional<Instant> sent_at;
  std::optional<std::string> last_error;
  std::string attachment_name;  // "receipt-R7K-4PQ-92X.png": an e-mail's one attachment, or none
  std::string attachment;       // its bytes (a PNG)
};

bool notifies_customer(CaseKind kind, CaseStatus to);

// Whether reaching `to` writes a message to the customer, and if not, why not: the back office
// tells the counter what really happened ("Not sent: the customer did not agree to messages").
enum class NoticeSkip { none, not_needed, no_consent, no_contact };
struct NoticePlan {
  NoticeSkip skip = NoticeSkip::not_needed;
  std::string channel;  // "email" or "sms" when a message is written
  std::string recipient;
  bool queued() const { return skip == NoticeSkip::none; }
};
NoticePlan plan_customer_notice(const Case& c, CaseStatus to);
// Called inside the transaction that moved the case to `to`. Writes nothing without the customer's
// consent or a way to reach them, or for a status they need not hear about.
void queue_customer_notice(Database& db, const Config& config, const Case& c, CaseStatus to, Instant now);
// A chain's repair that has reached another store (`store`, the one that has it now: its name, or
// its id): the customer is told where it is, with its link, under the same consent and contact rules.
void queue_transfer_notice(Database& db, const Config& config, const Case& c, std::string_view store, Instant now);

// The part ordered for a repair (`part`: its name) has arrived and the repair carries on: the
// customer is told, with their link, under the same consent and contact rules.
void queue_part_arrived_notice(Database& db, const Config& config, const Case& c, std::string_view part, Instant now);

// A reminder past the limit of a status the customer acts on (status_clock.h, reminds_customer): an
// estimate waiting for their answer, a repair waiting to be collected. The same consent and contact
// rules; the plan says whether a message was written, or why not.
NoticePlan queue_reminder_notice(Database& db, const Config& config, const Case& c, Instant now);

// A receipt the shopper chose to have sent instead of printed (the kiosk's "no paper"): on `channel`
// ("email": the text, the status link and `png`, the receipt as printed, attached; "sms": the text
// and the link) to the case's e-mail or phone, all in `language` (the kiosk's). Asked for by the
// shopper, so not subject to the consent to later messages. Fails when the case has no contact on
// that channel.
struct ReceiptMessage {
  std::string subject;
  std::string text;  // what the receipt is; the status link follows
  std::string png;   // the receipt's image, for an e-mail
};
Result<void> queue_receipt_message(Database& db, const Config& config, const Case& c, std::string_view channel,
                                   const ReceiptMessage& receipt, Language language, Instant now);

// What goes on a sender command's standard input: for an e-mail, a message for `sendmail -t` (its
// subject encoded for non-ASCII words, an attachment as a MIME part in base64); for an SMS, the text.
std::string message_for_command(const OutboxMessage& m);

// The delay before attempt n+1 after n failures: 1 min, 5 min, 30 min, 2 h, then every 6 h.
std::chrono::seconds retry_delay(int failures);

// How long a sender's claim on a message lasts: its command's timeout and five minutes more (for
// the sender to record the outcome, and for clocks that differ between the store's machines). A
// sender that dies mid-send leaves the message to be sent again once the claim has run out.
std::chrono::seconds claim_lease(int command_timeout_s);

class Outbox {
 public:
  explicit Outbox(Database& db) : db_(db) {}
  // What is due to be sent (a look, claiming nothing).
  Result<std::vector<OutboxMessage>> due(Instant now, int limit = 50);
  // Takes up to `limit` due messages on `channels` ("email", "sms") for this sender, so that another
  // sender on the same database (a second back-office PC) skips them: in one short transaction,
  // their next attempt moves `lease` ahead. The command then runs outside any transaction, and
  // mark_sent or mark_failed records the outcome; without one, the message is due again when the
  // lease ends. PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED under READ COMMITTED; SQLite: its one
  // writer at a time. Either way the UPDATE claims only a message still due.
  Result<std::vector<OutboxMessage>> claim(Instant now, std::chrono::seconds lease,
                                           const std::vector<std::string>& channels, int limit = 1);
  Result<std::vector<OutboxMessage>> for_case(std::int64_t case_id);
  Result<void> mark_sent(std::int64_t id, Instant now);
  Result<void> mark_failed(std::int64_t id, const std::string& error, Instant now);

 private:
  Database& db_;
};

struct SendReport {
  int sent = 0;
  int failed = 0;
};

// Delivers the due messages (up to 50 a round) through the configured commands, claiming each one
// before its command runs, so several senders on one database never send a message twice; a
// message whose channel has no command waits. The message goes on the command's standard input (an
// e-mail with To and Subject headers for `sendmail -t`); AFTERSALES_TO and AFTERSALES_CHANNEL are
// set in its environment.
Result<SendReport> send_due(Outbox& outbox, const NotificationSettings& settings, Instant now);

}  // namespace aftersales
