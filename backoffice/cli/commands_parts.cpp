// parts import | list | use | put-back | order | arrived | cancel-order: the store's parts list, and the parts of a
// repair.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli_context.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "core/present/json_views.h"
#include "core/services/case_service.h"
#include "core/services/parts_service.h"

namespace aftersales::cli {
namespace {

struct PartsSession {
  const Config& config;
  Database& db;
  CaseService cases;
  PartsService parts;
};

Result<std::unique_ptr<PartsSession>> open_parts(CliContext& ctx) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  return std::make_unique<PartsSession>(PartsSession{**config, **db, CaseService(**db, **config), PartsService(**db)});
}

nlohmann::json part_json(const Part& p) {
  return {{"sku", p.sku},
          {"name", p.name},
          {"cost_cents", p.cost_cents},
          {"price_cents", p.price_cents},
          {"stock", p.stock},
          {"low_at", p.low_at},
          {"low", p.low()},
          {"supplier", p.supplier}};
}

nlohmann::json order_json(const PartOrder& o) {
  return {{"case", o.case_code},
          {"sku", o.sku},
          {"part", o.part_name},
          {"quantity", o.quantity},
          {"supplier", o.supplier},
          {"reference", o.reference},
          {"expected_on", format_date(o.expected_on)},
          {"ordered_at", format_instant(o.ordered_at)},
          {"arrived_at", o.arrived_at ? nlohmann::json(format_instant(*o.arrived_at)) : nlohmann::json()},
          {"cancelled_at", o.cancelled_at ? nlohmann::json(format_instant(*o.cancelled_at)) : nlohmann::json()},
          {"cancel_reason", o.cancel_reason}};
}

nlohmann::json arrival_json(const PartArrival& a) {
  nlohmann::json json = order_json(a.order);
  json["arrived_quantity"] = a.quantity;
  json["moved_on"] = a.moved_on;
  if (a.repair) json["status"] = to_string(a.repair->status);
  return json;
}

void print_arrival(const PartArrival& a) {
  fmt::print("{} x {} ({}) arrived for {} (order {}); {}\n", a.quantity, a.order.part_name, a.order.sku,
             a.order.case_code, a.order.reference,
             a.moved_on                        ? "the repair goes on to the bench"
             : a.repair && a.repair->is_open() ? "the repair still waits for other parts"
                                               : "the case is closed: the part is on the shelf");
}

void add_parts_import(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand(
      "import", "Import the parts list: sku,name,cost_cents,price_cents[,stock,low_at,supplier] (all rows or none)");
  auto file = std::make_shared<std::string>();
  cmd->add_option("file", *file, "CSV file, or - for standard input")->required();
  ctx.on(cmd, [&ctx, file]() -> Result<void> { return run_csv_import(ctx, ImportKind::parts, *file, "parts"); });
}

void add_parts_list(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("list", "List the parts with their stock");
  auto low = std::make_shared<bool>(false);
  cmd->add_flag("--low", *low, "Only the parts at or below their low mark (low_at)");
  ctx.on(cmd, [&ctx, low]() -> Result<void> {
    auto s = open_parts(ctx);
    if (!s) return std::unexpected(s.error());
    auto parts = (*s)->parts.list(*low);
    if (!parts) return std::unexpected(parts.error());
    nlohmann::json json = nlohmann::json::array();
    for (const auto& p : *parts) json.push_back(part_json(p));
    ctx.print(json, [&] {
      if (parts->empty()) fmt::print("{}\n", *low ? "No part is low" : "No parts yet: import them with `parts import`");
      for (const auto& p : *parts)
        fmt::print("{:<16}  {:<30.30}  stock {:>4}{}  price {:>9}  cost {:>9}  {}\n", p.sku, p.name, p.stock,
                   p.low() ? " LOW" : "    ", format_money(p.price_cents), format_money(p.cost_cents), p.supplier);
    });
    return {};
  });
}

void add_parts_use(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("use", "Take a part from stock for a repair on the bench");
  struct Options {
    std::string code, sku, by = "cli";
    std::int64_t quantity = 1;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("sku", o->sku, "The part's SKU")->required();
  cmd->add_option("--quantity", o->quantity, "How many (default 1)");
  cmd->add_option("--by", o->by, "Who uses it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_parts(ctx);
    if (!s) return std::unexpected(s.error());
    auto c = (*s)->cases.use_part(o->code, o->sku, o->quantity, o->by);
    if (!c) return std::unexpected(c.error());
    auto part = (*s)->parts.find(o->sku);
    if (!part) return std::unexpected(part.error());
    ctx.print({{"code", c->code}, {"sku", part->sku}, {"quantity", o->quantity}, {"stock_left", part->stock}}, [&] {
      fmt::print("{} x {} ({}) used on {}; {} left in stock\n", o->quantity, part->name, part->sku, c->code,
                 part->stock);
    });
    return {};
  });
}

void add_parts_put_back(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("put-back", "Put a part used by mistake back in stock (at most what was used)");
  struct Options {
    std::string code, sku, by = "cli";
    std::int64_t quantity = 1;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("sku", o->sku, "The part's SKU")->required();
  cmd->add_option("--quantity", o->quantity, "How many (default 1)");
  cmd->add_option("--by", o->by, "Who puts it back");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_parts(ctx);
    if (!s) return std::unexpected(s.error());
    auto c = (*s)->cases.put_back_part(o->code, o->sku, o->quantity, o->by);
    if (!c) return std::unexpected(c.error());
    auto part = (*s)->parts.find(o->sku);
    if (!part) return std::unexpected(part.error());
    ctx.print({{"code", c->code}, {"sku", part->sku}, {"quantity", o->quantity}, {"stock", part->stock}}, [&] {
      fmt::print("{} x {} ({}) back in stock from {}; {} in stock\n", o->quantity, part->name, part->sku, c->code,
                 part->stock);
    });
    return {};
  });
}

