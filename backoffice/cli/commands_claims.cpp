// claims claimable | open | ship | credit | list | show: repairs done under the manufacturer's
// warranty, batched into a claim per vendor, shipped under its RMA number and credited.
#include <fmt/format.h>

#include <memory>

#include "cli_context.h"
#include "core/base/text.h"
#include "core/present/case_export.h"
#include "core/services/claims_service.h"

namespace aftersales::cli {
namespace {

struct ClaimsSession {
  const Config& config;
  ClaimsService claims;
};

Result<std::unique_ptr<ClaimsSession>> open_claims(CliContext& ctx) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  return std::make_unique<ClaimsSession>(ClaimsSession{**config, ClaimsService(**db, **config)});
}

Result<std::optional<Date>> optional_day(const std::string& typed) {
  if (typed.empty()) return std::nullopt;
  auto day = parse_date(trim(typed));
  if (!day)
    return fail(ErrorKind::invalid_input, fmt::format("\"{}\" is not a date; type it like 2026-03-01.", typed), "on");
  return day;
}

nlohmann::json optional_date_json(const std::optional<Date>& day) {
  return day ? nlohmann::json(format_date(*day)) : nlohmann::json();
}

nlohmann::json line_json(const ClaimLine& l) {
  return {{"case", l.case_code},        {"product", l.product_name},  {"what", to_string(l.what)},
          {"old_serial", l.old_serial}, {"new_serial", l.new_serial}, {"claimed_cents", l.claimed_cents}};
}

nlohmann::json claim_json(const VendorClaim& c) {
  nlohmann::json lines = nlohmann::json::array();
  for (const ClaimLine& l : c.lines) lines.push_back(line_json(l));
  return {{"id", c.id},
          {"vendor", c.vendor},
          {"rma", c.rma},
          {"status", to_string(c.status())},
          {"created_at", format_instant(c.created_at)},
          {"shipped_on", optional_date_json(c.shipped_on)},
          {"credited_on", optional_date_json(c.credited_on)},
          {"claimed_cents", c.claimed_cents()},
          {"credit_cents", c.credit_cents},
          {"owed_cents", c.owed_cents()},
          {"note", c.note},
          {"by", c.actor},
          {"lines", lines}};
}

std::string line_text(const ClaimLine& l) {
  std::string unit = l.what == ClaimWhat::replaced ? fmt::format("replaced {} with {}", l.old_serial, l.new_serial)
                                                   : fmt::format("repaired {}", l.old_serial);
  return fmt::format("{}  {:<28.28}  {:<40}  {}", l.case_code, l.product_name, unit, format_money(l.claimed_cents));
}

void print_claim(const VendorClaim& c) {
  fmt::print("Claim {} to {} ({})\n", c.id, c.vendor, to_string(c.status()));
  if (c.shipped_on) fmt::print("  shipped:   {} under RMA {}\n", format_date(*c.shipped_on), c.rma);
  fmt::print("  claimed:   {} for {} repair(s)\n", format_money(c.claimed_cents()), c.lines.size());
  fmt::print("  credited:  {}{}, still owed {}\n", format_money(c.credit_cents),
             c.credited_on ? " (last on " + format_date(*c.credited_on) + ")" : std::string(),
             format_money(c.owed_cents()));
  if (!c.note.empty()) fmt::print("  note:      {}\n", c.note);
  for (const ClaimLine& l : c.lines) fmt::print("    {}\n", line_text(l));
}

void add_claims_claimable(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("claimable", "Repairs under the manufacturer's warranty not claimed yet");
  auto vendor = std::make_shared<std::string>();
  cmd->add_option("--vendor", *vendor, "Only this vendor's (a product's brand)");
  ctx.on(cmd, [&ctx, vendor]() -> Result<void> {
    auto s = open_claims(ctx);
    if (!s) return std::unexpected(s.error());
    auto found = (*s)->claims.claimable(*vendor);
    if (!found) return std::unexpected(found.error());
    nlohmann::json json = nlohmann::json::array();
    for (const auto& c : *found) {
      nlohmann::json row = line_json(c.line);
      row["vendor"] = c.vendor;
      json.push_back(row);
    }
    ctx.print(json, [&] {
      if (found->empty()) fmt::print("No repairs to claim.\n");
      for (const auto& c : *found) fmt::print("{:<14} {}\n", c.vendor, line_text(c.line));
    });
    return {};
  });
}

void add_claims_open(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("open", "Open a claim to a vendor with its repairs not claimed yet");
  struct Options {
    std::string vendor, by = "cli";
    std::vector<std::string> cases;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("vendor", o->vendor, "The vendor (a product's brand)")->required();
  cmd->add_option("--case", o->cases, "Only these repairs (by case code; repeat it)");
  cmd->add_option("--by", o->by, "Who opens it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_claims(ctx);
    if (!s) return std::unexpected(s.error());
    auto opened = (*s)->claims.open_claim(o->vendor, o->cases, o->by);
    if (!opened) return std::unexpected(opened.error());
    ctx.print(claim_json(*opened), [&] {
      fmt::print("Claim {} to {} opened: {} repair(s), {} claimed\n", opened->id, opened->vendor, opened->lines.size(),
                 format_money(opened->claimed_cents()));
    });
    return {};
  });
}

void add_claims_ship(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("ship", "A claim shipped to its vendor under the vendor's RMA number");
  struct Options {
    std::int64_t id = 0;
    std::string rma, on;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("id", o->id, "The claim's number")->required();
  cmd->add_option("--rma", o->rma, "The vendor's RMA number")->required();
  cmd->add_option("--on", o->on, "The day it was shipped, e.g. 2026-03-01 (default: today)");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto day = optional_day(o->on);
    if (!day) return std::unexpected(day.error());
    auto s = open_claims(ctx);
    if (!s) return std::unexpected(s.error());
    auto shipped = (*s)->claims.ship(o->id, o->rma, *day);
    if (!shipped) return std::unexpected(shipped.error());
    ctx.print(claim_json(*shipped), [&] {
      fmt::print("Claim {} to {} shipped on {} under RMA {}\n", shipped->id, shipped->vendor,
                 format_date(*shipped->shipped_on), shipped->rma);
    });
    return {};
  });
}

