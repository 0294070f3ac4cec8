#include "core/notify/outbox.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

#include "core/base/sigpipe_guard.h"
#include "core/base/text.h"
#include "core/base/translation.h"
#include "core/domain/status_clock.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

std::string first_name(const std::string& full) {
  std::string name = trim(full);
  return name.substr(0, name.find(' '));
}

struct Notice {
  std::string subject;
  std::string text;  // one or two sentences; the status link follows
};

std::optional<Notice> notice_for(const Case& c, CaseStatus to, Language lang) {
  switch (to) {
    case CaseStatus::awaiting_approval:
      return Notice{trf(lang, "Your repair {}: an estimate to approve", c.code),
                    trf(lang,
                        "We have checked your {} and the repair needs your approval. See the estimate and "
                        "approve or decline it here:",
                        c.product_name)};
    case CaseStatus::ready_for_pickup:
      return Notice{trf(lang, "Your {} is ready for pickup ({})", c.product_name, c.code),
                    trf(lang, "Your {} is ready. Bring your receipt to the service counter to collect it. Details:",
                        c.product_name)};
    case CaseStatus::approved:
      return Notice{trf(lang, "Your return {} is approved", c.code),
                    trf(lang, "Your return of {} is approved. Details:", c.product_name)};
    case CaseStatus::rejected:
      return Notice{
          trf(lang, "Your return {}: our decision", c.code),
          trf(lang, "We could not accept the return of {}. The reason and what you can do are here:", c.product_name)};
    default: return std::nullopt;
  }
}

OutboxMessage read_message(const Statement& s) {
  OutboxMessage m;
  m.id = s.get_int(0);
  m.case_id = s.get_int(1);
  m.channel = s.get_text(2);
  m.recipient = s.get_text(3);
  m.subject = s.get_text(4);
  m.body = s.get_text(5);
  m.created_at = parse_instant(s.get_text(6)).value_or(Instant{});
  m.attempts = static_cast<int>(s.get_int(7));
  m.next_attempt_at = parse_instant(s.get_text(8)).value_or(Instant{});
  if (auto sent = s.get_optional_text(9)) m.sent_at = parse_instant(*sent);
  m.last_error = s.get_optional_text(10);
  m.attachment_name = s.get_text(11);
  if (!s.is_null(12)) m.attachment = s.get_blob(12);
  return m;
}

// Lists read what a message is; only the sender reads its attachment (kSelectToSend), which can
// be a receipt's PNG: the back office lists a case's messages on every refresh.
constexpr const char* kSelect =
    "SELECT id, case_id, channel, recipient, subject, body, created_at, attempts, next_attempt_at, sent_at, "
    "last_error, attachment_name, NULL FROM outbox";
constexpr const char* kSelectToSend =
    "SELECT id, case_id, channel, recipient, subject, body, created_at, attempts, next_attempt_at, sent_at, "
    "last_error, attachment_name, attachment FROM outbox";

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// RFC 2045: base64 in lines of at most 76 characters.
std::string base64_lines(std::string_view bytes) {
  std::string encoded = base64(bytes), out;
  for (std::size_t at = 0; at < encoded.size(); at += 76) out += encoded.substr(at, 76) + "\n";
  return out;
}

// RFC 2047: a header with words outside ASCII ("Votre réparation") as encoded words of at most 75
// characters, each holding whole UTF-8 characters, on folded lines.
// A header's text on one line: a line break or other control character in it (a product name from
// an imported file) would start a header of its own.
std::string header_text(std::string_view raw) {
  std::string line(raw);
  std::ranges::replace_if(
      line, [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; }, ' ');
  std::string_view text = line;
  bool ascii = std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (ascii) return line;
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.size(), at + 39);  // 52 characters of base64: a folded line stays under 76
    while (end > at + 1 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?" + base64(text.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string email_for_command(const OutboxMessage& m) {
  std::string head = fmt::format("To: {}\nSubject: {}\nMIME-Version: 1.0\n", m.recipient, header_text(m.subject));
  constexpr std::string_view kText = "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n";
  if (m.attachment_name.empty()) return fmt::format("{}{}\n{}\n", head, kText, m.body);
  // The boundary holds "=_", which neither base64 nor a message's words contain.
  constexpr std::string_view kBoundary = "=_aftersales_part_=";
  return fmt::format(
      "{0}Content-Type: multipart/mixed; boundary=\"{1}\"\nContent-Transfer-Encoding: "
      "8bit\n\n--{1}\n{2}\n{3}\n--{1}\nContent-Type: image/png; "
      "name=\"{4}\"\nContent-Disposition: attachment; filename=\"{4}\"\nContent-Transfer-Encoding: "
      "base64\n\n{5}--{1}--\n",
      head, kBoundary, kText, m.body, m.attachment_name, base64_lines(m.attachment));
}