void add_parts_order(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("order", "Order a part not in stock for a repair; the repair waits for it");
  struct Options {
    std::string code, by = "cli";
    PartOrderDraft draft;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("sku", o->draft.sku, "The part's SKU")->required();
  cmd->add_option("--supplier", o->draft.supplier, "Who it is ordered from (default: the part's supplier)");
  cmd->add_option("--ref", o->draft.reference, "The supplier's order reference")->required();
  cmd->add_option("--expected", o->draft.expected, "The day the supplier promised, YYYY-MM-DD")->required();
  cmd->add_option("--quantity", o->draft.quantity, "How many (default 1)");
  cmd->add_option("--by", o->by, "Who orders it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_parts(ctx);
    if (!s) return std::unexpected(s.error());
    auto order = (*s)->cases.order_part(o->code, o->draft, o->by);
    if (!order) return std::unexpected(order.error());
    auto c = (*s)->cases.find_by_code(order->case_code);
    if (!c) return std::unexpected(c.error());
    Instant now = (*s)->cases.now();
    Date promised = (*s)->config.time_zone.local_date(c->promised_at(now));
    nlohmann::json json = order_json(*order);
    json["promised_date"] = format_date(promised);
    ctx.print(json, [&] {
      fmt::print("Ordered {} x {} ({}) from {}, reference {}, expected {}; {} waits for parts, promised {}\n",
                 order->quantity, order->part_name, order->sku, order->supplier, order->reference,
                 format_date(order->expected_on), c->code, format_date(promised));
    });
    return {};
  });
}

Result<void> print_arrivals_report(CliContext& ctx, const ArrivalsReport& report, const std::string& file) {
  nlohmann::json arrivals = nlohmann::json::array(), errors = nlohmann::json::array();
  for (const auto& a : report.arrivals) arrivals.push_back(arrival_json(a));
  for (const auto& e : report.errors) errors.push_back({{"line", e.line}, {"message", e.message}});
  ctx.print({{"recorded", report.committed()},
             {"rows", report.rows},
             {"arrivals", arrivals},
             {"to_stock", report.to_stock},
             {"errors", errors}},
            [&] {
              if (!report.committed()) {
                for (const auto& e : report.errors) fmt::print(stderr, "{}:{}: {}\n", file, e.line, e.message);
                return;
              }
              for (const auto& a : report.arrivals) print_arrival(a);
              if (report.to_stock > 0) fmt::print("{} part(s) for no waiting order went to stock\n", report.to_stock);
            });
  if (!report.committed())
    return fail(ErrorKind::invalid_input,
                fmt::format("{} bad row{} in {}: nothing was recorded. Fix them and record the file again.",
                            report.errors.size(), report.errors.size() == 1 ? "" : "s", file));
  return {};
}

