#pragma once
// "Return an item", one question a step: receipt -> item and quantity -> (for an item sold with a
// serial number: the serial of the one brought back) -> reason -> condition -> the policy's answer
// -> contact (optional unless the store's return controls need one) -> review -> confirm. The screen draws from this
// state and calls these methods; nothing here knows about ImGui.
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case.h"
#include "core/domain/case_drafts.h"
#include "kiosk_services.h"
#include "save_attempts.h"

namespace aftersales::kiosk {

// What the shopper is told of a return that waits for staff, in their language; empty for none.
// The same neutral words for every reason but a serial they typed themselves.
std::string return_handover_words(ReturnHandover handover, Language lang);

class ReturnFlow {
 public:
  enum class Step { receipt, item, serial, reason, condition, answer, contact, review, done };
  static constexpr int kSteps = 7;  // shown as "step N of 7" (done is the receipt screen)

  explicit ReturnFlow(KioskServices& services) : services_(services) {}

  Step step() const { return step_; }
  int step_number() const;  // the serial is part of step 2, choosing the item
  const std::optional<Error>& error() const { return error_; }

  // Step receipt: the number typed on the keypad or scanned.
  std::string receipt_input;
  void submit_receipt();
  // Step item: the receipt's lines, each with what returning all of it would mean.
  const std::vector<ReturnCheckLine>& lines() const { return lines_; }
  void choose_item(std::size_t index, int quantity);
  // Step serial: the serial number on the item brought back, typed or scanned.
  std::string serial_input;
  void submit_serial();
  // Steps reason, condition.
  void choose_reason(ReturnReason reason);
  void choose_condition(ItemCondition condition);
  // Step answer: the policy's decision in plain words; refused answers end here (Back or Cancel).
  const ReturnDecision& decision() const { return decision_; }
  void accept_answer();
  // Step contact, optional unless the store's return controls need a phone or an e-mail
  // (contact_required: there is no skipping it then); given either, "tell me when my case changes?"
  // needs an answer.
  bool contact_required() const { return contact_required_; }
  CustomerContact contact;
  std::optional<bool> notify_answer;
  void answer_notify(bool yes);
  void submit_contact();
  void skip_contact();
  // Step review.
  const ReturnDraft& draft() const { return draft_; }
  void confirm();
  // Step done: the case the receipt screen shows.
  const std::optional<Case>& opened() const { return opened_; }
  // What the shopper is told when the return waits for staff (ReturnHandover), in their language;
  // empty when it does not. Never why, beyond a serial they typed themselves.
  std::string handover_words(Language lang) const;

  void back();
  // Overwrites what the shopper typed (receipt number, contact) before the flow is dropped.
  void wipe();

 private:
  void go(Step step);
  void refresh_decision();

  KioskServices& services_;
  Step step_ = Step::receipt;
  std::optional<Error> error_;
  std::vector<ReturnCheckLine> lines_;
  std::size_t chosen_line_ = 0;
  ReturnDraft draft_;
  ReturnDecision decision_;
  std::optional<Case> opened_;
  bool contact_required_ = false;
  SaveAttempts saving_;
};

}  // namespace aftersales::kiosk