// Runs `command` through /bin/sh with `input` on its stdin; ok when it exits 0 within the timeout.
Result<void> run_command(const std::string& command, const std::string& input, const OutboxMessage& m, int timeout_s) {
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return fail(ErrorKind::io, "cannot create a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  std::vector<std::string> env_text = {"AFTERSALES_TO=" + m.recipient, "AFTERSALES_CHANNEL=" + m.channel};
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  for (char** e = environ; *e; ++e) env.push_back(*e);
  env.push_back(nullptr);
  std::string shell = "/bin/sh", dash_c = "-c", cmd = command;
  char* argv[] = {shell.data(), dash_c.data(), cmd.data(), nullptr};
  pid_t pid = -1;
  int spawned = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  if (spawned != 0) {
    ::close(in[1]);
    return fail(ErrorKind::io, "cannot start /bin/sh");
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  {
    // A message larger than the pipe (an e-mail with a receipt attached) is written as the command
    // reads it, within the same timeout: a command that never reads cannot hold the sender.
    SigpipeGuard guard;
    ::fcntl(in[1], F_SETFL, ::fcntl(in[1], F_GETFL) | O_NONBLOCK);
    std::size_t written = 0;
    while (written < input.size()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd ready{in[1], POLLOUT, 0};
      if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) == 0)
        break;  // the wait below kills it
      ssize_t n = ::write(in[1], input.data() + written, input.size() - written);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) break;  // the command stopped reading: its exit status says whether it worked
      written += static_cast<std::size_t>(n);
    }
    ::close(in[1]);
  }
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return fail(ErrorKind::io, fmt::format("the command took longer than {} s", timeout_s));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return fail(ErrorKind::io, WIFEXITED(status) ? fmt::format("the command exited with status {}", WEXITSTATUS(status))
                                               : std::string("the command was killed by a signal"));
}

}  // namespace

std::string message_for_command(const OutboxMessage& m) {
  if (m.channel == "email") return email_for_command(m);
  return m.body + "\n";
}

bool notifies_customer(CaseKind kind, CaseStatus to) {
  if (kind == CaseKind::repair) return to == CaseStatus::awaiting_approval || to == CaseStatus::ready_for_pickup;
  return to == CaseStatus::approved || to == CaseStatus::rejected;
}

namespace {

// Consent, then a way to reach them: e-mail first.
NoticePlan plan_contact(const Case& c) {
  NoticePlan plan;
  plan.skip = NoticeSkip::no_consent;
  if (!c.notify_consent) return plan;
  plan.skip = NoticeSkip::no_contact;
  plan.channel = !c.customer_email.empty() ? "email" : (!c.customer_phone.empty() ? "sms" : "");
  if (plan.channel.empty()) return plan;
  plan.skip = NoticeSkip::none;
  plan.recipient = plan.channel == "email" ? c.customer_email : c.customer_phone;
  return plan;
}

// The words of a message on `channel`: an e-mail greets the customer and signs with the store; an
// SMS is one line that says who it is from.
std::string message_body(const Config& config, const Case& c, std::string_view channel, std::string_view text,
                         Language lang) {
  std::string url = config.status_url(c.token);
  if (channel != "email") return fmt::format("{}: {} {}", config.store.name, text, url);
  std::string first = first_name(c.customer_name);
  std::string hello = first.empty() ? std::string(tr(lang, "Hello,")) : trf(lang, "Hello {},", first);
  return fmt::format("{}\n\n{}\n\n{}\n\n{}\n{}\n", hello, text, url, config.store.name, config.store.phone);
}

struct Attachment {
  std::string name;
  std::string_view bytes;
};

void insert_message(Database& db, const Case& c, std::string_view channel, std::string_view recipient,
                    std::string_view subject, std::string_view body, Instant now, const Attachment& attachment = {}) {
  std::string created = format_instant(now);
  Statement insert = db.prepare(
      "INSERT INTO outbox (case_id, channel, recipient, subject, body, created_at, next_attempt_at, attachment_name, "
      "attachment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)");
  insert.bind_all(c.id, channel, recipient, subject, body, created, attachment.name);
  if (attachment.name.empty())
    insert.bind(8, std::nullopt);
  else
    insert.bind_blob(8, attachment.bytes);
  insert.run();
}

void queue_notice(Database& db, const Config& config, const Case& c, const NoticePlan& plan, const Notice& notice,
                  Language lang, Instant now) {
  insert_message(db, c, plan.channel, plan.recipient, notice.subject,
                 message_body(config, c, plan.channel, notice.text, lang), now);
}

}  // namespace

