// notify: the notification sender. Delivers due outbox messages through the commands in
// [notifications] every few seconds until SIGTERM/SIGINT, or once with --once (for a timer or cron).
// Each round first runs the reminders pass (core/services/reminders.h). remind: one pass, for cron.
#include <fmt/format.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <memory>

#include "cli_context.h"
#include "core/notify/outbox.h"
#include "core/present/clock_text.h"
#include "core/services/case_service.h"
#include "core/services/case_transfer.h"
#include "core/services/phone_answers.h"
#include "core/services/reminders.h"
#include "core/storage/chain.h"

namespace aftersales::cli {
namespace {

// At a store of a chain: the phone page's answers that reached headquarters are applied to their
// cases first, so the notices they cause go out in the same round.
Result<AppliedAnswers> apply_phone_answers(Database& db, const Config& config) {
  auto role = storage_guard<ChainRole>([&]() -> Result<ChainRole> { return chain_membership(db).role; });
  if (!role) return std::unexpected(role.error());
  if (*role != ChainRole::store) return AppliedAnswers{};
  CaseService cases(db, config);
  auto applied = PhoneAnswers(db).apply_waiting(cases);
  if (applied && (applied->applied || applied->refused))
    fmt::print("{} answer(s) from the phone page applied, {} no longer possible\n", applied->applied, applied->refused);
  return applied;
}

// At a store of a chain: repairs other stores transferred here are opened as this store's cases,
// so the customer's notice that it arrived goes out in the same round.
Result<AppliedTransfers> receive_transfers(Database& db, const Config& config) {
  CaseService cases(db, config);
  auto received = CaseTransfers(db).apply_waiting(cases);
  if (received && (received->applied || received->refused))
    fmt::print("{} repair(s) transferred from other stores opened here, {} not readable\n", received->applied,
               received->refused);
  return received;
}

// What the notifier does before sending: a failure here never holds the notices back.
void take_in_from_headquarters(Database& db, const Config& config, std::string_view when) {
  if (auto applied = apply_phone_answers(db, config); !applied)
    fmt::print(stderr, "notify: {} ({})\n", applied.error().message, when);
  if (auto received = receive_transfers(db, config); !received)
    fmt::print(stderr, "notify: {} ({})\n", received.error().message, when);
}

std::string_view action_words(const ReminderAction& a) {
  if (a.what == ReminderAction::What::abandoned) return "marked abandoned, for the abandoned-goods process";
  if (a.channel == "email") return "reminded by e-mail";
  if (a.channel == "sms") return "reminded by SMS";
  if (a.not_sent == "no_consent") return "flagged for staff (the customer did not agree to messages)";
  if (a.not_sent == "no_contact") return "flagged for staff (no e-mail or phone for the customer)";
  return "flagged for staff";
}

void print_reminders(const RemindersReport& report, bool dry_run) {
  if (report.at_headquarters) {
    fmt::print("Headquarters: each store reminds its own customers; nothing to do here.\n");
    return;
  }
  for (const ReminderAction& a : report.actions)
    fmt::print("{}{}  {}  {} (limit {}): {}\n", dry_run ? "would be: " : "", a.code, to_string(a.status),
               days_text(a.days), a.limit_days, action_words(a));
}

nlohmann::json reminders_json(const RemindersReport& report) {
  nlohmann::json actions = nlohmann::json::array();
  for (const ReminderAction& a : report.actions)
    actions.push_back({{"code", a.code},
                       {"action", a.what == ReminderAction::What::abandoned ? "marked_abandoned" : "reminder_sent"},
                       {"status", to_string(a.status)},
                       {"days", a.days},
                       {"limit_days", a.limit_days},
                       {"channel", a.channel},
                       {"not_sent", a.not_sent}});
  return {{"at_headquarters", report.at_headquarters}, {"actions", actions}, {"messages", report.messages()}};
}

// Before each round of sending: the cases past their status's limit are reminded, so the
// customers' reminders go out in the same round. A failure never holds the other notices back.
RemindersReport run_reminders(Database& db, const Config& config, std::string_view when, bool quiet) {
  auto report = Reminders(db, config).run();
  if (!report) {
    fmt::print(stderr, "notify: reminders: {} ({})\n", report.error().message, when);
    return {};
  }
  if (!quiet && !report->at_headquarters) print_reminders(*report, false);
  return *report;
}

Result<SendReport> send_once(Outbox& outbox, const Config& config) {
  auto report = send_due(outbox, config.notifications, system_now());
  if (report && (report->sent || report->failed))
    fmt::print("{} sent, {} failed (to retry later)\n", report->sent, report->failed);
  std::fflush(stdout);
  return report;
}

}  // namespace

void add_notify_commands(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("notify", "Send customer notifications from the outbox (retrying failures)");
  auto once = std::make_shared<bool>(false);
  auto interval = std::make_shared<int>(15);
  cmd->add_flag("--once", *once, "Send what is due, then exit");
  cmd->add_option("--interval", *interval, "Seconds between rounds (default 15)")->check(CLI::Range(1, 3600));
  ctx.on(cmd, [&ctx, once, interval]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    Outbox outbox(**db);
    if ((*config)->notifications.email_command.empty() && (*config)->notifications.sms_command.empty())
      fmt::print(stderr, "No [notifications] command is set: messages stay in the outbox until one is.\n");
    if (*once) {
      take_in_from_headquarters(**db, **config, "tried again next time");
      RemindersReport reminded = run_reminders(**db, **config, "tried again next time", ctx.options.json);
      auto report = send_due(outbox, (*config)->notifications, system_now());
      if (!report) return std::unexpected(report.error());
      ctx.print({{"sent", report->sent}, {"failed", report->failed}, {"reminders", reminders_json(reminded)}},
                [&] { fmt::print("{} sent, {} failed (to retry later)\n", report->sent, report->failed); });
      return {};
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    for (;;) {
      take_in_from_headquarters(**db, **config, "trying again next round");
      run_reminders(**db, **config, "trying again next round", false);
      if (auto report = send_once(outbox, **config); !report)
        fmt::print(stderr, "notify: {} (trying again next round)\n", report.error().message);
      timespec wait{*interval, 0};
      int signal = sigtimedwait(&stop, nullptr, &wait);
      if (signal == SIGTERM || signal == SIGINT) {
        fmt::print(stderr, "Stopping on {}\n", signal == SIGTERM ? "SIGTERM" : "SIGINT");
        return {};
      }
    }
  });
}

void add_remind_commands(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "remind", "Remind the cases past their status's limit ([reminders], [pickup]) once, then exit (for cron)");
  auto dry_run = std::make_shared<bool>(false);
  cmd->add_flag("--dry-run", *dry_run, "Say what would be done, and change nothing");
  ctx.on(cmd, [&ctx, dry_run]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto report = Reminders(**db, **config).run(*dry_run);
    if (!report) return std::unexpected(report.error());
    ctx.print(reminders_json(*report), [&] {
      print_reminders(*report, *dry_run);
      if (!report->at_headquarters)
        fmt::print("{} reminder(s) and abandonment(s){}, {} message(s) to customers\n", report->actions.size(),
                   *dry_run ? " due (dry run: nothing changed)" : "", report->messages());
    });
    return {};
  });
}

}  // namespace aftersales::cli
