#include "return_flow.h"

#include "core/base/text.h"
#include "core/base/translation.h"
#include "core/services/return_controls.h"
#include "scan_input.h"
#include "session.h"

namespace aftersales::kiosk {

int ReturnFlow::step_number() const {
  switch (step_) {
    case Step::receipt: return 1;
    case Step::item:
    case Step::serial: return 2;
    case Step::reason: return 3;
    case Step::condition: return 4;
    case Step::answer: return 5;
    case Step::contact: return 6;
    case Step::review: return 7;
    case Step::done: return 8;
  }
  return 1;
}

void ReturnFlow::go(Step step) {
  step_ = step;
  error_.reset();
}

void ReturnFlow::submit_receipt() {
  std::string receipt = clean_scan(receipt_input);
  if (receipt.empty()) {
    error_ = Error{ErrorKind::invalid_input, "Please scan or type the receipt number.", "receipt"};
    return;
  }
  auto lines = services_.returns.check_receipt(receipt, ReturnReason::changed_mind, ItemCondition::sealed,
                                               services_.cases.now());
  if (!lines) {
    error_ = lines.error();
    return;
  }
  lines_ = std::move(*lines);
  draft_ = ReturnDraft{};
  draft_.receipt_number = receipt;
  go(Step::item);
}

void ReturnFlow::choose_item(std::size_t index, int quantity) {
  if (index >= lines_.size()) return;
  const ReturnCheckLine& line = lines_[index];
  if (line.decision.quantity_returnable == 0) {
    error_ = Error{ErrorKind::refused, line.decision.explanation, "item"};
    return;
  }
  if (quantity < 1 || quantity > line.decision.quantity_returnable) {
    error_ = Error{ErrorKind::invalid_input, "Please choose how many you are returning.", "quantity"};
    return;
  }
  chosen_line_ = index;
  draft_.sku_or_serial = line.line.serial ? *line.line.serial : line.line.product.sku;
  draft_.quantity = quantity;
  draft_.brought_serial.clear();
  go(line.line.serial ? Step::serial : Step::reason);
}

void ReturnFlow::submit_serial() {
  std::string serial = clean_scan(serial_input);
  if (serial.empty()) {
    error_ = Error{ErrorKind::invalid_input, "Please scan or type the serial number of the item you are returning.",
                   "serial"};
    return;
  }
  // Whether it matches the one sold is the case's business when it is opened (the counter sees
  // what was typed); asking again here would only teach which serial to bring.
  draft_.brought_serial = serial;
  go(Step::reason);
}

void ReturnFlow::choose_reason(ReturnReason reason) {
  draft_.reason = reason;
  go(Step::condition);
}

void ReturnFlow::refresh_decision() {
  auto checked = services_.returns.check(draft_.receipt_number, draft_.sku_or_serial, draft_.quantity, draft_.reason,
                                         draft_.condition, services_.cases.now());
  if (!checked) {
    error_ = checked.error();
    return;
  }
  decision_ = checked->decision;
}

void ReturnFlow::choose_condition(ItemCondition condition) {
  draft_.condition = condition;
  refresh_decision();
  if (!error_) go(Step::answer);
}

void ReturnFlow::accept_answer() {
  if (!decision_.accepted()) {
    error_ = Error{ErrorKind::refused, decision_.explanation, "item"};
    return;
  }
  auto needed = services_.returns.needs_contact(services_.cases.now());
  if (!needed) {
    error_ = needed.error();
    return;
  }
  contact_required_ = *needed;
  go(Step::contact);
}

void ReturnFlow::answer_notify(bool yes) {
  notify_answer = yes;
  contact.notify_consent = yes;
  if (error_ && error_->field == "notify_consent") error_.reset();
}

void ReturnFlow::submit_contact() {
  auto errors = validate_contact(contact, false);
  if (!errors.empty()) {
    error_ = errors.front();
    return;
  }
  bool reachable = !trim(contact.phone).empty() || !trim(contact.email).empty();
  if (!reachable && contact_required_) {
    error_ = Error{ErrorKind::invalid_input, kReturnNeedsContact, "phone"};
    return;
  }
  if (reachable && !notify_answer) {
    error_ =
        Error{ErrorKind::invalid_input, "Please say whether we may tell you when your case changes.", "notify_consent"};
    return;
  }
  draft_.customer = contact;
  go(Step::review);
}

void ReturnFlow::skip_contact() {
  if (contact_required_) {
    error_ = Error{ErrorKind::invalid_input, kReturnNeedsContact, "phone"};
    return;
  }
  contact = {};
  notify_answer.reset();
  draft_.customer = {};
  go(Step::review);
}

void ReturnFlow::confirm() {
  draft_.token = saving_.token();
  auto opened = services_.cases.open_return(draft_, "kiosk");
  if (!opened && opened.error().message == kReturnNeedsContact) {
    // The controls came into force while they went on (a blocklist entry added meanwhile): back to
    // the contact step, now without Skip, with the reason by the phone field.
    contact_required_ = true;
    go(Step::contact);
    error_ = opened.error();
    return;
  }
  if (!opened) {
    error_ = saving_.failed(opened.error());  // what they chose stays; they can try again or ask at the counter
    return;
  }
  opened_ = std::move(*opened);
  go(Step::done);
}

void ReturnFlow::back() {
  switch (step_) {
    case Step::receipt:
    case Step::done: return;
    case Step::item: go(Step::receipt); return;
    case Step::serial: go(Step::item); return;
    case Step::reason: go(draft_.brought_serial.empty() ? Step::item : Step::serial); return;
    case Step::condition: go(Step::reason); return;
    case Step::answer: go(Step::condition); return;
    case Step::contact: go(Step::answer); return;
    case Step::review: go(Step::contact); return;
  }
}

void ReturnFlow::wipe() {
  scrub(receipt_input);
  scrub(contact);
  scrub(draft_.customer);
  scrub(draft_.receipt_number);
  scrub(draft_.details);
  scrub(serial_input);
  scrub(draft_.brought_serial);
}

std::string ReturnFlow::handover_words(Language lang) const {
  return opened_ ? return_handover_words(opened_->handover, lang) : std::string();
}

std::string return_handover_words(ReturnHandover handover, Language lang) {
  switch (handover) {
    case ReturnHandover::none: return {};
    case ReturnHandover::serial_mismatch:
      return std::string(
          tr(lang, "The serial number of this item does not match the one sold. Please see the counter."));
    case ReturnHandover::see_counter:
      return std::string(tr(lang, "A member of staff will finish this return with you. Please see the counter."));
  }
  return {};
}

}  // namespace aftersales::kiosk