NoticePlan plan_customer_notice(const Case& c, CaseStatus to) {
  if (!notifies_customer(c.kind, to)) return NoticePlan{};
  return plan_contact(c);
}

void queue_customer_notice(Database& db, const Config& config, const Case& c, CaseStatus to, Instant now) {
  NoticePlan plan = plan_customer_notice(c, to);
  if (!plan.queued()) return;
  Language lang = customer_language(c, config.kiosk.default_language);
  auto notice = notice_for(c, to, lang);
  if (!notice) return;
  queue_notice(db, config, c, plan, *notice, lang, now);
}

void queue_transfer_notice(Database& db, const Config& config, const Case& c, std::string_view store, Instant now) {
  NoticePlan plan = plan_contact(c);
  if (!plan.queued()) return;
  Language lang = customer_language(c, config.kiosk.default_language);
  Notice notice{trf(lang, "Your repair {} is now at our store {}", c.code, store),
                trf(lang, "Your {} has moved to our store {}, where we carry on with the repair. Follow it here:",
                    c.product_name, store)};
  queue_notice(db, config, c, plan, notice, lang, now);
}

void queue_part_arrived_notice(Database& db, const Config& config, const Case& c, std::string_view part, Instant now) {
  NoticePlan plan = plan_contact(c);
  if (!plan.queued()) return;
  Language lang = customer_language(c, config.kiosk.default_language);
  Notice notice{trf(lang, "The part for your repair {} has arrived", c.code),
                trf(lang, "The {} we ordered for your {} has arrived; the repair carries on. Follow it here:", part,
                    c.product_name)};
  queue_notice(db, config, c, plan, notice, lang, now);
}

NoticePlan queue_reminder_notice(Database& db, const Config& config, const Case& c, Instant now) {
  if (!reminds_customer(c.status)) return NoticePlan{};
  NoticePlan plan = plan_contact(c);
  if (!plan.queued()) return plan;
  Language lang = customer_language(c, config.kiosk.default_language);
  Notice notice =
      c.status == CaseStatus::awaiting_approval
          ? Notice{trf(lang, "Reminder: your estimate for {} is waiting for your answer", c.code),
                   trf(lang,
                       "Your estimate is waiting for your answer. See it and approve or decline the repair of "
                       "your {} here:",
                       c.product_name)}
          : Notice{trf(lang, "Reminder: your {} is ready to collect ({})", c.product_name, c.code),
                   trf(lang,
                       "Your repair is ready to collect. Bring your receipt to the service counter for your {}. "
                       "Details:",
                       c.product_name)};
  queue_notice(db, config, c, plan, notice, lang, now);
  return plan;
}

Result<void> queue_receipt_message(Database& db, const Config& config, const Case& c, std::string_view channel,
                                   const ReceiptMessage& receipt, Language language, Instant now) {
  const std::string& recipient = channel == "email" ? c.customer_email : c.customer_phone;
  if ((channel != "email" && channel != "sms") || recipient.empty())
    return fail(ErrorKind::invalid_input,
                fmt::format("{} has no {} to send the receipt to.", c.code, channel == "email" ? "e-mail" : "phone"),
                "channel");
  Attachment attachment;
  if (channel == "email" && !receipt.png.empty()) attachment = {fmt::format("receipt-{}.png", c.code), receipt.png};
  insert_message(db, c, channel, recipient, receipt.subject, message_body(config, c, channel, receipt.text, language),
                 now, attachment);
  return {};
}

std::chrono::seconds retry_delay(int failures) {
  using namespace std::chrono_literals;
  switch (failures) {
    case 0:
    case 1: return 60s;
    case 2: return 5min;
    case 3: return 30min;
    case 4: return 2h;
    default: return 6h;
  }
}

Result<std::vector<OutboxMessage>> Outbox::due(Instant now, int limit) {
  return storage_guard<std::vector<OutboxMessage>>([&]() -> Result<std::vector<OutboxMessage>> {
    std::string at = format_instant(now);
    auto s = db_.prepare(std::string(kSelect) +
                         " WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2");
    s.bind_all(at, limit);
    std::vector<OutboxMessage> out;
    while (s.step()) out.push_back(read_message(s));
    return out;
  });
}

