// case open-repair | open-return | show | list | advance | note | estimate | decide | transfer
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "cli_context.h"
#include "core/base/text.h"
#include "core/notify/outbox.h"
#include "core/present/clock_text.h"
#include "core/present/event_text.h"
#include "core/present/json_views.h"
#include "core/services/case_service.h"
#include "core/services/claims_service.h"
#include "core/services/parts_service.h"
#include "core/services/reminders.h"
#include "core/storage/catalog.h"

namespace aftersales::cli {
namespace {

// Everything a case command needs, ready to use.
struct Session {
  const Config& config;
  Database& db;
  CaseService cases;
};

Result<std::unique_ptr<Session>> open_session(CliContext& ctx) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  return std::make_unique<Session>(Session{**config, **db, CaseService(**db, **config)});
}

// `flag`: the status clock's, when past its status's limit ("Waiting 4 days for approval (limit 3)").
void print_case_line(const Case& c, const Config& config, Instant now, const std::string& flag) {
  fmt::print("{}  {:<6}  {:<18}  {:<28.28}  {:<20.20}  due {}{}{}\n", c.code, to_string(c.kind), to_string(c.status),
             c.product_name, c.customer_name, format_date(config.time_zone.local_date(c.promised_at(now))),
             c.overdue(now) ? "  OVERDUE" : "", flag.empty() ? "" : "  [" + flag + "]");
}

// How long the case has waited in its status, against the status's limit ([reminders]).
nlohmann::json clock_json(const StatusClock& clock) {
  return {{"since", format_instant(clock.since)},
          {"days", clock.days},
          {"limit_days", clock.limit_days ? nlohmann::json(*clock.limit_days) : nlohmann::json()},
          {"overdue", clock.overdue},
          {"abandoned", clock.abandoned},
          {"flag", status_clock_flag(clock)}};
}

void print_case(const Case& c, const Config& config, Instant now) {
  fmt::print("Case {} ({})\n", c.code, to_string(c.kind));
  fmt::print("  status:    {} ({})\n", status_label(c.status), to_string(c.status));
  fmt::print("  opened:    {}\n", config.time_zone.format_local(c.created_at));
  fmt::print("  promised:  {}{}{}\n", format_date(config.time_zone.local_date(c.promised_at(now))),
             c.paused_since ? " (clock paused)" : "", c.overdue(now) ? " OVERDUE" : "");
  fmt::print("  product:   {}{}\n", c.product_name, c.serial ? " serial " + *c.serial : std::string());
  fmt::print("  warranty:  {}\n", coverage_label(c.warranty));
  fmt::print("  customer:  {}  {}  {}\n", c.customer_name, c.customer_phone, c.customer_email);
  if (!c.problem.empty()) fmt::print("  problem:   {}\n", c.problem);
  if (c.return_reason)
    fmt::print("  return:    {} x{}, {}; allowed: {}\n", to_string(*c.return_reason), c.return_quantity.value_or(0),
               c.return_condition ? to_string(*c.return_condition) : "", outcomes_text(c.return_outcomes));
  if (!c.resolution.empty()) fmt::print("  outcome:   {}\n", c.resolution);
  if (!c.transferred_to.empty()) fmt::print("  transferred to store {}\n", c.transferred_to);
  if (!c.transferred_from.empty()) fmt::print("  carries on case {} of another store\n", c.transferred_from);
  fmt::print("  status page: {}\n", config.status_url(c.token));
}

void add_open_repair(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("open-repair", "Check an item in for repair");
  auto draft = std::make_shared<RepairDraft>();
  cmd->add_option("--serial", draft->serial, "Serial number")->required();
  cmd->add_option("--problem", draft->problem, "What is wrong, in the customer's words")->required();
  cmd->add_option("--name", draft->customer.name, "Customer's name")->required();
  cmd->add_option("--phone", draft->customer.phone, "Customer's phone");
  cmd->add_option("--email", draft->customer.email, "Customer's e-mail");
  cmd->add_option("--product", draft->product_description, "What the product is, for serials we did not sell");
  cmd->add_option("--category", draft->problem_category, "Problem category (power, screen, battery...)");
  cmd->add_option("--accessories", draft->accessories, "Accessories left with the item");
  cmd->add_option("--condition-notes", draft->condition_notes, "Visible condition");
  cmd->add_flag("--notify", draft->customer.notify_consent, "The customer agrees to be notified");
  cmd->add_flag("--accept-fee", draft->accepts_diagnostic_fee,
                "The customer accepts the diagnostic fee (out of warranty)");
  cmd->add_option("--lend", draft->lend_loaner, "Lend this loaner (its tag) with the check-in");
  auto by = std::make_shared<std::string>("cli");
  cmd->add_option("--by", *by, "Who opens it");
  ctx.on(cmd, [&ctx, draft, by]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    auto opened = (*s)->cases.open_repair(*draft, *by);
    if (!opened) {
      if (opened.error().field == "diagnostic_fee")
        return fail(ErrorKind::refused, opened.error().message + " (add --accept-fee)");
      return std::unexpected(opened.error());
    }
    Instant now = (*s)->cases.now();
    ctx.print(case_json(*opened, (*s)->config, now), [&] { print_case(*opened, (*s)->config, now); });
    return {};
  });
}

