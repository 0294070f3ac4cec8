#include "core/status_view.h"

#include <algorithm>

#include "core/case_service.h"
#include "core/text.h"
#include "core/utf8.h"

namespace aftersales {
namespace {

std::string next_step_words(const Case& c, Language lang) {
  switch (c.status) {
    case CaseStatus::checked_in:
    case CaseStatus::diagnosing: return std::string(tr(lang, "Nothing to do for now: we will tell you what we find."));
    case CaseStatus::awaiting_approval: return std::string(tr(lang, "Please look at the estimate below and approve or decline it."));
    case CaseStatus::awaiting_parts: return std::string(tr(lang, "We are waiting for parts; the promised date moves with the wait."));
    case CaseStatus::repairing: return std::string(tr(lang, "Nothing to do for now: we will tell you when it is ready."));
    case CaseStatus::ready_for_pickup: return std::string(tr(lang, "Ready for pickup: bring this receipt to the service counter."));
    case CaseStatus::requested: return std::string(tr(lang, "Bring the item and this receipt to the service counter."));
    case CaseStatus::received: return std::string(tr(lang, "We are checking the item and will confirm the result."));
    case CaseStatus::approved: return std::string(tr(lang, "Your return is approved: the counter completes the refund, exchange or credit."));
    case CaseStatus::rejected: return std::string(tr(lang, "The return was declined. Ask at the service counter if you have questions."));
    case CaseStatus::completed: return std::string(tr(lang, "This case is complete. Thank you!"));
    case CaseStatus::cancelled: return std::string(tr(lang, "This case was cancelled. Ask at the service counter if you have questions."));
  }
  return {};
}

// A return decision's note: "Return approved: store credit (goodwill). <the staff's reason>".
std::string return_decision_note(const std::string& note, Language lang) {
  std::size_t end = note.find(". ");
  std::string head = note.substr(0, end);
  std::string reason = end == std::string::npos ? "" : note.substr(end + 2);
  std::string text;
  if (head.starts_with("Return approved: ")) {
    std::string outcome = head.substr(17, head.find(" (") == std::string::npos ? std::string::npos : head.find(" (") - 17);
    text = trf(lang, "Return approved: {}", tr(lang, outcome));
  } else {
    text = std::string(tr(lang, "Return rejected"));
  }
  return reason.empty() ? text : text + ". " + reason;
}

// The system writes its own notes in English for the staff's timeline; a customer reads them in
// their language. What a person wrote (a note, a reason) is shown as they wrote it.
std::string customer_note(const CaseEvent& e, Language lang, const std::vector<EstimateLine>& estimate) {
  if (e.kind == "estimate") return trf(lang, "Estimate: {} (parts and labour)", format_price(estimate_total(estimate)));
  if (e.kind == "decision" && e.to == CaseStatus::repairing) return std::string(tr(lang, "Estimate approved"));
  if (e.kind == "decision" && e.to == CaseStatus::ready_for_pickup)
    return std::string(tr(lang, "Estimate declined: the item is returned unrepaired"));
  if (e.kind == "decision") return return_decision_note(e.note, lang);
  if (e.kind == "status" && e.note == "Item received at the counter")
    return std::string(tr(lang, "Item received at the counter"));
  return e.note;
}

std::vector<StatusStep> steps_for(const Case& c, Language lang) {
  std::vector<StatusStep> steps;
  auto all = progress_steps(c.kind);
  auto current = std::ranges::find(all, c.status);
  for (auto it = all.begin(); it != all.end(); ++it) {
    // Optional steps the case skipped or never needed are left out of the line.
    bool optional = *it == CaseStatus::awaiting_approval || *it == CaseStatus::awaiting_parts;
    if (optional && it != current) continue;
    StepState state = current == all.end() ? StepState::upcoming
                      : it < current       ? StepState::done
                      : it == current      ? StepState::current
                                           : StepState::upcoming;
    if (c.status == CaseStatus::completed && it == current) state = StepState::done;
    steps.push_back({std::string(tr(lang, status_label(*it))), state});
  }
  return steps;
}

}  // namespace

std::string mask_name(std::string_view full_name) {
  std::u32string name = decode_utf8(trim(full_name));
  if (name.empty()) return {};
  return encode_utf8(name.substr(0, 1)) + "***";
}

Result<StatusView> build_status_view(CaseService& cases, std::string_view token, const Config& config,
                                     Language lang) {
  auto found = cases.find_by_token(token);
  if (!found) return std::unexpected(found.error());
  const Case& c = *found;
  Instant now = cases.now();
  if (c.closed_at && now - *c.closed_at > std::chrono::days{config.server.link_days_after_close})
    return fail(ErrorKind::not_found, "No case matches this link.", "token");

  StatusView v;
  v.language = lang;
  v.token = c.token;
  v.store_name = config.store.name;
  v.store_phone = config.store.phone;
  v.opening_hours = config.store.opening_hours;
  v.code = c.code;
  v.kind = std::string(tr(lang, c.kind == CaseKind::repair ? "Repair" : "Return"));
  v.product = c.product_name;
  if (c.serial && c.serial->size() >= 4) v.serial_hint = "…" + c.serial->substr(c.serial->size() - 4);
  v.customer = mask_name(c.customer_name);
  v.status = std::string(tr(lang, status_label(c.status)));
  v.next_step = next_step_words(c, lang);
  v.stopped = c.status == CaseStatus::cancelled || c.status == CaseStatus::rejected;
  if (!v.stopped) v.steps = steps_for(c, lang);
  if (c.is_open()) v.promised_date = format_date(config.time_zone.local_date(c.promised_at(now)));

  auto events = cases.events(c.id);
  if (!events) return std::unexpected(events.error());
  auto estimate = cases.estimate(c.id);
  if (!estimate) return std::unexpected(estimate.error());
  for (auto it = events->rbegin(); it != events->rend(); ++it) {
    if (!it->customer_visible || it->note.empty() || it->kind == "opened") continue;
    v.last_note = customer_note(*it, lang, *estimate);
    v.last_note_date = format_date(config.time_zone.local_date(it->at));
    break;
  }
  if (c.status == CaseStatus::awaiting_approval && c.estimate_state == "pending") {
    v.awaiting_decision = true;
    v.estimate = *estimate;
    v.estimate_total_cents = estimate_total(*estimate);
  }
  if (c.status == CaseStatus::completed) {
    auto rating = cases.feedback_rating(c.id);
    if (!rating) return std::unexpected(rating.error());
    v.feedback_rating = *rating;
    v.feedback_open = !rating->has_value();
  }
  return v;
}

}  // namespace aftersales