void add_claims_credit(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("credit", "Credit received from the vendor on a claim (credits add up)");
  struct Options {
    std::int64_t id = 0;
    std::string amount, on, note;
    bool force = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("id", o->id, "The claim's number")->required();
  cmd->add_option("amount", o->amount, "Amount, e.g. 89.00")->required();
  cmd->add_option("--on", o->on, "The day it came in, e.g. 2026-03-01 (default: today)");
  cmd->add_flag("--force", o->force, "Take more than is still owed (needs --note)");
  cmd->add_option("--note", o->note, "Why (a larger credit), or the vendor's credit note number");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto cents = parse_money(o->amount);
    if (!cents)
      return fail(ErrorKind::invalid_input, fmt::format("\"{}\" is not an amount; type it like 89.00.", o->amount),
                  "amount");
    auto day = optional_day(o->on);
    if (!day) return std::unexpected(day.error());
    auto s = open_claims(ctx);
    if (!s) return std::unexpected(s.error());
    auto credited = (*s)->claims.credit(o->id, *cents, *day, o->force, o->note);
    if (!credited) return std::unexpected(credited.error());
    ctx.print(claim_json(*credited), [&] {
      fmt::print("Claim {} to {}: {} credited, {} in all, still owed {}\n", credited->id, credited->vendor,
                 format_money(*cents), format_money(credited->credit_cents), format_money(credited->owed_cents()));
    });
    return {};
  });
}

void print_claims_csv(const std::vector<VendorClaim>& claims, const std::vector<int>& days) {
  fmt::print("id,vendor,rma,status,created_at,shipped_on,credited_on,claimed,credited,owed{}\r\n",
             days.empty() ? "" : ",days_outstanding");
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const VendorClaim& c = claims[i];
    fmt::print("{},{},{},{},{},{},{},{},{},{}{}\r\n", c.id, csv_cell(c.vendor), csv_cell(c.rma), to_string(c.status()),
               format_instant(c.created_at), c.shipped_on ? format_date(*c.shipped_on) : "",
               c.credited_on ? format_date(*c.credited_on) : "", format_money(c.claimed_cents()),
               format_money(c.credit_cents), format_money(c.owed_cents()),
               days.empty() ? std::string() : "," + std::to_string(days[i]));
  }
}

