#pragma once
// "Repair check-in": identify the item (serial, or receipt then line; a serial we did not sell is
// shown back to be checked first) -> its coverage (out of warranty: accept the diagnostic fee) ->
// kind of problem -> its description -> accessories left and visible condition -> contact and
// whether to be told of changes -> review of everything the receipt will say, terms included ->
// (where the store offers loaners at the kiosk and one is free: would they like one? the counter
// decides) -> signature, the last act, which confirms. Nothing required can be skipped: each step's submit
// refuses until its answer is there.
#include <optional>
#include <string>
#include <vector>

#include "core/domain/case.h"
#include "core/domain/case_drafts.h"
#include "kiosk_services.h"
#include "save_attempts.h"

namespace aftersales::kiosk {

// Checklists by product category (what people usually leave with it, what to look for).
std::vector<std::string> accessory_choices(std::string_view category);
std::vector<std::string> condition_choices(std::string_view category);
std::vector<std::string> problem_categories();
// "No visible damage" and a damage item exclude each other: choosing one clears the other.
void toggle_condition(std::vector<std::string>& chosen, const std::string& item);
inline constexpr std::string_view kNoVisibleDamage = "No visible damage";

struct SignaturePad {
  std::vector<std::vector<std::pair<int, int>>> strokes;  // 0..1000 in both directions
  void begin_stroke() { strokes.emplace_back(); }
  void add_point(int x, int y);
  void clear() { strokes.clear(); }
  bool signed_enough() const;     // at least one stroke with some length
  std::string serialize() const;  // "x,y x,y;x,y ..."
};

class RepairFlow {
 public:
  enum class Step {
    identify,
    pick_line,
    unknown_serial,
    coverage,
    problem,
    describe,
    accessories,
    contact,
    loaner,
    review,
    signature,
    done
  };

  explicit RepairFlow(KioskServices& services) : services_(services) {}

  Step step() const { return step_; }
  const std::optional<Error>& error() const { return error_; }

  // identify: a serial, or a receipt number (then pick_line)
  std::string serial_input;
  void submit_serial();
  std::string receipt_input;
  void submit_receipt();
  const std::vector<SoldLine>& receipt_lines() const { return receipt_lines_; }
  void choose_line(std::size_t index);
  // unknown_serial: the serial as we read it, to check before any fee question.
  const std::string& unknown_serial() const { return serial_; }
  void serial_is_right();      // on to coverage: describe the product, accept the fee
  void check_serial_again();   // back to identify, the typed serial kept for correcting
  void use_receipt_instead();  // back to identify, by receipt
  // coverage
  const std::optional<WarrantyInfo>& coverage() const { return coverage_; }
  bool needs_fee() const;
  std::int64_t diagnostic_fee_cents() const { return services_.config.warranty.diagnostic_fee_cents; }
  std::string product_description;  // for a serial we did not sell
  bool fee_accepted = false;        // the shopper's tick on the fee question (kept when they come back)
  void accept_coverage(bool accepted);
  // problem: its kind (a tap moves on), then its description
  std::string problem_category;
  void choose_problem(std::string category);
  std::string problem_text;
  void submit_problem();
  // accessories and condition
  std::vector<std::string> accessories_left;
  std::vector<std::string> visible_condition;
  void submit_accessories();
  // contact, and the answer to "tell me when my case changes?" (unanswered: nullopt)
  CustomerContact contact;
  std::optional<bool> notify_answer;
  void answer_notify(bool yes);
  void submit_contact();
  // loaner (only where [loaners] offer_at_kiosk is on and a loaner is free): a tap answers and moves
  // on; a yes is a request on the case for the counter, which decides and lends.
  std::optional<bool> loaner_answer;
  void answer_loaner(bool yes);
  bool loaner_offered() const { return loaner_offered_; }
  // review: everything the receipt will say
  Instant promised_at() const;
  void accept_review();
  // signature: "I agree to the above"; signing well enough opens the case
  SignaturePad signature;
  void signature_started();  // a new stroke: a "please sign" error has been answered
  void confirm();
  const std::optional<Case>& opened() const { return opened_; }

  void back();
  std::string category() const;
  bool by_receipt() const { return by_receipt_; }
  void set_by_receipt(bool on) { by_receipt_ = on; }
  // Overwrites what the shopper typed (serial, receipt, description, contact, signature).
  void wipe();

 private:
  void go(Step step);
  void found(Result<WarrantyInfo> info, std::string serial);

  KioskServices& services_;
  Step step_ = Step::identify;
  std::optional<Error> error_;
  std::vector<SoldLine> receipt_lines_;
  std::optional<WarrantyInfo> coverage_;
  std::string serial_;
  bool by_receipt_ = false;
  bool loaner_offered_ = false;  // asked when the shopper left the contact step
  std::optional<Case> opened_;
  SaveAttempts saving_;
};

}  // namespace aftersales::kiosk
