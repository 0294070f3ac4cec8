#include "repair_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/catalog.h"
#include "core/text.h"
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
  return {"Does not turn on", "Screen", "Battery or charging", "Sound", "Connectivity", "Noise", "Overheating", "Other"};
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

std::string RepairFlow::category() const { return coverage_ ? coverage_->line.product.category : std::string(); }

void RepairFlow::found(Result<WarrantyInfo> info, std::string serial) {
  serial_ = std::move(serial);
  if (info) {
    coverage_ = std::move(*info);
  } else if (info.error().kind == ErrorKind::not_found) {
    coverage_.reset();  // not one we sold: out of warranty, the product must be described
  } else {
    error_ = info.error();
    return;
  }
  go(Step::coverage);
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

bool RepairFlow::needs_fee() const { return !coverage_ || !is_covered(coverage_->verdict.status); }

void RepairFlow::accept_coverage(bool fee_accepted) {
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
  fee_accepted_ = fee_accepted;
  go(Step::problem);
}

void RepairFlow::submit_problem() {
  if (problem_category.empty()) {
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
    error_ = Error{ErrorKind::invalid_input, "Please check the item's condition (or \"No visible damage\").",
                   "condition"};
    return;
  }
  go(Step::contact);
}

void RepairFlow::submit_contact() {
  auto errors = validate_contact(contact, true);
  if (!errors.empty()) {
    error_ = errors.front();
    return;
  }
  go(Step::signature);
}

void RepairFlow::submit_signature() {
  if (!signature.signed_enough()) {
    error_ = Error{ErrorKind::invalid_input, "Please sign with your finger in the box.", "signature"};
    return;
  }
  go(Step::review);
}

Instant RepairFlow::promised_at() const {
  int days = needs_fee() ? services_.config.turnaround.repair_out_of_warranty_days
                         : services_.config.turnaround.repair_in_warranty_days;
  return services_.cases.now() + std::chrono::days{days};
}

void RepairFlow::confirm() {
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
  draft.accepts_diagnostic_fee = fee_accepted_;
  draft.signature_strokes = signature.serialize();
  auto opened = services_.cases.open_repair(draft, "kiosk");
  if (!opened) {
    error_ = opened.error();
    return;
  }
  opened_ = std::move(*opened);
  go(Step::done);
}

void RepairFlow::back() {
  switch (step_) {
    case Step::identify:
    case Step::done: return;
    case Step::pick_line: go(Step::identify); return;
    case Step::coverage: go(receipt_lines_.empty() ? Step::identify : Step::pick_line); return;
    case Step::problem: go(Step::coverage); return;
    case Step::accessories: go(Step::problem); return;
    case Step::contact: go(Step::accessories); return;
    case Step::signature: go(Step::contact); return;
    case Step::review: go(Step::signature); return;
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