void print_aged(const AgedClaims& aged) {
  if (aged.claims.empty()) fmt::print("No credit is owed on a shipped claim.\n");
  for (const AgedClaim& a : aged.claims)
    fmt::print("{:>5}  {:<14} RMA {:<16} shipped {}  {:>4} days  owed {}\n", a.claim.id, a.claim.vendor, a.claim.rma,
               format_date(*a.claim.shipped_on), a.days_outstanding, format_money(a.claim.owed_cents()));
  for (const VendorOwed& v : aged.by_vendor)
    fmt::print("{} owes {} on {} claim(s)\n", v.vendor, format_money(v.owed_cents), v.claims);
  if (!aged.claims.empty()) fmt::print("In all: {} owed\n", format_money(aged.owed_cents));
}

nlohmann::json aged_json(const AgedClaims& aged) {
  nlohmann::json json = {
      {"claims", nlohmann::json::array()}, {"vendors", nlohmann::json::array()}, {"owed_cents", aged.owed_cents}};
  for (const AgedClaim& a : aged.claims) {
    nlohmann::json row = claim_json(a.claim);
    row["days_outstanding"] = a.days_outstanding;
    json["claims"].push_back(row);
  }
  for (const VendorOwed& v : aged.by_vendor)
    json["vendors"].push_back({{"vendor", v.vendor}, {"owed_cents", v.owed_cents}, {"claims", v.claims}});
  return json;
}

void add_claims_list(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("list", "The claims, or (--aged) those still owed credit, oldest first");
  struct Options {
    bool aged = false, csv = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_flag("--aged", o->aged, "Only claims shipped and not fully credited, oldest first, with totals per vendor");
  cmd->add_flag("--csv", o->csv, "As CSV");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_claims(ctx);
    if (!s) return std::unexpected(s.error());
    if (o->aged) {
      auto aged = (*s)->claims.aged();
      if (!aged) return std::unexpected(aged.error());
      if (o->csv) {
        std::vector<VendorClaim> claims;
        std::vector<int> days;
        for (const AgedClaim& a : aged->claims) {
          claims.push_back(a.claim);
          days.push_back(a.days_outstanding);
        }
        print_claims_csv(claims, days);
        return {};
      }
      ctx.print(aged_json(*aged), [&] { print_aged(*aged); });
      return {};
    }
    auto all = (*s)->claims.claims();
    if (!all) return std::unexpected(all.error());
    if (o->csv) {
      print_claims_csv(*all, {});
      return {};
    }
    nlohmann::json json = nlohmann::json::array();
    for (const auto& c : *all) json.push_back(claim_json(c));
    ctx.print(json, [&] {
      if (all->empty()) fmt::print("No claims yet: `aftersales claims claimable` lists what can be claimed.\n");
      for (const auto& c : *all)
        fmt::print("{:>5}  {:<14} {:<9} RMA {:<16} claimed {}  credited {}  owed {}\n", c.id, c.vendor,
                   to_string(c.status()), c.rma.empty() ? "-" : c.rma, format_money(c.claimed_cents()),
                   format_money(c.credit_cents), format_money(c.owed_cents()));
    });
    return {};
  });
}

void add_claims_show(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("show", "A claim with its repairs");
  auto id = std::make_shared<std::int64_t>(0);
  cmd->add_option("id", *id, "The claim's number")->required();
  ctx.on(cmd, [&ctx, id]() -> Result<void> {
    auto s = open_claims(ctx);
    if (!s) return std::unexpected(s.error());
    auto claim = (*s)->claims.claim(*id);
    if (!claim) return std::unexpected(claim.error());
    ctx.print(claim_json(*claim), [&] { print_claim(*claim); });
    return {};
  });
}

}  // namespace

void add_claims_commands(CLI::App& app, CliContext& ctx) {
  auto* claims = app.add_subcommand("claims", "Vendor claims for repairs under the manufacturer's warranty");
  claims->require_subcommand(1);
  add_claims_claimable(*claims, ctx);
  add_claims_open(*claims, ctx);
  add_claims_ship(*claims, ctx);
  add_claims_credit(*claims, ctx);
  add_claims_list(*claims, ctx);
  add_claims_show(*claims, ctx);
}

}  // namespace aftersales::cli