void add_open_return(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("open-return", "Start a return for an item on a receipt");
  struct Options {
    ReturnDraft draft;
    std::string reason, condition, by = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--receipt", o->draft.receipt_number, "Receipt number")->required();
  cmd->add_option("--sku", o->draft.sku_or_serial, "SKU (or serial) of the item on the receipt")->required();
  cmd->add_option("--serial", o->draft.brought_serial,
                  "Serial number on the item brought back (needed for an item sold with one, unless --sku is it)");
  cmd->add_option("--qty", o->draft.quantity, "How many")->check(CLI::Range(1, 999));
  cmd->add_option("--reason", o->reason, "changed_mind, defective, wrong_item or not_as_described")
      ->required()
      ->check(CLI::IsMember({"changed_mind", "defective", "wrong_item", "not_as_described"}));
  cmd->add_option("--condition", o->condition, "sealed, opened or damaged")
      ->required()
      ->check(CLI::IsMember({"sealed", "opened", "damaged"}));
  cmd->add_option("--details", o->draft.details, "More about the reason");
  cmd->add_option("--name", o->draft.customer.name, "Customer's name");
  cmd->add_option("--phone", o->draft.customer.phone, "Customer's phone");
  cmd->add_option("--email", o->draft.customer.email, "Customer's e-mail");
  cmd->add_option("--by", o->by, "Who opens it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    o->draft.reason = *parse_return_reason(o->reason);
    o->draft.condition = *parse_item_condition(o->condition);
    auto opened = (*s)->cases.open_return(o->draft, o->by);
    if (!opened) return std::unexpected(opened.error());
    Instant now = (*s)->cases.now();
    ctx.print(case_json(*opened, (*s)->config, now), [&] { print_case(*opened, (*s)->config, now); });
    return {};
  });
}

// The serial of the unit the customer took home in place of this one (the last swap), or "".
// ", arrived DATE", ", cancelled DATE: why" or nothing while it is on its way.
std::string order_outcome(const PartOrder& o, const StoreTimeZone& zone) {
  if (o.arrived_at) return ", arrived " + zone.format_local(*o.arrived_at);
  if (o.cancelled_at) return fmt::format(", cancelled {}: {}", zone.format_local(*o.cancelled_at), o.cancel_reason);
  return {};
}

std::string swapped_serial(const std::vector<CaseEvent>& events) {
  std::string serial;
  for (const CaseEvent& e : events)
    if (e.kind == EventKind::replacement) serial = e.details.serial;
  return serial;
}

