// notify: the notification sender. Delivers due outbox messages through the commands in
// [notifications] every few seconds until SIGTERM/SIGINT, or once with --once (for a timer or cron).
#include <fmt/format.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <memory>

#include "cli_context.h"
#include "core/notify/outbox.h"
#include "core/services/case_service.h"
#include "core/services/case_transfer.h"
#include "core/services/phone_answers.h"
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
      auto report = send_due(outbox, (*config)->notifications, system_now());
      if (!report) return std::unexpected(report.error());
      ctx.print({{"sent", report->sent}, {"failed", report->failed}},
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

}  // namespace aftersales::cli
