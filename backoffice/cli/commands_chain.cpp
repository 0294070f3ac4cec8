// chain add-store, chain status: a chain of stores on PostgreSQL's logical replication.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/storage/chain.h"

namespace aftersales::cli {
namespace {

void add_add_store(CLI::App& chain, CliContext& ctx) {
  auto* cmd = chain.add_subcommand(
      "add-store",
      "At headquarters (--db): make STORE_URI's empty database store ID of the chain and replicate both ways");
  auto store_id = std::make_shared<std::string>();
  auto store_uri = std::make_shared<std::string>();
  auto hq_uri = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto phone = std::make_shared<std::string>();
  cmd->add_option("id", *store_id, "The store's id: 2 to 12 letters and digits, e.g. MAD01")->required();
  cmd->add_option("store", *store_uri, "The store's database, as headquarters' server reaches it (postgresql://…)")
      ->required();
  cmd->add_option("--hq-uri-for-store", *hq_uri,
                  "Headquarters' database as the store's server reaches it (default: the --db URI)");
  cmd->add_option("--name", *name,
                  "The store's name for customers, e.g. \"Barcelona Diagonal\" (they read it when a repair moves "
                  "there, and on headquarters' status page); again later to change it");
  cmd->add_option("--phone", *phone, "The store's phone number for customers; again later to change it");
  ctx.on(cmd, [&ctx, store_id, store_uri, hq_uri, name, phone]() -> Result<void> {
    auto hq = ctx.database();
    if (!hq) return std::unexpected(hq.error());
    if (!is_database_uri(*store_uri))
      return fail(ErrorKind::invalid_input, "The store's database must be a postgresql:// URI.", "store");
    auto store = Database::open(*store_uri);
    if (!store) return std::unexpected(store.error());
    AddStoreRequest request{*store_id, *store_uri, hq_uri->empty() ? ctx.database_path().native() : *hq_uri, *name,
                            *phone};
    auto added = add_store(**hq, *store, request);
    if (!added) return std::unexpected(added.error());
    auto id = parse_store_id(*store_id).value_or(*store_id);
    ctx.print({{"store", id},
               {"number", added->number},
               {"registered_now", added->registered_now},
               {"refreshed_now", added->refreshed_now},
               {"store_receives_from_headquarters", true},
               {"headquarters_receives_from_store", true}},
              [&] {
                fmt::print("{} is store {} of the chain{}.\n", id, added->number,
                           added->registered_now ? "" : " (it already was)");
                fmt::print("  headquarters -> {}: catalog and sales{}\n", id,
                           added->store_subscribed_now ? ", replicating from now on" : ", already replicating");
                fmt::print("  {} -> headquarters: cases, events, estimates, notices, feedback{}\n", id,
                           added->headquarters_subscribed_now ? ", replicating from now on" : ", already replicating");
                if (added->refreshed_now)
                  fmt::print("  replication now also carries the tables this version added (transfers)\n");
                fmt::print("Check it with: aftersales --db … chain status\n");
              });
    return {};
  });
}

nlohmann::json to_json(const ReplicationLink& link) {
  nlohmann::json json = {{"peer", link.store_id},
                         {"name", link.subscription},
                         {"direction", link.receiving ? "receiving" : "sending"},
                         {"running", link.running}};
  if (link.contact_age_s) json["last_contact_seconds_ago"] = *link.contact_age_s;
  if (link.receiving) json["tables_copying"] = link.tables_copying;
  if (link.lag_s) json["lag_seconds"] = *link.lag_s;
  if (link.behind_bytes) json["behind_bytes"] = *link.behind_bytes;
  if (link.retained_bytes) json["retained_bytes"] = *link.retained_bytes;
  if (!link.slot_state.empty()) json["slot_state"] = link.slot_state;
  if (link.slot_safe_bytes) json["slot_safe_bytes"] = *link.slot_safe_bytes;
  return json;
}

void print_link(const ReplicationLink& link) {
  if (link.receiving) {
    fmt::print("  from {:<12} {:<8} last contact {}{}\n", link.store_id, link.running ? "running" : "STOPPED",
               link.contact_age_s ? fmt::format("{:.1f} s ago", *link.contact_age_s) : std::string("never"),
               link.tables_copying > 0 ? fmt::format(", first copy of {} table(s) in progress", link.tables_copying)
                                       : std::string());
    return;
  }
  std::string lag = link.lag_s ? fmt::format("lag {:.3f} s", *link.lag_s) : std::string("lag -");
  std::string behind =
      link.behind_bytes ? (*link.behind_bytes <= 0 ? std::string("caught up")
                                                   : fmt::format("{} KB not yet confirmed", *link.behind_bytes / 1024))
                        : std::string("nothing confirmed yet");
  fmt::print("  to   {:<12} {:<8} {}, {}, slot {}\n", link.store_id, link.running ? "running" : "STOPPED", lag, behind,
             link.slot_state.empty() ? "-" : link.slot_state);
}

void add_status(CLI::App& chain, CliContext& ctx) {
  auto* cmd =
      chain.add_subcommand("status", "Where this database stands in the chain: each link's lag and last contact");
  ctx.on(cmd, [&ctx]() -> Result<void> {
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto status = chain_status(**db);
    if (!status) return std::unexpected(status.error());
    nlohmann::json links = nlohmann::json::array();
    for (const auto& link : status->links) links.push_back(to_json(link));
    nlohmann::json json = {{"role", to_string(status->self.role)}, {"links", links}, {"warnings", status->warnings}};
    if (!status->self.store_id.empty()) json["store"] = status->self.store_id;
    if (status->max_slot_wal_keep_bytes) json["max_slot_wal_keep_bytes"] = *status->max_slot_wal_keep_bytes;
    ctx.print(json, [&] {
      switch (status->self.role) {
        case ChainRole::none: fmt::print("{} is not in a chain.\n", (*db)->display_name()); break;
        case ChainRole::headquarters: fmt::print("{}: the chain's headquarters\n", (*db)->display_name()); break;
        case ChainRole::store:
          fmt::print("{}: store {} (number {})\n", (*db)->display_name(), status->self.store_id,
                     status->self.store_number);
          break;
      }
      for (const auto& link : status->links) print_link(link);
      for (const auto& warning : status->warnings) fmt::print("warning: {}\n", warning);
    });
    return {};
  });
}

}  // namespace

void add_chain_commands(CLI::App& app, CliContext& ctx) {
  auto* chain = app.add_subcommand("chain", "A chain of stores on PostgreSQL: add a store, see replication");
  chain->require_subcommand(1);
  add_add_store(*chain, ctx);
  add_status(*chain, ctx);
}

}  // namespace aftersales::cli