void add_show(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("show", "Show a case with its timeline");
  auto code = std::make_shared<std::string>();
  cmd->add_option("code", *code, "Case code, e.g. R7K-4PQ-92X")->required();
  ctx.on(cmd, [&ctx, code]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    auto c = (*s)->cases.find_by_code(*code);
    if (!c) return std::unexpected(c.error());
    auto events = (*s)->cases.events(c->id);
    if (!events) return std::unexpected(events.error());
    auto estimate = (*s)->cases.estimate(c->id);
    if (!estimate) return std::unexpected(estimate.error());
    auto why = (*s)->cases.estimate_explanation(c->id);
    if (!why) return std::unexpected(why.error());
    Instant now = (*s)->cases.now();
    Outbox outbox((*s)->db);
    auto notices = outbox.for_case(c->id);
    if (!notices) return std::unexpected(notices.error());
    PartsService parts((*s)->db);
    auto used = parts.used_on(c->id);
    if (!used) return std::unexpected(used.error());
    auto orders = parts.orders_for(c->id);
    if (!orders) return std::unexpected(orders.error());
    auto paid = (*s)->cases.payments(c->id);
    if (!paid) return std::unexpected(paid.error());
    auto money = (*s)->cases.money(*c);
    if (!money) return std::unexpected(money.error());
    StatusClock clock = read_status_clock(*c, *events, now, (*s)->config.status_limits);
    auto loans = (*s)->cases.loans(c->id);
    if (!loans) return std::unexpected(loans.error());
    auto claimed = ClaimsService((*s)->db, (*s)->config).claim_of_case(c->id);
    if (!claimed) return std::unexpected(claimed.error());
    auto holds = (*s)->cases.return_holds(c->id);
    if (!holds) return std::unexpected(holds.error());
    std::string swapped_for = swapped_serial(*events);
    nlohmann::json json = case_json(*c, (*s)->config, now);
    json["return_holds"] = nlohmann::json::array();
    for (const auto& h : *holds)
      json["return_holds"].push_back({{"kind", to_string(h.kind)}, {"detail", h.detail}, {"at", format_instant(h.at)}});
    json["claim"] =
        *claimed
            ? nlohmann::json{{"id", (*claimed)->claim_id}, {"rma", (*claimed)->rma}, {"vendor", (*claimed)->vendor}}
            : nlohmann::json();
    json["swapped_for"] = swapped_for.empty() ? nlohmann::json() : nlohmann::json(swapped_for);
    json["status_clock"] = clock_json(clock);
    json["money"] = money_json(*money);
    json["payments"] = nlohmann::json::array();
    for (const auto& p : *paid)
      json["payments"].push_back({{"kind", to_string(p.kind)},
                                  {"method", to_string(p.method)},
                                  {"amount_cents", p.amount_cents},
                                  {"at", format_instant(p.at)},
                                  {"by", p.actor},
                                  {"note", p.note}});
    json["loans"] = nlohmann::json::array();
    for (const auto& loan : *loans) json["loans"].push_back(loan_json(loan));
    json["parts_used"] = nlohmann::json::array();
    for (const auto& u : *used)
      json["parts_used"].push_back(
          {{"sku", u.sku}, {"name", u.name}, {"quantity", u.quantity}, {"unit_price_cents", u.unit_price_cents}});
    json["part_orders"] = nlohmann::json::array();
    for (const auto& o : *orders)
      json["part_orders"].push_back(
          {{"sku", o.sku},
           {"quantity", o.quantity},
           {"supplier", o.supplier},
           {"reference", o.reference},
           {"expected_on", format_date(o.expected_on)},
           {"arrived_at", o.arrived_at ? nlohmann::json(format_instant(*o.arrived_at)) : nlohmann::json()},
           {"cancelled_at", o.cancelled_at ? nlohmann::json(format_instant(*o.cancelled_at)) : nlohmann::json()},
           {"cancel_reason", o.cancel_reason}});
    json["events"] = nlohmann::json::array();
    for (const auto& e : *events) json["events"].push_back(event_json(e));
    json["estimate"] = estimate_json(*estimate);
    json["estimate"]["explanation"] = *why;
    json["notifications"] = nlohmann::json::array();
    for (const auto& m : *notices)
      json["notifications"].push_back(
          {{"channel", m.channel},
           {"to", m.recipient},
           {"subject", m.subject},
           {"queued_at", format_instant(m.created_at)},
           {"sent_at", m.sent_at ? nlohmann::json(format_instant(*m.sent_at)) : nlohmann::json()},
           {"attempts", m.attempts},
           {"last_error", m.last_error ? nlohmann::json(*m.last_error) : nlohmann::json()}});
    ctx.print(json, [&] {
      print_case(*c, (*s)->config, now);
      if (clock.flagged()) fmt::print("  flagged:   {}\n", status_clock_flag(clock));
      for (const auto& h : *holds) fmt::print("  held:      {}\n", hold_words(h, c->serial.value_or("")));
      if (!swapped_for.empty())
        fmt::print("  swapped:   unit {} replaced by {} under warranty; {} carries the coverage\n",
                   c->serial.value_or("?"), swapped_for, swapped_for);
      if (*claimed)
        fmt::print("  Claimed on claim {} to {} ({})\n", (*claimed)->claim_id, (*claimed)->vendor,
                   (*claimed)->rma.empty() ? "not shipped yet" : "RMA " + (*claimed)->rma);
      if (!estimate->empty()) {
        fmt::print("  estimate ({}):\n", c->estimate_state);
        for (const auto& line : *estimate)
          fmt::print("    {:<7} {:<30} x{} {}{}\n", line.kind, line.description, line.quantity,
                     format_money(line.total_cents()), line.sku.empty() ? "" : "  (part " + line.sku + ")");
        fmt::print("    total {}\n", format_money(estimate_total(*estimate)));
        if (!why->empty()) fmt::print("    for the customer: {}\n", *why);
      }
      for (const auto& p : *paid)
        fmt::print("  {} {} ({}) {} by {}{}\n", to_string(p.kind), format_money(p.amount_cents), to_string(p.method),
                   (*s)->config.time_zone.format_local(p.at), p.actor, p.note.empty() ? "" : ": " + p.note);
      if (money->charged_cents > 0 || money->paid_cents > 0)
        fmt::print("  money: charged {}, paid {}, due {}{}\n", format_money(money->charged_cents),
                   format_money(money->paid_cents), format_money(money->due_cents()),
                   money->credit_cents() > 0 ? ", to give back " + format_money(money->credit_cents()) : "");
      for (const auto& loan : *loans) {
        const auto& zone = (*s)->config.time_zone;
        fmt::print("  loaner {} ({}) lent {} by {}", loan.tag, loan.description, zone.format_local(loan.lent_at),
                   loan.lent_by);
        if (loan.returned_at)
          fmt::print(", back {} by {}{}", zone.format_local(*loan.returned_at), loan.returned_by,
                     loan.return_condition.empty() ? "" : ": " + loan.return_condition);
        else
          fmt::print(", still out");
        if (!loan.waived_by.empty()) fmt::print(" (waived by {}: {})", loan.waived_by, loan.waived_reason);
        fmt::print("\n");
      }
      for (const auto& u : *used)
        fmt::print("  part {}: {} x {} ({}) at {}\n", u.quantity < 0 ? "put back" : "used", std::abs(u.quantity),
                   u.name, u.sku, format_money(u.unit_price_cents));
      for (const auto& o : *orders)
        fmt::print("  part ordered: {} x {} from {}, reference {}, expected {}{}\n", o.quantity, o.sku, o.supplier,
                   o.reference, format_date(o.expected_on), order_outcome(o, (*s)->config.time_zone));
      fmt::print("  timeline:\n");
      for (const auto& e : *events)
        fmt::print("    {}  {:<10} {}{}{}\n", (*s)->config.time_zone.format_local(e.at), e.actor,
                   e.to ? fmt::format("-> {} ", to_string(*e.to)) : std::string(), staff_event_text(e),
                   e.customer_visible ? "" : " (internal)");
      if (!notices->empty()) fmt::print("  notifications:\n");
      for (const auto& m : *notices)
        fmt::print("    {} to {}: \"{}\" {}\n", m.channel, m.recipient, m.subject,
                   m.sent_at ? "sent " + (*s)->config.time_zone.format_local(*m.sent_at)
                             : fmt::format("waiting ({} attempts{})", m.attempts,
                                           m.last_error ? ", last: " + *m.last_error : std::string()));
    });
    return {};
  });
}