void add_parts_arrived(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("arrived", "Record ordered parts that came in: one order, or a supplier's CSV");
  struct Options {
    std::string reference, file, by = "cli";
    std::optional<std::int64_t> quantity;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("reference", o->reference, "The order reference");
  cmd->add_option("--quantity", o->quantity, "How many came (default: as ordered)");
  cmd->add_option("--file", o->file, "A supplier's CSV of arrivals: reference,quantity (or sku,quantity)");
  cmd->add_option("--by", o->by, "Who receives them");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    if (o->reference.empty() == o->file.empty())
      return fail(ErrorKind::invalid_input, "Give either an order reference or --file with a CSV of arrivals.",
                  "reference");
    auto s = open_parts(ctx);
    if (!s) return std::unexpected(s.error());
    if (!o->file.empty()) {
      std::ifstream stream;
      if (o->file != "-") {
        stream.open(o->file, std::ios::binary);
        if (!stream) return fail(ErrorKind::io, fmt::format("Cannot read {}", o->file));
      }
      auto report = (*s)->cases.record_part_arrivals(o->file == "-" ? std::cin : stream, o->by);
      if (!report) return std::unexpected(report.error());
      return print_arrivals_report(ctx, *report, o->file);
    }
    auto arrival = (*s)->cases.record_part_arrival(o->reference, o->quantity, o->by);
    if (!arrival) return std::unexpected(arrival.error());
    ctx.print(arrival_json(*arrival), [&] { print_arrival(*arrival); });
    return {};
  });
}

void add_parts_cancel_order(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("cancel-order",
                                    "Cancel a part order that will not come; the repair no longer waits "
                                    "for it");
  struct Options {
    std::string reference, reason, by = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("reference", o->reference, "The order reference")->required();
  cmd->add_option("--reason", o->reason, "Why: the supplier cannot deliver, the customer changed their mind...")
      ->required();
  cmd->add_option("--by", o->by, "Who cancels it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_parts(ctx);
    if (!s) return std::unexpected(s.error());
    auto order = (*s)->cases.cancel_part_order(o->reference, o->reason, o->by);
    if (!order) return std::unexpected(order.error());
    auto c = (*s)->cases.find_by_code(order->case_code);
    if (!c) return std::unexpected(c.error());
    Date promised = (*s)->config.time_zone.local_date(c->promised_at((*s)->cases.now()));
    nlohmann::json json = order_json(*order);
    json["status"] = to_string(c->status);
    json["promised_date"] = format_date(promised);
    ctx.print(json, [&] {
      fmt::print("Cancelled the order {} ({} x {}) for {}; the repair is {}, promised {}\n", order->reference,
                 order->quantity, order->part_name, c->code, to_string(c->status), format_date(promised));
      if (c->status == CaseStatus::awaiting_parts && c->paused_since)
        fmt::print("It waits for parts with no order: order again (parts order {} SKU ...) or move it on.\n", c->code);
    });
    return {};
  });
}

}  // namespace

void add_parts_commands(CLI::App& app, CliContext& ctx) {
  auto* parts = app.add_subcommand("parts", "The parts list and its stock; parts used, ordered and arrived");
  parts->require_subcommand(1);
  add_parts_import(*parts, ctx);
  add_parts_list(*parts, ctx);
  add_parts_use(*parts, ctx);
  add_parts_put_back(*parts, ctx);
  add_parts_order(*parts, ctx);
  add_parts_arrived(*parts, ctx);
  add_parts_cancel_order(*parts, ctx);
}

}  // namespace aftersales::cli
