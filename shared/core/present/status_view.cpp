#include "core/present/status_view.h"

#include <sodium.h>

#include <algorithm>

#include "core/base/text.h"
#include "core/base/utf8.h"
#include "core/domain/case_drafts.h"
#include "core/domain/local_format.h"
#include "core/present/event_text.h"
#include "core/services/case_service.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

std::string next_step_words(const Case& c, Language lang, const std::vector<ChainStore>& stores) {
  // Without consent nobody is told anything: never promise a message that will not come.
  if (!c.notify_consent && (c.status == CaseStatus::checked_in || c.status == CaseStatus::diagnosing))
    return std::string(tr(lang, "Nothing to do for now. We send no messages: look here again for what we find."));
  if (!c.notify_consent && c.status == CaseStatus::repairing)
    return std::string(
        tr(lang, "Nothing to do for now. We send no messages: look here again to see when it is ready."));
  switch (c.status) {
    case CaseStatus::checked_in:
    case CaseStatus::diagnosing: return std::string(tr(lang, "Nothing to do for now: we will tell you what we find."));
    case CaseStatus::awaiting_approval:
      return std::string(tr(lang, "Please look at the estimate below and approve or decline it."));
    case CaseStatus::awaiting_parts:
      return std::string(tr(lang, "We are waiting for parts; the promised date moves with the wait."));
    case CaseStatus::repairing:
      return std::string(tr(lang, "Nothing to do for now: we will tell you when it is ready."));
    case CaseStatus::ready_for_pickup:
      return std::string(tr(lang, "Ready for pickup: bring this receipt to the service counter."));
    case CaseStatus::requested: return std::string(tr(lang, "Bring the item and this receipt to the service counter."));
    case CaseStatus::received: return std::string(tr(lang, "We are checking the item and will confirm the result."));
    case CaseStatus::approved:
      return std::string(tr(lang, "Your return is approved: the counter completes the refund, exchange or credit."));
    case CaseStatus::rejected:
      return std::string(tr(lang, "The return was declined. Ask at the service counter if you have questions."));
    case CaseStatus::completed: return std::string(tr(lang, "This case is complete. Thank you!"));
    case CaseStatus::cancelled:
      return std::string(tr(lang, "This case was cancelled. Ask at the service counter if you have questions."));
    case CaseStatus::transferred:
      return trf(lang, "Your repair went to our store {}, which carries on with it.",
                 store_label(stores, c.transferred_to));
  }
  return {};
}