void add_list(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("list", "List cases, newest first");
  struct Options {
    std::string kind;
    std::vector<std::string> statuses;
    CaseFilter filter;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--kind", o->kind, "repair or return")->check(CLI::IsMember({"repair", "return"}));
  cmd->add_option("--status", o->statuses, "Only these statuses (repeatable)");
  cmd->add_flag("--open", o->filter.open_only, "Only open cases");
  cmd->add_flag("--overdue", o->filter.overdue_only, "Only cases past their promised date");
  cmd->add_option("--older-than", o->filter.min_age_days, "Opened at least this many days ago");
  cmd->add_option("--search", o->filter.text, "Code, name, phone, e-mail, serial or product");
  cmd->add_option("--limit", o->filter.limit, "At most this many")->check(CLI::Range(1, 100000));
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    if (!o->kind.empty()) o->filter.kind = parse_case_kind(o->kind);
    for (const auto& name : o->statuses) {
      auto status = parse_case_status(name);
      if (!status)
        return fail(ErrorKind::invalid_input,
                    fmt::format("Unknown status '{}'. Statuses: checked_in, diagnosing, "
                                "awaiting_approval, awaiting_parts, repairing, ready_for_pickup, "
                                "requested, received, approved, rejected, completed, cancelled",
                                name));
      o->filter.statuses.push_back(*status);
    }
    auto cases = (*s)->cases.list(o->filter);
    if (!cases) return std::unexpected(cases.error());
    Instant now = (*s)->cases.now();
    auto clocks = read_status_clocks((*s)->db, *cases, now, (*s)->config.status_limits);
    if (!clocks) return std::unexpected(clocks.error());
    nlohmann::json json = nlohmann::json::array();
    for (std::size_t i = 0; i < cases->size(); ++i) {
      json.push_back(case_json((*cases)[i], (*s)->config, now));
      json.back()["status_clock"] = clock_json((*clocks)[i]);
    }
    ctx.print(json, [&] {
      for (std::size_t i = 0; i < cases->size(); ++i)
        print_case_line((*cases)[i], (*s)->config, now, status_clock_flag((*clocks)[i]));
      fmt::print("{} case{}\n", cases->size(), cases->size() == 1 ? "" : "s");
    });
    return {};
  });
}

