// warranty, return-check, history: what the counter asks about an item before opening a case.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/base/text.h"
#include "core/present/json_views.h"
#include "core/services/device_history.h"
#include "core/services/return_service.h"
#include "core/services/warranty_service.h"

namespace aftersales::cli {
namespace {

std::string period_text(const CoveragePeriod& period) {
  if (period.lifetime) return "lifetime";
  return period.end ? format_date(*period.end) : "none";
}

void print_warranty(const WarrantyInfo& info) {
  const CoverageVerdict& v = info.verdict;
  fmt::print("{}  serial {}\n", info.line.product.display_name(), info.serial);
  if (info.original_serial != info.serial)
    fmt::print("  replaces serial {} (coverage carried over)\n", info.original_serial);
  fmt::print("  bought {} on receipt {}\n", format_date(info.purchase_date), info.line.receipt_number);
  fmt::print("  manufacturer warranty: {}\n",
             v.manufacturer.lifetime ? std::string("lifetime") : "until " + period_text(v.manufacturer));
  if (v.plan && info.line.plan)
    fmt::print("  plan: {}, {} ({})\n", info.line.plan->name,
               v.plan->lifetime ? std::string("lifetime") : "until " + period_text(*v.plan), info.line.plan->covers);
  if (v.workmanship) fmt::print("  repair workmanship warranty until {}\n", period_text(*v.workmanship));
  fmt::print("  status: {}", coverage_label(v.status));
  if (v.days_left) fmt::print(" ({} days left)", *v.days_left);
  fmt::print("\n");
}

void add_warranty(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("warranty", "Look up an item's warranty by serial number");
  auto serial = std::make_shared<std::string>();
  cmd->add_option("serial", *serial, "Serial number")->required();
  ctx.on(cmd, [&ctx, serial]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    WarrantyService service(**db, **config);
    auto info = service.by_serial(*serial, system_now());
    if (!info) return std::unexpected(info.error());
    ctx.print(warranty_json(*info), [&] { print_warranty(*info); });
    return {};
  });
}

nlohmann::json history_json(const DeviceHistory& h, const Config& config, Instant now) {
  nlohmann::json json = {
      {"serials", h.serials}, {"swaps", nlohmann::json::array()}, {"cases", nlohmann::json::array()}};
  for (const SerialSwap& s : h.swaps)
    json["swaps"].push_back({{"old_serial", s.old_serial},
                             {"new_serial", s.new_serial},
                             {"case", s.case_code},
                             {"at", format_instant(s.at)}});
  for (const Case& c : h.cases) json["cases"].push_back(case_json(c, config, now));
  return json;
}

void print_history(const DeviceHistory& h, const Config& config) {
  std::string chain;
  for (const std::string& serial : h.serials) chain += (chain.empty() ? "" : " -> ") + serial;
  fmt::print("{}: {} case{}{}\n", chain, h.cases.size(), h.cases.size() == 1 ? "" : "s",
             h.swaps.empty()
                 ? ""
                 : fmt::format(", swapped {} time{} under warranty", h.swaps.size(), h.swaps.size() == 1 ? "" : "s"));
  for (const Case& c : h.cases)
    fmt::print(
        "  {}  {}  {:<6}  {:<18}  {:<14}  {}\n", format_date(config.time_zone.local_date(c.created_at)), c.code,
        to_string(c.kind), to_string(c.status), c.serial.value_or(""),
        c.kind == CaseKind::repair ? c.problem : std::string(c.return_reason ? to_string(*c.return_reason) : ""));
  for (const SerialSwap& s : h.swaps)
    fmt::print("  {}  {} replaced by {}{}\n", format_date(config.time_zone.local_date(s.at)), s.old_serial,
               s.new_serial, s.case_code.empty() ? "" : " (case " + s.case_code + ")");
}

void add_history(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("history", "Every case of a unit by its serial, and of the units swapped for it");
  auto serial = std::make_shared<std::string>();
  cmd->add_option("serial", *serial, "Serial number (any unit of the swaps)")->required();
  ctx.on(cmd, [&ctx, serial]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    auto history = device_history(**db, *serial);
    if (!history) return std::unexpected(history.error());
    if (history->serials.empty())
      return fail(
          ErrorKind::not_found,
          fmt::format("No case and no swap has the serial {}. Check it against the unit's label.", trim(*serial)),
          "serial");
    ctx.print(history_json(*history, **config, system_now()), [&] { print_history(*history, **config); });
    return {};
  });
}

void add_return_check(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("return-check", "What the return policy allows for each line of a receipt");
  struct Options {
    std::string receipt;
    std::string reason = "changed_mind";
    std::string condition = "sealed";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("receipt", o->receipt, "Receipt number")->required();
  cmd->add_option("--reason", o->reason, "changed_mind, defective, wrong_item or not_as_described")
      ->check(CLI::IsMember({"changed_mind", "defective", "wrong_item", "not_as_described"}));
  cmd->add_option("--condition", o->condition, "sealed, opened or damaged")
      ->check(CLI::IsMember({"sealed", "opened", "damaged"}));
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto config = ctx.config();
    if (!config) return std::unexpected(config.error());
    auto db = ctx.database();
    if (!db) return std::unexpected(db.error());
    ReturnService service(**db, **config);
    auto lines = service.check_receipt(o->receipt, *parse_return_reason(o->reason), *parse_item_condition(o->condition),
                                       system_now());
    if (!lines) return std::unexpected(lines.error());
    nlohmann::json json = {{"receipt_number", o->receipt}, {"lines", nlohmann::json::array()}};
    for (const auto& line : *lines) json["lines"].push_back(return_check_json(line, **config));
    ctx.print(json, [&] {
      fmt::print("Receipt {} ({} as {}, {}):\n", o->receipt, o->reason, o->condition,
                 lines->empty() ? "" : format_date((*config)->time_zone.local_date(lines->front().line.sold_at)));
      for (const auto& line : *lines) {
        fmt::print("  {}. {} x{} {} ({})\n", line.line.line_no, line.line.product.sku, line.line.quantity,
                   line.line.product.display_name(), format_money(line.line.price_cents));
        fmt::print("     {}: {}\n", line.decision.accepted() ? outcomes_text(line.decision.allowed) : "refused",
                   line.decision.explanation);
      }
    });
    return {};
  });
}

}  // namespace

void add_lookup_commands(CLI::App& app, CliContext& ctx) {
  add_warranty(app, ctx);
  add_return_check(app, ctx);
  add_history(app, ctx);
}

}  // namespace aftersales::cli
