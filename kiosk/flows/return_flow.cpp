#include "return_flow.h"

#include "core/base/text.h"
#include "scan_input.h"
#include "session.h"

namespace aftersales::kiosk {

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
  if (reachable && !notify_answer) {
    error_ =
        Error{ErrorKind::invalid_input, "Please say whether we may tell you when your case changes.", "notify_consent"};
    return;
  }
  draft_.customer = contact;
  go(Step::review);
}

void ReturnFlow::skip_contact() {
  contact = {};
  notify_answer.reset();
  draft_.customer = {};
  go(Step::review);
}

void ReturnFlow::confirm() {
  draft_.token = saving_.token();
  auto opened = services_.cases.open_return(draft_, "kiosk");
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
    case Step::reason: go(Step::item); return;
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
}

}  // namespace aftersales::kiosk