// A unit swapped under warranty: the new serial carries the old one's coverage (WarrantyService).
void add_replace(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("replace", "Record that a repair's unit was swapped for a new one under warranty");
  struct Options {
    std::string code, serial, by = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("serial", o->serial, "The new unit's serial number")->required();
  cmd->add_option("--by", o->by, "Who does it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    auto before = (*s)->cases.find_by_code(o->code);
    if (!before) return std::unexpected(before.error());
    auto swapped = (*s)->cases.record_replacement(o->code, o->serial, o->by);
    if (!swapped) return std::unexpected(swapped.error());
    Instant now = (*s)->cases.now();
    std::string new_serial = normalize_serial(o->serial);
    ctx.print(case_json(*swapped, (*s)->config, now), [&] {
      fmt::print("{}: unit {} replaced by {}; the new unit carries its warranty (aftersales warranty {})\n",
                 swapped->code, before->serial.value_or(""), new_serial, new_serial);
    });
    return {};
  });
}

void add_advance(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("advance", "Move a case to its next status");
  struct Options {
    std::string code, status;
    CaseChange change{"cli", "", true};
    bool internal = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("status", o->status, "New status, e.g. diagnosing")->required();
  cmd->add_option("--note", o->change.note, "Why, or what was done");
  cmd->add_option("--by", o->change.actor, "Who does it");
  cmd->add_flag("--internal", o->internal, "Hide the note from the customer");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto status = parse_case_status(o->status);
    if (!status) return fail(ErrorKind::invalid_input, fmt::format("Unknown status '{}'.", o->status), "status");
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    o->change.customer_visible = !o->internal;
    auto moved = (*s)->cases.advance(o->code, *status, o->change);
    if (!moved) return std::unexpected(moved.error());
    Instant now = (*s)->cases.now();
    // Handed over with money still owed: the counter is told what to take, and how to record it.
    std::int64_t due = 0;
    if (moved->kind == CaseKind::repair && moved->status == CaseStatus::completed) {
      auto money = (*s)->cases.money(*moved);
      if (!money) return std::unexpected(money.error());
      due = money->due_cents();
    }
    ctx.print(case_json(*moved, (*s)->config, now), [&] {
      fmt::print("{} is now {}\n", moved->code, status_label(moved->status));
      if (due > 0)
        fmt::print("Still due: {}. Once it is taken: aftersales case pay {} {}\n", format_money(due), moved->code,
                   format_money(due));
    });
    return {};
  });
}

void add_note(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("note", "Add a note to a case's timeline");
  struct Options {
    std::string code;
    CaseChange change{"cli", "", true};
    bool internal = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("text", o->change.note, "The note")->required();
  cmd->add_option("--by", o->change.actor, "Who writes it");
  cmd->add_flag("--internal", o->internal, "Hide the note from the customer");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    o->change.customer_visible = !o->internal;
    if (auto added = (*s)->cases.add_note(o->code, o->change); !added) return added;
    ctx.print({{"code", o->code}, {"note", o->change.note}}, [&] { fmt::print("Note added\n"); });
    return {};
  });
}