std::vector<StatusStep> steps_for(const Case& c, Language lang) {
  std::vector<StatusStep> steps;
  auto all = progress_steps(c.kind);
  auto current = std::ranges::find(all, c.status);
  for (auto it = all.begin(); it != all.end(); ++it) {
    // Optional steps the case skipped or never needed are left out of the line.
    bool optional = *it == CaseStatus::awaiting_approval || *it == CaseStatus::awaiting_parts;
    if (optional && it != current) continue;
    // A repair that went on to pickup without being repaired (the estimate declined, nothing to
    // fix) never passed "Being repaired": the line must not say it did.
    if (*it == CaseStatus::repairing && !c.was_repaired && current != all.end() && it < current) continue;
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

const CaseEvent* latest_customer_update(const std::vector<CaseEvent>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it)
    if (it->customer_visible && it->kind != EventKind::opened && event_has_words(*it)) return &*it;
  return nullptr;
}

namespace {

void describe_hours(StatusView& v, const Config& config, Instant now) {
  if (!config.store.hours) {
    v.opening_hours = config.store.opening_hours;
    v.opening_hours_language = parse_language(config.kiosk.default_language).value_or(Language::en);
    return;
  }
  Date today = config.time_zone.local_date(now);
  auto minute = std::chrono::duration_cast<std::chrono::minutes>(now - config.time_zone.start_of(today)).count();
  v.opening_hours = format_week(*config.store.hours, today, v.language);
  v.opening_hours_language = v.language;
  v.open_now = format_open_state(open_state(*config.store.hours, today, static_cast<int>(minute)), today, v.language);
}

// At headquarters a store's case is shown with that store's name and phone, when headquarters gave
// them: the config's are headquarters' own, and so are its opening hours, never shown for a store.
void describe_owning_store(StatusView& v, const Case& c, const StoresAround& around) {
  if (c.store_id.empty() || c.store_id == around.own_store) return;
  auto store = std::ranges::find(around.stores, c.store_id, &ChainStore::id);
  if (store == around.stores.end() || (store->name.empty() && store->phone.empty())) return;
  if (!store->name.empty()) v.store_name = store->name;
  if (!store->phone.empty()) v.store_phone = store->phone;  // else headquarters': someone answers there
  v.opening_hours.clear();
  v.open_now.clear();
}

}  // namespace

Result<StatusView> build_status_view(CaseService& cases, std::string_view token, const Config& config, Language lang) {
  return build_status_view(cases, token, config, lang, lang);
}

Result<StatusView> build_status_view(CaseService& cases, std::string_view token, const Config& config,
                                     std::optional<Language> chosen, Language fallback) {
  auto found = cases.find_by_token(token);
  if (!found) return std::unexpected(found.error());
  const Case& c = *found;
  Language lang = chosen ? *chosen : parse_language(c.customer_language).value_or(fallback);
  Instant now = cases.now();
  if (c.closed_at && now - *c.closed_at > std::chrono::days{config.server.link_days_after_close})
    return fail(ErrorKind::not_found, "No case matches this link.", "token");

  StatusView v;
  v.language = lang;
  v.token = c.token;
  v.store_name = config.store.name;
  v.store_phone = config.store.phone;
  describe_hours(v, config, now);
  v.currency = config.store.currency;
  v.code = c.code;
  v.kind = std::string(tr(lang, c.kind == CaseKind::repair ? "Repair" : "Return"));
  v.kind_code = std::string(to_string(c.kind));
  v.product = c.product_name;
  if (c.serial && c.serial->size() >= 4) v.serial_hint = c.serial->substr(c.serial->size() - 4);
  v.customer = mask_name(c.customer_name);
  v.status = std::string(tr(lang, status_label(c.status)));
  v.status_code = std::string(to_string(c.status));
  StoresAround around;
  if (!c.store_id.empty() || c.status == CaseStatus::transferred) {
    // Names are a courtesy: a database that cannot say them (a role without the right) shows ids.
    if (auto found_around = cases.stores_around()) around = std::move(*found_around);
  }
  describe_owning_store(v, c, around);
  v.next_step = next_step_words(c, lang, around.stores);
  v.stopped =
      c.status == CaseStatus::cancelled || c.status == CaseStatus::rejected || c.status == CaseStatus::transferred;
  if (!v.stopped) v.steps = steps_for(c, lang);
  if (c.is_open()) {
    Date promised = config.time_zone.local_date(c.promised_at(now));
    v.promised_date = format_date(promised, lang);
    v.promised_on = format_date(promised);
  }
  if (c.status == CaseStatus::awaiting_parts) {
    auto expected = cases.part_expected_by(c.id);
    if (!expected) return std::unexpected(expected.error());
    if (*expected) {
      v.part_expected = trf(lang, "Part expected by {}", format_date(**expected, lang));
      v.part_expected_on = format_date(**expected);
      // Ordered: the promise is set from the supplier's day, not paused by the wait.
      v.next_step = tr(lang, "We are waiting for a part; the promised date follows its delivery.");
    }
  }

  auto events = cases.events(c.id);
  if (!events) return std::unexpected(events.error());
  auto estimate = cases.estimate(c.id);
  if (!estimate) return std::unexpected(estimate.error());
  if (const CaseEvent* update = latest_customer_update(*events)) {
    v.last_note = customer_event_text(*update, lang, v.currency, around.stores);
    v.last_note_date = format_date(config.time_zone.local_date(update->at), lang);
  }
  v.estimate_state = c.estimate_state;
  if (c.estimate_state != "none") {
    v.estimate = *estimate;
    v.estimate_total_cents = estimate_total(*estimate);
    auto why = cases.estimate_explanation(c.id);
    if (!why) return std::unexpected(why.error());
    v.estimate_explanation = *why;
  }
  if (c.status == CaseStatus::awaiting_approval && c.estimate_state == "pending") v.awaiting_decision = true;
  if (c.estimate_state == "approved" || c.estimate_state == "declined") {
    for (auto it = events->rbegin(); it != events->rend(); ++it)
      if (it->kind == EventKind::estimate_approved || it->kind == EventKind::estimate_declined) {
        v.decided_at = format_date_time(config.time_zone, it->at, lang);
        v.decided_at_utc = format_instant(it->at);
        break;
      }
  }
  if (c.kind == CaseKind::repair) {
    auto money = cases.money(c);
    if (!money) return std::unexpected(money.error());
    v.paid_cents = money->paid_cents;
    v.diagnostic_fee_cents = c.diagnostic_fee_cents;
    // Once the case is closed the page claims nothing is owed either way: a pickup paid at the till
    // and never recorded here, or a cancelled repair, must not read as a debt.
    if (c.is_open()) {
      v.due_cents = money->due_cents();
      v.credit_cents = money->credit_cents();
    }
    // Only while the repair is open: "when you collect" means nothing once it was collected.
    auto loaner = cases.loaner_to_bring(c.id);
    if (!loaner) return std::unexpected(loaner.error());
    if (c.is_open()) v.loaner_to_bring = *loaner;
  }
  if (c.status == CaseStatus::ready_for_pickup) {
    v.pickup = true;
    if (c.diagnostic_fee_cents > 0)
      v.due_at_pickup.push_back({std::string(tr(lang, "Diagnostic fee")), c.diagnostic_fee_cents});
    if (c.estimate_state == "approved")
      v.due_at_pickup.push_back({std::string(tr(lang, "The repair, as you approved it")), v.estimate_total_cents});
    if (v.paid_cents - v.credit_cents > 0 && !v.due_at_pickup.empty())
      v.due_at_pickup.push_back({std::string(tr(lang, "Paid already")), -(v.paid_cents - v.credit_cents)});
  }
  if (c.status == CaseStatus::completed && c.kind == CaseKind::repair && c.workmanship_until) {
    v.repair_warranty_until = format_date(*c.workmanship_until, lang);
    v.repair_warranty_until_on = format_date(*c.workmanship_until);
  }
  if (c.status == CaseStatus::completed) {
    auto rating = cases.feedback_rating(c.id);
    if (!rating) return std::unexpected(rating.error());
    v.feedback_rating = *rating;
    v.feedback_open = !rating->has_value();
  }
  return v;
}

bool track_key_matches(Database& db, const Case& c, std::string_view typed) {
  auto same = [](const std::string& a, const std::string& b) {
    return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
  };
  std::string key = trim(typed);
  bool matched = false;
  std::string phone = phone_digits(c.customer_phone);
  if (phone.size() >= 4) return same(phone.substr(phone.size() - 4), key);
  // Only a case without a phone is found by its e-mail or receipt number: a receipt number is
  // easier to guess than four digits, so it opens nothing that a phone protects.
  std::string email = to_lower_ascii(trim(c.customer_email));
  if (email.find('@') != std::string::npos) matched |= same(email, to_lower_ascii(key));
  if (c.sale_line_id) {
    Statement q =
        db.prepare("SELECT s.receipt_number FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE l.id = ?1");
    q.bind_all(*c.sale_line_id);
    std::string receipt = q.step() ? to_upper_ascii(q.get_text(0)) : std::string();
    matched |= same(receipt, to_upper_ascii(key));
  }
  return matched;
}

}  // namespace aftersales
