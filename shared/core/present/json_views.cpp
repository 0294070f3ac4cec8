#include "core/present/json_views.h"

#include "core/present/event_text.h"

namespace aftersales {
namespace {

nlohmann::json optional_date(const std::optional<Date>& date) {
  return date ? nlohmann::json(format_date(*date)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json case_json(const Case& c, const Config& config, Instant now) {
  nlohmann::json j = {
      {"code", c.code},
      {"token", c.token},
      {"kind", to_string(c.kind)},
      {"status", to_string(c.status)},
      {"status_label", status_label(c.status)},
      {"status_url", config.status_url(c.token)},
      {"created_at", format_instant(c.created_at)},
      {"updated_at", format_instant(c.updated_at)},
      {"promised_date", format_date(config.time_zone.local_date(c.promised_at(now)))},
      {"paused", c.paused_since.has_value()},
      {"overdue", c.overdue(now)},
      {"product", c.product_name},
      {"serial", c.serial ? nlohmann::json(*c.serial) : nlohmann::json(nullptr)},
      {"warranty", to_string(c.warranty)},
      {"customer",
       {{"name", c.customer_name},
        {"phone", c.customer_phone},
        {"email", c.customer_email},
        {"notify", c.notify_consent},
        {"language", c.customer_language}}},
      {"problem", c.problem},
      {"problem_category", c.problem_category},
      {"accessories", c.accessories},
      {"condition_notes", c.condition_notes},
      {"diagnostic_fee_cents", c.diagnostic_fee_cents},
      {"assigned_to", c.assigned_to ? nlohmann::json(*c.assigned_to) : nlohmann::json(nullptr)},
      {"estimate_state", c.estimate_state},
      {"resolution", c.resolution},
      {"diagnosis", c.diagnosis},
      {"closed_at", c.closed_at ? nlohmann::json(format_instant(*c.closed_at)) : nlohmann::json(nullptr)},
      {"workmanship_until", optional_date(c.workmanship_until)},
  };
  // A chain's transfer: the store it went to, or the case at another store it carries on.
  if (!c.transferred_to.empty()) j["transferred_to"] = c.transferred_to;
  if (!c.transferred_from.empty()) j["transferred_from"] = c.transferred_from;
  if (c.kind == CaseKind::return_item) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (auto o : c.return_outcomes) outcomes.push_back(to_string(o));
    j["return"] = {
        {"quantity", c.return_quantity.value_or(0)},
        {"reason", c.return_reason ? to_string(*c.return_reason) : ""},
        {"condition", c.return_condition ? to_string(*c.return_condition) : ""},
        {"allowed_outcomes", outcomes},
        {"restocking_fee_cents", c.restocking_fee_cents},
        {"inspected_condition",
         c.inspected_condition ? nlohmann::json(to_string(*c.inspected_condition)) : nlohmann::json(nullptr)},
        {"inspection_notes", c.inspection_notes},
        {"decision", c.return_decision ? nlohmann::json(to_string(*c.return_decision)) : nlohmann::json(nullptr)}};
  }
  return j;
}

nlohmann::json event_json(const CaseEvent& e) {
  return {{"at", format_instant(e.at)},
          {"actor", e.actor},
          {"kind", to_string(e.kind)},
          {"from", e.from ? nlohmann::json(to_string(*e.from)) : nlohmann::json(nullptr)},
          {"to", e.to ? nlohmann::json(to_string(*e.to)) : nlohmann::json(nullptr)},
          {"note", staff_event_text(e)},  // the event in staff wording; `words` is what a person wrote
          {"words", e.note},
          {"customer_visible", e.customer_visible}};
}

nlohmann::json estimate_json(const std::vector<EstimateLine>& lines) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& l : lines) {
    items.push_back({{"kind", l.kind},
                     {"description", l.description},
                     {"quantity", l.quantity},
                     {"unit_cents", l.unit_cents},
                     {"total_cents", l.total_cents()}});
    if (!l.sku.empty()) items.back()["sku"] = l.sku;
  }
  return {{"lines", items}, {"total_cents", estimate_total(lines)}};
}

nlohmann::json warranty_json(const WarrantyInfo& info) {
  const CoverageVerdict& v = info.verdict;
  nlohmann::json j = {
      {"serial", info.serial},
      {"original_serial", info.original_serial},
      {"replacement_chain", info.replacement_chain},
      {"product",
       {{"sku", info.line.product.sku},
        {"name", info.line.product.display_name()},
        {"category", info.line.product.category}}},
      {"receipt_number", info.line.receipt_number},
      {"line_no", info.line.line_no},
      {"purchase_date", format_date(info.purchase_date)},
      {"status", to_string(v.status)},
      {"status_label", coverage_label(v.status)},
      {"days_left", v.days_left ? nlohmann::json(*v.days_left) : nlohmann::json(nullptr)},
      {"manufacturer", {{"lifetime", v.manufacturer.lifetime}, {"end", optional_date(v.manufacturer.end)}}},
      {"plan", nullptr},
      {"workmanship_end", v.workmanship ? optional_date(v.workmanship->end) : nlohmann::json(nullptr)},
  };
  if (v.plan && info.line.plan)
    j["plan"] = {{"name", info.line.plan->name},
                 {"covers", info.line.plan->covers},
                 {"lifetime", v.plan->lifetime},
                 {"end", optional_date(v.plan->end)}};
  return j;
}

nlohmann::json return_check_json(const ReturnCheckLine& line, const Config&) {
  const ReturnDecision& d = line.decision;
  nlohmann::json allowed = nlohmann::json::array();
  for (auto o : d.allowed) allowed.push_back(to_string(o));
  return {{"line_no", line.line.line_no},
          {"sku", line.line.product.sku},
          {"product", line.line.product.display_name()},
          {"serial", line.line.serial ? nlohmann::json(*line.line.serial) : nlohmann::json(nullptr)},
          {"quantity", line.line.quantity},
          {"quantity_returnable", d.quantity_returnable},
          {"accepted", d.accepted()},
          {"allowed", allowed},
          {"refusal", to_string(d.refusal)},
          {"window_days", d.window_days},
          {"days_since_purchase", d.days_since_purchase},
          {"days_past_window", d.days_past_window},
          {"refund_cents", d.refund_cents},
          {"restocking_fee_cents", d.restocking_fee_cents},
          {"explanation", d.explanation}};
}

nlohmann::json health_json(const HealthReport& r) {
  return {{"ok", r.ok},
          {"schema_version", r.schema_version},
          {"problems", r.problems},
          {"cases", r.cases},
          {"open_cases", r.open_cases},
          {"products", r.products},
          {"sale_lines", r.sale_lines}};
}

}  // namespace aftersales