// "Screen assembly=8900" or "Screen assembly=8900x2"
Result<EstimateLine> parse_estimate_line(const std::string& kind, const std::string& text) {
  auto eq = text.rfind('=');
  std::string usage =
      fmt::format("Write estimate lines as \"description=cents\", e.g. \"Screen=8900\" (got '{}').", text);
  if (eq == std::string::npos || eq == 0) return fail(ErrorKind::invalid_input, usage, "estimate");
  EstimateLine line{kind, text.substr(0, eq), 1, 0};
  std::string amount = text.substr(eq + 1);
  if (auto x = amount.find('x'); x != std::string::npos) {
    try {
      line.quantity = std::stoi(amount.substr(x + 1));
    } catch (const std::exception&) {
      return fail(ErrorKind::invalid_input, usage, "estimate");
    }
    amount.resize(x);
  }
  try {
    std::size_t used = 0;
    line.unit_cents = std::stoll(amount, &used);
    if (used != amount.size()) return fail(ErrorKind::invalid_input, usage, "estimate");
  } catch (const std::exception&) {
    return fail(ErrorKind::invalid_input, usage, "estimate");
  }
  return line;
}

// "SCR-IP13" or "SCR-IP13*2": a part from the parts list, priced as the list prices it.
Result<EstimateLine> parse_part_sku(const std::string& text) {
  std::string usage =
      fmt::format("Write a part from the list as \"SKU\" or \"SKU*QTY\", e.g. \"SCR-IP13*2\" (got '{}').", text);
  EstimateLine line{"part", "", 1, 0, trim(text)};
  if (auto star = line.sku.rfind('*'); star != std::string::npos) {
    std::string count = line.sku.substr(star + 1);
    if (count.empty() || count.size() > 4 || !std::ranges::all_of(count, [](char c) { return c >= '0' && c <= '9'; }))
      return fail(ErrorKind::invalid_input, usage, "estimate");
    line.quantity = std::stoi(count);
    line.sku.resize(star);
  }
  if (line.sku.empty()) return fail(ErrorKind::invalid_input, usage, "estimate");
  return line;
}

void add_estimate(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("estimate", "Record an estimate; the case then waits for the customer");
  struct Options {
    std::string code, by = "cli", why;
    std::vector<std::string> parts, labour, part_skus;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("--part", o->parts, "A part: \"description=cents[xQTY]\" (repeatable)");
  cmd->add_option("--part-sku", o->part_skus,
                  "A part from the parts list, at its price: \"SKU\" or \"SKU*QTY\" (repeatable)");
  cmd->add_option("--labour", o->labour, "Labour: \"description=cents[xQTY]\" (repeatable)");
  cmd->add_option("--why", o->why,
                  fmt::format("One line for the customer, shown with the estimate on their status page (at most {} "
                              "characters; without it they see only the amounts)",
                              kMaxEstimateExplanation));
  cmd->add_option("--by", o->by, "Who estimates");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    std::vector<EstimateLine> lines;
    // Parts first (written, then from the list), then labour.
    for (const auto& text : o->parts) {
      auto line = parse_estimate_line("part", text);
      if (!line) return std::unexpected(line.error());
      lines.push_back(*line);
    }
    for (const auto& text : o->part_skus) {
      auto line = parse_part_sku(text);
      if (!line) return std::unexpected(line.error());
      lines.push_back(*line);
    }
    for (const auto& text : o->labour) {
      auto line = parse_estimate_line("labour", text);
      if (!line) return std::unexpected(line.error());
      lines.push_back(*line);
    }
    // Checked before anything is recorded: a too-long --why must not leave an estimate without it.
    std::string why = trim(o->why);
    if (why.size() > kMaxEstimateExplanation)
      return fail(ErrorKind::invalid_input,
                  fmt::format("Keep --why to one line for the customer ({} characters; this one has {}).",
                              kMaxEstimateExplanation, why.size()),
                  "estimate_explanation");
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    PartsService parts((*s)->db);
    for (auto& line : lines) {
      if (line.sku.empty()) continue;
      auto part = parts.find(line.sku);
      if (!part) return std::unexpected(part.error());
      line.unit_cents = part->price_cents;
    }
    auto c = (*s)->cases.record_estimate(o->code, lines, o->by);
    if (!c) return std::unexpected(c.error());
    // Every estimate is sent with its own explanation: none given clears one left from an earlier estimate.
    if (auto explained = (*s)->cases.explain_estimate(c->code, why); !explained)
      return fail(explained.error().kind,
                  "The estimate is recorded, but its explanation was not saved: " + explained.error().message,
                  "estimate_explanation");
    Instant now = (*s)->cases.now();
    auto paid = (*s)->cases.payments(c->id);
    if (!paid) return std::unexpected(paid.error());
    auto money = (*s)->cases.money(*c);
    if (!money) return std::unexpected(money.error());
    nlohmann::json json = case_json(*c, (*s)->config, now);
    json["money"] = money_json(*money);
    json["payments"] = nlohmann::json::array();
    for (const auto& p : *paid)
      json["payments"].push_back({{"kind", to_string(p.kind)},
                                  {"method", to_string(p.method)},
                                  {"amount_cents", p.amount_cents},
                                  {"at", format_instant(p.at)},
                                  {"by", p.actor},
                                  {"note", p.note}});
    json["estimate_explanation"] = why;
    ctx.print(json, [&] {
      fmt::print("Estimate of {} recorded; {} waits for the customer's approval\n", format_money(estimate_total(lines)),
                 c->code);
      if (why.empty())
        fmt::print("No explanation (--why): the customer sees only the amounts\n");
      else
        fmt::print("The customer reads: {}\n", why);
    });
    return {};
  });
}

