// blocklist add | list | remove: the store's returns blocklist (core/services/return_controls.h);
// case inspect-return | decide-return: a return at the counter, and a manager's approval of one that
// waits for a manager.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/services/case_service.h"
#include "core/services/return_controls.h"

namespace aftersales::cli {
namespace {

nlohmann::json entry_json(const BlocklistEntry& e) {
  auto when = [](const std::optional<Instant>& at) {
    return at ? nlohmann::json(format_instant(*at)) : nlohmann::json();
  };
  return {{"id", e.id},
          {"phone", e.phone},
          {"email", e.email},
          {"reason", e.reason},
          {"added_by", e.added_by},
          {"added_at", format_instant(e.added_at)},
          {"expires_at", when(e.expires_at)},
          {"removed_by", e.removed_by.empty() ? nlohmann::json() : nlohmann::json(e.removed_by)},
          {"removed_at", when(e.removed_at)}};
}

std::string contact_of(const BlocklistEntry& e) {
  return e.phone.empty() ? e.email : "+" + e.phone;
}

Result<Database*> blocklist_database(CliContext& ctx) {
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  return *db;
}

void add_blocklist_add(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("add", "Add a phone or an e-mail whose returns go to a manager");
  auto draft = std::make_shared<BlocklistDraft>();
  auto days = std::make_shared<int>(0);
  auto* phone = cmd->add_option("--phone", draft->phone, "The customer's phone");
  auto* email = cmd->add_option("--email", draft->email, "The customer's e-mail");
  phone->excludes(email);
  cmd->add_option("--reason", draft->reason, "Why (staff read it; the customer never does)")->required();
  auto* for_days = cmd->add_option("--days", *days, "How long it holds (left out: until removed)");
  cmd->add_option("--by", draft->by, "The manager adding it")->required();
  ctx.on(cmd, [&ctx, draft, days, for_days]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = blocklist_database(ctx);
    if (!db) return std::unexpected(db.error());
    if (for_days->count() > 0) draft->days = *days;
    auto added = BlocklistService(**db, (*config)->store.country).add(*draft);
    if (!added) return std::unexpected(added.error());
    ctx.print(entry_json(*added), [&] {
      fmt::print("Blocklist entry {} added: {}{}\n", added->id, contact_of(*added),
                 added->expires_at ? " until " + (*config)->time_zone.format_local(*added->expires_at)
                                   : std::string(" until removed"));
    });
    return {};
  });
}

void add_blocklist_list(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("list", "List the blocklist's entries (expired ones say so)");
  ctx.on(cmd, [&ctx]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = blocklist_database(ctx);
    if (!db) return std::unexpected(db.error());
    auto all = BlocklistService(**db, (*config)->store.country).list();
    if (!all) return std::unexpected(all.error());
    Instant now = system_now();
    nlohmann::json json = nlohmann::json::array();
    for (const auto& e : *all) json.push_back(entry_json(e));
    ctx.print(json, [&] {
      if (all->empty()) fmt::print("The blocklist is empty.\n");
      const auto& zone = (*config)->time_zone;
      for (const auto& e : *all) {
        std::string until = !e.expires_at     ? "until removed"
                            : e.in_force(now) ? "until " + zone.format_local(*e.expires_at)
                                              : "expired " + zone.format_local(*e.expires_at);
        fmt::print("{:<5} {:<32} {}  added {} by {}: {}\n", e.id, contact_of(e), until, zone.format_local(e.added_at),
                   e.added_by, e.reason);
      }
    });
    return {};
  });
}

void add_blocklist_remove(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("remove", "Remove an entry (it stays in the history, with who removed it)");
  auto id = std::make_shared<std::int64_t>(0);
  auto by = std::make_shared<std::string>();
  cmd->add_option("id", *id, "The entry's number, as `blocklist list` shows it")->required();
  cmd->add_option("--by", *by, "The manager removing it")->required();
  ctx.on(cmd, [&ctx, id, by]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = blocklist_database(ctx);
    if (!db) return std::unexpected(db.error());
    auto removed = BlocklistService(**db, (*config)->store.country).remove(*id, *by);
    if (!removed) return std::unexpected(removed.error());
    ctx.print(entry_json(*removed),
              [&] { fmt::print("Blocklist entry {} ({}) removed\n", removed->id, contact_of(*removed)); });
    return {};
  });
}

void add_inspect_return(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("inspect-return", "Receive a return's item and record its condition");
  struct Options {
    std::string code, condition, notes, by;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("--condition", o->condition, "sealed, opened or damaged")
      ->required()
      ->check(CLI::IsMember({"sealed", "opened", "damaged"}));
  cmd->add_option("--notes", o->notes, "What you found");
  cmd->add_option("--by", o->by, "Who inspects it")->required();
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    CaseService cases(**db, **config);
    auto c = cases.inspect_return(o->code, *parse_item_condition(o->condition), o->notes, o->by);
    if (!c) return std::unexpected(c.error());
    ctx.print(nlohmann::json{{"code", c->code}, {"status", to_string(c->status)}},
              [&] { fmt::print("{} received, {}\n", c->code, o->condition); });
    return {};
  });
}

void add_decide_return(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("decide-return", "Approve a received return with an outcome, or reject it");
  struct Options {
    std::string code, outcome, reason, by;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("--outcome", o->outcome, "refund, exchange, store_credit or reject")
      ->required()
      ->check(CLI::IsMember({"refund", "exchange", "store_credit", "reject"}));
  cmd->add_option("--reason", o->reason, "Why (required to reject, for goodwill, and over a manager's hold)");
  cmd->add_option("--by", o->by, "Who decides (a manager for a return that waits for one)")->required();
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    CaseService cases(**db, **config);
    ReturnVerdict verdict{o->outcome == "reject" ? std::nullopt : parse_return_outcome(o->outcome), o->reason};
    auto c = cases.decide_return(o->code, verdict, o->by);
    if (!c) return std::unexpected(c.error());
    ctx.print(nlohmann::json{{"code", c->code}, {"status", to_string(c->status)}, {"resolution", c->resolution}},
              [&] { fmt::print("{} {}: {}\n", c->code, to_string(c->status), c->resolution); });
    return {};
  });
}

}  // namespace

void add_blocklist_commands(CLI::App& app, CliContext& ctx) {
  auto* blocklist = app.add_subcommand("blocklist", "Contacts whose returns go to a manager: add, list, remove");
  blocklist->require_subcommand(1);
  add_blocklist_add(*blocklist, ctx);
  add_blocklist_list(*blocklist, ctx);
  add_blocklist_remove(*blocklist, ctx);
}

void add_case_return_commands(CLI::App& cases, CliContext& ctx) {
  add_inspect_return(cases, ctx);
  add_decide_return(cases, ctx);
}

}  // namespace aftersales::cli
