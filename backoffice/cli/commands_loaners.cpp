// loaners add | list | retire: the store's loaners; case lend | loaner-back | loaner-waive: a
// loaner with a repair.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/services/case_service.h"

namespace aftersales::cli {
namespace {

struct LoanerSession {
  const Config& config;
  CaseService cases;
};

Result<std::unique_ptr<LoanerSession>> open_loaners(CliContext& ctx) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  return std::make_unique<LoanerSession>(LoanerSession{**config, CaseService(**db, **config)});
}

nlohmann::json loaner_json(const Loaner& l) {
  return {{"tag", l.tag},
          {"description", l.description},
          {"serial", l.serial},
          {"condition", l.condition},
          {"retired", l.retired},
          {"out_with", l.out_with.empty() ? nlohmann::json() : nlohmann::json(l.out_with)},
          {"available", l.available()}};
}

std::string loaner_state(const Loaner& l) {
  if (l.retired) return l.out_with.empty() ? "retired" : "retired, still out with " + l.out_with;
  return l.out_with.empty() ? "available" : "out with " + l.out_with;
}

void add_loaners_add(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("add", "Add a loaner to the store's list");
  auto draft = std::make_shared<LoanerDraft>();
  cmd->add_option("tag", draft->tag, "Its asset tag, e.g. L-07")->required();
  cmd->add_option("description", draft->description, "What it is, e.g. \"iPhone 8, black\"")->required();
  cmd->add_option("--serial", draft->serial, "Its serial number");
  cmd->add_option("--condition", draft->condition, "Its condition, e.g. \"scratch on the back\"");
  ctx.on(cmd, [&ctx, draft]() -> Result<void> {
    auto s = open_loaners(ctx);
    if (!s) return std::unexpected(s.error());
    auto added = (*s)->cases.add_loaner(*draft);
    if (!added) return std::unexpected(added.error());
    ctx.print(loaner_json(*added), [&] { fmt::print("Loaner {} ({}) added\n", added->tag, added->description); });
    return {};
  });
}

void add_loaners_list(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("list", "List the store's loaners and where each is");
  ctx.on(cmd, [&ctx]() -> Result<void> {
    auto s = open_loaners(ctx);
    if (!s) return std::unexpected(s.error());
    auto all = (*s)->cases.loaners();
    if (!all) return std::unexpected(all.error());
    nlohmann::json json = nlohmann::json::array();
    for (const auto& l : *all) json.push_back(loaner_json(l));
    ctx.print(json, [&] {
      if (all->empty()) fmt::print("No loaners yet: `aftersales loaners add TAG DESCRIPTION` adds one.\n");
      for (const auto& l : *all)
        fmt::print("{:<10} {:<30} {}{}\n", l.tag, l.description, loaner_state(l),
                   l.condition.empty() ? "" : "  (" + l.condition + ")");
    });
    return {};
  });
}

void add_loaners_retire(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("retire", "Retire a loaner: it is no longer lent");
  auto tag = std::make_shared<std::string>();
  cmd->add_option("tag", *tag, "Its asset tag")->required();
  ctx.on(cmd, [&ctx, tag]() -> Result<void> {
    auto s = open_loaners(ctx);
    if (!s) return std::unexpected(s.error());
    auto retired = (*s)->cases.retire_loaner(*tag);
    if (!retired) return std::unexpected(retired.error());
    ctx.print(loaner_json(*retired), [&] { fmt::print("Loaner {} retired\n", retired->tag); });
    return {};
  });
}

void add_lend(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("lend", "Lend a loaner with an open repair");
  struct Options {
    std::string code, tag, by = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("tag", o->tag, "The loaner's tag")->required();
  cmd->add_option("--by", o->by, "Who lends it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_loaners(ctx);
    if (!s) return std::unexpected(s.error());
    auto loan = (*s)->cases.lend_loaner(o->code, o->tag, o->by);
    if (!loan) return std::unexpected(loan.error());
    ctx.print(loan_json(*loan), [&] {
      fmt::print("Loaner {} ({}) lent with {}: it comes back at pickup\n", loan->tag, loan->description, o->code);
    });
    return {};
  });
}

void add_loaner_back(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("loaner-back", "The repair's loaner is back");
  struct Options {
    std::string code, condition, by = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("--condition", o->condition, "Its condition as it came back");
  cmd->add_option("--by", o->by, "Who takes it back");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_loaners(ctx);
    if (!s) return std::unexpected(s.error());
    auto loan = (*s)->cases.return_loaner(o->code, o->condition, o->by);
    if (!loan) return std::unexpected(loan.error());
    ctx.print(loan_json(*loan),
              [&] { fmt::print("Loaner {} ({}) back from {}\n", loan->tag, loan->description, o->code); });
    return {};
  });
}

void add_loaner_waive(CLI::App& cases, CliContext& ctx) {
  auto* cmd = cases.add_subcommand("loaner-waive", "A manager records why the repair's loaner is not back");
  struct Options {
    std::string code, reason, by;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("--reason", o->reason, "Why the loaner is not back")->required();
  cmd->add_option("--by", o->by, "The manager's user name")->required();
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_loaners(ctx);
    if (!s) return std::unexpected(s.error());
    auto loan = (*s)->cases.waive_loaner(o->code, o->reason, o->by);
    if (!loan) return std::unexpected(loan.error());
    ctx.print(loan_json(*loan), [&] {
      fmt::print("Loaner {} ({}) not back: {} may be picked up ({}: {})\n", loan->tag, loan->description, o->code,
                 loan->waived_by, loan->waived_reason);
    });
    return {};
  });
}

}  // namespace

nlohmann::json loan_json(const Loan& loan) {
  return {{"tag", loan.tag},
          {"description", loan.description},
          {"lent_at", format_instant(loan.lent_at)},
          {"lent_by", loan.lent_by},
          {"returned_at", loan.returned_at ? nlohmann::json(format_instant(*loan.returned_at)) : nlohmann::json()},
          {"returned_by", loan.returned_by},
          {"return_condition", loan.return_condition},
          {"waived_by", loan.waived_by.empty() ? nlohmann::json() : nlohmann::json(loan.waived_by)},
          {"waived_reason", loan.waived_reason},
          {"blocks_pickup", loan.blocks_pickup()}};
}

void add_loaners_commands(CLI::App& app, CliContext& ctx) {
  auto* loaners = app.add_subcommand("loaners", "The store's loaners: add, list, retire");
  loaners->require_subcommand(1);
  add_loaners_add(*loaners, ctx);
  add_loaners_list(*loaners, ctx);
  add_loaners_retire(*loaners, ctx);
}

void add_case_loaner_commands(CLI::App& cases, CliContext& ctx) {
  add_lend(cases, ctx);
  add_loaner_back(cases, ctx);
  add_loaner_waive(cases, ctx);
}

}  // namespace aftersales::cli