void add_decide(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("decide", "Record the customer's decision on the estimate");
  struct Options {
    std::string code, decision, by = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("decision", o->decision, "approve or decline")
      ->required()
      ->check(CLI::IsMember({"approve", "decline"}));
  cmd->add_option("--by", o->by, "Who records it");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    auto c = (*s)->cases.decide_estimate(o->code, o->decision == "approve", o->by);
    if (!c) return std::unexpected(c.error());
    Instant now = (*s)->cases.now();
    ctx.print(case_json(*c, (*s)->config, now),
              [&] { fmt::print("{} is now {}\n", c->code, status_label(c->status)); });
    return {};
  });
}

// In a chain of stores: a repair goes to another store (a repair depot), which carries it on.
void add_transfer(CLI::App& parent, CliContext& ctx) {
  auto* cmd = parent.add_subcommand("transfer", "Send a repair to another store of the chain, which carries it on");
  struct Options {
    std::string code, store, note;
    std::string actor = "cli";
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("store", o->store, "The store it goes to, e.g. BCN01")->required();
  cmd->add_option("--actor,--by", o->actor, "Who sends it");
  cmd->add_option("--note", o->note, "Why, for the timeline (the customer sees it)");
  ctx.on(cmd, [&ctx, o]() -> Result<void> {
    auto s = open_session(ctx);
    if (!s) return std::unexpected(s.error());
    auto moved = (*s)->cases.transfer(o->code, o->store, o->actor, o->note);
    if (!moved) return std::unexpected(moved.error());
    Instant now = (*s)->cases.now();
    ctx.print(case_json(*moved, (*s)->config, now), [&] {
      fmt::print("{} is now {}: store {} opens its own case from it when its notifier next runs\n", moved->code,
                 status_label(moved->status), moved->transferred_to);
    });
    return {};
  });
}

}  // namespace

void add_case_commands(CLI::App& app, CliContext& ctx) {
  auto* cases = app.add_subcommand("case", "Open, find and move service cases");
  cases->require_subcommand(1);
  add_open_repair(*cases, ctx);
  add_open_return(*cases, ctx);
  add_show(*cases, ctx);
  add_list(*cases, ctx);
  add_advance(*cases, ctx);
  add_replace(*cases, ctx);
  add_note(*cases, ctx);
  add_estimate(*cases, ctx);
  add_decide(*cases, ctx);
  add_transfer(*cases, ctx);
  add_case_payment_commands(*cases, ctx);
  add_case_loaner_commands(*cases, ctx);
  add_case_photo_commands(*cases, ctx);
  add_case_return_commands(*cases, ctx);
}

}  // namespace aftersales::cli
