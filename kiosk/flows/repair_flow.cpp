#include "repair_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/base/text.h"
#include "core/storage/catalog.h"
#include "scan_input.h"
#include "session.h"

namespace aftersales::kiosk {

std::vector<std::string> accessory_choices(std::string_view category) {
  if (category == "phones" || category == "tablets" || category == "smartwatches")
    return {"Charger", "Cable", "Case", "SIM card", "Memory card"};
  if (category == "laptops") return {"Charger", "Bag", "Mouse", "Dock"};
  if (category == "tvs") return {"Remote control", "Stand", "Power cable", "Wall mount"};
  if (category == "cameras") return {"Battery", "Charger", "Lens", "Memory card", "Strap"};
  if (category == "gaming") return {"Controller", "Power cable", "HDMI cable", "Game disc"};
  if (category == "headphones") return {"Case", "Cable", "Ear tips"};
  return {"Power cable", "Box", "Manual"};
}

std::vector<std::string> condition_choices(std::string_view category) {
  std::vector<std::string> common = {"No visible damage", "Scratches", "Dents", "Signs of liquid"};
  if (category == "phones" || category == "tablets" || category == "laptops" || category == "smartwatches" ||
      category == "tvs")
    common.insert(common.begin() + 1, "Cracked screen");
  return common;
}

std::vector<std::string> problem_categories() {
  return {"Does not turn on", "Screen", "Battery or charging", "Sound",
          "Connectivity",     "Noise",  "Overheating",         "Other"};
}

void toggle_condition(std::vector<std::string>& chosen, const std::string& item) {
  auto it = std::find(chosen.begin(), chosen.end(), item);
  if (it != chosen.end()) {
    chosen.erase(it);
    return;
  }
  if (item == kNoVisibleDamage)
    chosen.clear();
  else
    std::erase(chosen, std::string(kNoVisibleDamage));
  chosen.push_back(item);
}

void SignaturePad::add_point(int x, int y) {
  if (strokes.empty()) begin_stroke();
  strokes.back().emplace_back(std::clamp(x, 0, 1000), std::clamp(y, 0, 1000));
}

bool SignaturePad::signed_enough() const {
  double length = 0;
  for (const auto& stroke : strokes)
    for (std::size_t i = 1; i < stroke.size(); ++i)
      length += std::hypot(stroke[i].first - stroke[i - 1].first, stroke[i].second - stroke[i - 1].second);
  return length >= 100;  // a tenth of the pad's width: more than a tap
}

std::string SignaturePad::serialize() const {
  std::string out;
  for (const auto& stroke : strokes) {
    if (stroke.empty()) continue;
    if (!out.empty()) out += ';';
    for (std::size_t i = 0; i < stroke.size(); ++i)
      out += fmt::format("{}{},{}", i ? " " : "", stroke[i].first, stroke[i].second);
  }
  return out;
}

void RepairFlow::go(Step step) {
  step_ = step;
  error_.reset();
}

std::string RepairFlow::category() const {
  return coverage_ ? coverage_->line.product.category : std::string();
}

void RepairFlow::found(Result<WarrantyInfo> info, std::string serial) {
  serial_ = std::move(serial);
  if (info) {
    coverage_ = std::move(*info);
  } else if (info.error().kind == ErrorKind::not_found) {
    // Not one we sold, or mistyped: shown back before any fee question.
    coverage_.reset();
    go(Step::unknown_serial);
    return;
  } else {
    error_ = info.error();
    return;
  }
  go(Step::coverage);
}

void RepairFlow::serial_is_right() {
  go(Step::coverage);
}

void RepairFlow::check_serial_again() {
  by_receipt_ = false;
  go(Step::identify);
}

void RepairFlow::use_receipt_instead() {
  by_receipt_ = true;
  go(Step::identify);
}

void RepairFlow::submit_serial() {
  std::string serial = normalize_serial(clean_scan(serial_input));
  if (serial.empty()) {
    error_ = Error{ErrorKind::invalid_input, "Please scan or type the serial number.", "serial"};
    return;
  }
  found(services_.warranty.by_serial(serial, services_.cases.now()), serial);
}

void RepairFlow::submit_receipt() {
  std::string receipt = clean_scan(receipt_input);
  auto lines = services_.warranty.receipt_lines(receipt);
  if (!lines) {
    error_ = lines.error();
    return;
  }
  receipt_lines_ = std::move(*lines);
  go(Step::pick_line);
}

void RepairFlow::choose_line(std::size_t index) {
  if (index >= receipt_lines_.size()) return;
  const SoldLine& line = receipt_lines_[index];
  found(services_.warranty.by_receipt_line(line.receipt_number, line.line_no, services_.cases.now()),
        line.serial.value_or(""));
}

bool RepairFlow::needs_fee() const {
  return !coverage_ || !is_covered(coverage_->verdict.status);
}

void RepairFlow::accept_coverage(bool accepted) {
  fee_accepted = accepted;
  if (!coverage_ && trim(product_description).empty()) {
    error_ = Error{ErrorKind::invalid_input, "Please say what the product is (brand and model).", "product"};
    return;
  }
  if (needs_fee() && !fee_accepted) {
    error_ = Error{ErrorKind::refused,
                   fmt::format("A diagnostic fee of {} applies to items out of warranty. Accept it to continue, or "
                               "ask at the service counter.",
                               format_price(diagnostic_fee_cents())),
                   "diagnostic_fee"};
    return;
  }
  go(Step::problem);
}

void RepairFlow::choose_problem(std::string category) {
  problem_category = std::move(category);
  go(Step::describe);
}

void RepairFlow::submit_problem() {
  if (problem_category.empty()) {
    go(Step::problem);
    error_ = Error{ErrorKind::invalid_input, "Please choose what kind of problem it is.", "problem_category"};
    return;
  }
  if (trim(problem_text).size() < 3) {
    error_ = Error{ErrorKind::invalid_input, "Please describe the problem in a few words.", "problem"};
    return;
  }
  go(Step::accessories);
}

void RepairFlow::submit_accessories() {
  if (visible_condition.empty()) {
    error_ =
        Error{ErrorKind::invalid_input, "Please check the item's condition (or \"No visible damage\").", "condition"};
    return;
  }
  bool undamaged =
      std::find(visible_condition.begin(), visible_condition.end(), kNoVisibleDamage) != visible_condition.end();
  if (undamaged && visible_condition.size() > 1) {
    error_ = Error{ErrorKind::invalid_input, "\"No visible damage\" can't go with a damage you ticked: untick one.",
                   "condition"};
    return;
  }
  go(Step::contact);
}

void RepairFlow::answer_notify(bool yes) {
  notify_answer = yes;
  contact.notify_consent = yes;
  if (error_ && error_->field == "notify_consent") error_.reset();
}

void RepairFlow::submit_contact() {
  auto errors = validate_contact(contact, true);
  if (!errors.empty()) {
    error_ = errors.front();
    return;
  }
  if (!notify_answer) {
    error_ =
        Error{ErrorKind::invalid_input, "Please say whether we may tell you when your case changes.", "notify_consent"};
    return;
  }
  loaner_offered_ = services_.config.loaners.offer_at_kiosk && services_.cases.loaner_available().value_or(false);
  go(loaner_offered_ ? Step::loaner : Step::review);
}

void RepairFlow::answer_loaner(bool yes) {
  loaner_answer = yes;
  go(Step::review);
}

void RepairFlow::accept_review() {
  go(Step::signature);
}

void RepairFlow::signature_started() {
  signature.begin_stroke();
  if (error_ && error_->field == "signature") error_.reset();
}

Instant RepairFlow::promised_at() const {
  int days = needs_fee() ? services_.config.turnaround.repair_out_of_warranty_days
                         : services_.config.turnaround.repair_in_warranty_days;
  return services_.cases.now() + std::chrono::days{days};
}

void RepairFlow::confirm() {
  if (!signature.signed_enough()) {
    error_ = Error{ErrorKind::invalid_input, "Please sign with your finger in the box.", "signature"};
    return;
  }
  RepairDraft draft;
  draft.serial = serial_;
  if (serial_.empty() && coverage_) {
    draft.receipt_number = coverage_->line.receipt_number;
    draft.line_no = coverage_->line.line_no;
  }
  draft.product_description = product_description;
  draft.problem_category = problem_category;
  draft.problem = problem_text;
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  };
  draft.accessories = join(accessories_left);
  draft.condition_notes = join(visible_condition);
  draft.customer = contact;
  draft.accepts_diagnostic_fee = fee_accepted;
  draft.signature_strokes = signature.serialize();
  draft.token = saving_.token();
  draft.wants_loaner = loaner_offered_ && loaner_answer.value_or(false);
  auto opened = services_.cases.open_repair(draft, "kiosk");
  if (!opened) {
    error_ = saving_.failed(opened.error());
    return;
  }
  opened_ = std::move(*opened);
  go(Step::done);
}

void RepairFlow::back() {
  switch (step_) {
    case Step::identify:
    case Step::done: return;
    case Step::pick_line:
    case Step::unknown_serial: go(Step::identify); return;
    case Step::coverage:
      go(!coverage_ ? Step::unknown_serial : receipt_lines_.empty() ? Step::identify : Step::pick_line);
      return;
    case Step::problem: go(Step::coverage); return;
    case Step::describe: go(Step::problem); return;
    case Step::accessories: go(Step::describe); return;
    case Step::contact: go(Step::accessories); return;
    case Step::loaner: go(Step::contact); return;
    case Step::review: go(loaner_offered_ ? Step::loaner : Step::contact); return;
    case Step::signature: go(Step::review); return;
  }
}

void RepairFlow::wipe() {
  scrub(serial_input);
  scrub(receipt_input);
  scrub(product_description);
  scrub(problem_text);
  scrub(contact);
  signature.clear();
  accessories_left.clear();
  visible_condition.clear();
}

}  // namespace aftersales::kiosk