Result<std::vector<OutboxMessage>> Outbox::claim(Instant now, std::chrono::seconds lease,
                                                 const std::vector<std::string>& channels, int limit) {
  if (channels.empty()) return std::vector<OutboxMessage>{};
  return storage_guard<std::vector<OutboxMessage>>([&]() -> Result<std::vector<OutboxMessage>> {
    std::string at = format_instant(now), until = format_instant(now + lease);
    // Row locks, not SERIALIZABLE: two senders' claims would conflict over the index they both
    // read, while SKIP LOCKED hands each one rows the other is not taking.
    WriteTransaction tx(db_, WriteIsolation::row_locks);
    std::vector<OutboxMessage> due;
    {
      auto s = db_.prepare(std::string(kSelectToSend) +
                           " WHERE sent_at IS NULL AND next_attempt_at <= ?1 AND channel IN (?2, ?3)"
                           " ORDER BY next_attempt_at, id LIMIT ?4" +
                           (db_.backend() == Backend::postgresql ? " FOR UPDATE SKIP LOCKED" : ""));
      s.bind_all(at, channels.front(), channels.back(), limit);
      while (s.step()) due.push_back(read_message(s));
    }
    std::vector<OutboxMessage> claimed;
    for (OutboxMessage& m : due) {
      // Only a message still unsent and due: what another sender took in the meantime stays its.
      int changed = db_.prepare(
                           "UPDATE outbox SET next_attempt_at = ?1 WHERE id = ?2 AND sent_at IS NULL AND "
                           "next_attempt_at <= ?3")
                        .bind_all(until, m.id, at)
                        .run();
      if (changed == 1) claimed.push_back(std::move(m));
    }
    tx.commit();
    return claimed;
  });
}

Result<std::vector<OutboxMessage>> Outbox::for_case(std::int64_t case_id) {
  return storage_guard<std::vector<OutboxMessage>>([&]() -> Result<std::vector<OutboxMessage>> {
    auto s = db_.prepare(std::string(kSelect) + " WHERE case_id = ?1 ORDER BY id");
    s.bind_all(case_id);
    std::vector<OutboxMessage> out;
    while (s.step()) out.push_back(read_message(s));
    return out;
  });
}

Result<void> Outbox::mark_sent(std::int64_t id, Instant now) {
  return storage_guard<void>([&]() -> Result<void> {
    // One UPDATE whose WHERE keeps its rule (a message is marked sent once): no need to run it as
    // if alone, and another sender's claims then never make it start over.
    WriteTransaction tx(db_, WriteIsolation::row_locks);
    std::string at = format_instant(now);
    db_.prepare(
           "UPDATE outbox SET sent_at = ?1, attempts = attempts + 1, last_error = NULL WHERE id = ?2 AND sent_at IS "
           "NULL")
        .bind_all(at, id)
        .run();
    tx.commit();
    return {};
  });
}

Result<void> Outbox::mark_failed(std::int64_t id, const std::string& error, Instant now) {
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    auto count = db_.prepare("SELECT attempts FROM outbox WHERE id = ?1");
    count.bind_all(id);
    int failures = count.step() ? static_cast<int>(count.get_int(0)) + 1 : 1;
    std::string next = format_instant(now + retry_delay(failures));
    db_.prepare("UPDATE outbox SET attempts = ?1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?4")
        .bind_all(failures, next, error, id)
        .run();
    tx.commit();
    return {};
  });
}

std::chrono::seconds claim_lease(int command_timeout_s) {
  using namespace std::chrono_literals;
  return std::chrono::seconds(command_timeout_s) + 5min;
}

Result<SendReport> send_due(Outbox& outbox, const NotificationSettings& settings, Instant now) {
  constexpr int kMessagesPerRound = 50;
  std::vector<std::string> channels;  // a channel without a command waits until one is configured
  if (!settings.email_command.empty()) channels.emplace_back("email");
  if (!settings.sms_command.empty()) channels.emplace_back("sms");
  SendReport report;
  if (channels.empty()) return report;
  // One message claimed at a time, so the claim need last only as long as one command may run.
  for (int i = 0; i < kMessagesPerRound; ++i) {
    auto claimed = outbox.claim(now, claim_lease(settings.command_timeout_s), channels);
    if (!claimed) return std::unexpected(claimed.error());
    if (claimed->empty()) break;
    const OutboxMessage& m = claimed->front();
    const std::string& command = m.channel == "email" ? settings.email_command : settings.sms_command;
    auto sent = run_command(command, message_for_command(m), m, settings.command_timeout_s);
    Result<void> recorded = sent ? outbox.mark_sent(m.id, now) : outbox.mark_failed(m.id, sent.error().message, now);
    if (!recorded) return std::unexpected(recorded.error());
    ++(sent ? report.sent : report.failed);
  }
  return report;
}

}  // namespace aftersales
