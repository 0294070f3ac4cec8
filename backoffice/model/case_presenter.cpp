#include "case_presenter.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "core/present/event_text.h"
#include "core/present/status_view.h"
#include "core/storage/database.h"

namespace aftersales::backoffice {
namespace {

bool reachable(const Case& c) {
  return !trim(c.customer_phone).empty() || !trim(c.customer_email).empty();
}

std::string how_to_reach(const Case& c) {
  if (!trim(c.customer_phone).empty()) return "call them at " + trim(c.customer_phone);
  if (!trim(c.customer_email).empty()) return "write to them at " + trim(c.customer_email);
  return "there is no phone number or e-mail on the case: they see it on their status page";
}

std::string channel_words(const std::string& channel) {
  return channel == "email" ? "e-mail" : "text message";
}

const std::string& sender_command(const std::string& channel, const NotificationSettings& notifications) {
  return channel == "email" ? notifications.email_command : notifications.sms_command;
}

std::string no_sender(const Case& c, const std::string& channel) {
  return fmt::format("Not sent: no {} sender is set up (notifications.{}_command); {}.", channel_words(channel),
                     channel == "email" ? "email" : "sms", how_to_reach(c));
}

std::string not_written(const Case& c, NoticeSkip skip) {
  switch (skip) {
    case NoticeSkip::no_consent:
      return fmt::format("Not sent: the customer did not agree to messages; {}.", how_to_reach(c));
    case NoticeSkip::no_contact:
      return "Not sent: there is no phone number or e-mail on the case: they see it on their status page.";
    case NoticeSkip::none:
    case NoticeSkip::not_needed: break;
  }
  return fmt::format("Not sent: no message was written; {}.", how_to_reach(c));
}

// What the case waits for, said before how the customer was told.
std::string waiting_lead(const Case& c) {
  switch (c.status) {
    case CaseStatus::awaiting_approval: return "The estimate waits for the customer's answer.";
    case CaseStatus::ready_for_pickup: return "Ready for pickup.";
    case CaseStatus::approved: return "Return approved.";
    default: return std::string(staff_status_label(c.status)) + ".";
  }
}

}  // namespace

std::string case_title(const Case& c) {
  return fmt::format("{}  {}", c.code, staff_status_label(c.status));
}

std::string notice_outcome(const Case& c, CaseStatus to, const NotificationSettings& notifications) {
  NoticePlan plan = plan_customer_notice(c, to);
  if (plan.skip == NoticeSkip::not_needed) return {};
  if (!plan.queued()) return not_written(c, plan.skip);
  if (sender_command(plan.channel, notifications).empty()) return no_sender(c, plan.channel);
  return fmt::format("{} to {} is queued; the case shows when it has gone out.",
                     plan.channel == "email" ? "An e-mail" : "A text message", plan.recipient);
}

std::optional<NoticeBanner> notice_banner(const Case& c, const std::vector<CaseEvent>& events,
                                          const std::vector<OutboxMessage>& notices,
                                          const NotificationSettings& notifications, const StoreTimeZone& zone,
                                          Instant now) {
  if (!c.is_open() || !notifies_customer(c.kind, c.status)) return std::nullopt;
  std::optional<Instant> since;  // when the case got to where it is
  for (auto it = events.rbegin(); it != events.rend(); ++it)
    if (it->to == c.status) {
      since = it->at;
      break;
    }
  const OutboxMessage* newest = nullptr;
  for (const OutboxMessage& m : notices)
    if ((!since || m.created_at >= *since) && (!newest || m.created_at >= newest->created_at)) newest = &m;
  std::string lead = waiting_lead(c);
  // A declined estimate sends the item to pickup without a message: the customer gave that answer
  // (on their status page, which now says it is ready, or to the counter).
  if (!newest && c.status == CaseStatus::ready_for_pickup && c.estimate_state == "declined")
    return NoticeBanner{false,
                        "Ready for pickup, unrepaired: the customer declined the estimate, so no message "
                        "was sent; their status page says it is ready."};
  if (!newest) return NoticeBanner{reachable(c), lead + " " + not_written(c, plan_customer_notice(c, c.status).skip)};
  const OutboxMessage& m = *newest;
  std::string what = m.channel == "email" ? "e-mail" : "text message";
  if (m.sent_at)
    return NoticeBanner{false, fmt::format("{} The customer was told: {} to {} sent {}.", lead, what, m.recipient,
                                           format_date_time(zone, *m.sent_at, Language::en))};
  if (sender_command(m.channel, notifications).empty()) return NoticeBanner{true, lead + " " + no_sender(c, m.channel)};
  if (m.attempts > 0)
    return NoticeBanner{true, fmt::format("{} Not sent yet: {} to {} failed {} time{}{}; next try {}. If it cannot "
                                          "wait, {}.",
                                          lead, what, m.recipient, m.attempts, m.attempts == 1 ? "" : "s",
                                          m.last_error ? " (" + *m.last_error + ")" : "",
                                          format_date_time(zone, m.next_attempt_at, Language::en), how_to_reach(c))};
  if (now - m.created_at > kSenderLate)
    return NoticeBanner{true, fmt::format("{} Not sent yet: {} to {} has waited since {}; is the notification sender "
                                          "(aftersales notify) running? Meanwhile {}.",
                                          lead, what, m.recipient, format_date_time(zone, m.created_at, Language::en),
                                          how_to_reach(c))};
  return NoticeBanner{false, fmt::format("{} {} to {} is waiting to be sent (queued {}).", lead,
                                         m.channel == "email" ? "An e-mail" : "A text message", m.recipient,
                                         format_date_time(zone, m.created_at, Language::en))};
}

std::vector<TimelineRow> timeline_rows(const std::vector<CaseEvent>& events, const StoreTimeZone& zone) {
  std::vector<TimelineRow> rows;
  const CaseEvent* on_page = latest_customer_update(events);
  bool replaced = false;  // walking newest first: past the page's update, visible notes were replaced
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const CaseEvent& e = *it;
    TimelineRow row;
    row.heading = fmt::format("{}  {}", format_date_time(zone, e.at, Language::en), e.actor);
    std::string move;
    if (e.to && e.from)
      move = fmt::format("{} \u2192 {}", staff_status_label(*e.from), staff_status_label(*e.to));
    else if (e.to)
      move = std::string(staff_status_label(*e.to));
    // The opening event's note already says what it is ("Checked in for repair"), and an event's
    // words may begin with the new status itself ("Return approved: refund"): say it once.
    std::string words = staff_event_text(e);
    bool opening = e.to && !e.from && !words.empty();
    std::string to = e.to ? std::string(staff_status_label(*e.to)) : std::string();
    bool repeats =
        e.to && e.from && !words.empty() && (words.starts_with(to) || words.starts_with(status_label(*e.to)));
    if (move.empty() || opening)
      row.text = words;
    else if (repeats)
      row.text = fmt::format("{} \u2192 {}", staff_status_label(*e.from), words);
    else
      row.text = words.empty() ? move : fmt::format("{}: {}", move, words);
    row.customer_sees = &e == on_page;
    row.customer_saw = replaced && e.customer_visible && event_has_words(e) && e.kind != EventKind::opened;
    if (row.customer_sees) replaced = true;
    rows.push_back(std::move(row));
  }
  return rows;
}

PickupChecklist pickup_checklist(const Case& c, const std::vector<EstimateLine>& estimate, const CaseMoney& money,
                                 const std::optional<Loan>& loan) {
  PickupChecklist p;
  if (loan && loan->open())
    p.take_back = loan->blocks_pickup()
                      ? fmt::format("Loaner {} ({}): take it back first, or a manager records why not.", loan->tag,
                                    loan->description)
                      : fmt::format("Loaner {} ({}) not back: {} recorded why ({}).", loan->tag, loan->description,
                                    loan->waived_by, loan->waived_reason);
  // The same charges the customer's status page lists (core/present/status_view.cpp).
  if (c.diagnostic_fee_cents > 0) p.charges.push_back({"diagnostic fee", c.diagnostic_fee_cents});
  if (c.estimate_state == "approved") p.charges.push_back({"the approved repair", estimate_total(estimate)});
  p.total_cents = money.due_cents();
  std::string parts;
  for (const Charge& charge : p.charges)
    parts += fmt::format("{}{} {}", parts.empty() ? "" : " + ", charge.what, format_price(charge.cents));
  if (money.paid_cents > 0)
    parts += fmt::format("{}paid already {}", parts.empty() ? "" : " - ", format_price(money.paid_cents));
  if (money.credit_cents() > 0) {
    p.amount_due = fmt::format("Nothing to pay; give back {} ({})", format_price(money.credit_cents()), parts);
  } else if (p.total_cents == 0) {
    p.amount_due = money.paid_cents > 0 ? fmt::format("Nothing to pay ({})", parts)
                   : c.kind == CaseKind::repair && c.estimate_state == "none" ? "Nothing to pay (no estimate, no fee)"
                                                                              : "Nothing to pay";
  } else if (p.charges.size() == 1 && money.paid_cents == 0) {
    p.amount_due = fmt::format("{} ({})", format_price(p.total_cents), p.charges[0].what);
  } else {
    p.amount_due = fmt::format("{}: {}", format_price(p.total_cents), parts);
  }
  if (c.estimate_state == "declined") p.amount_due += "; the estimate was declined: it goes back unrepaired";
  std::string accessories = trim(c.accessories);
  p.hand_back = accessories.empty() ? "The item only: nothing else was left with it."
                                    : fmt::format("The item, and what was left with it: {}.", accessories);
  p.id_check = fmt::format(
      "Ask for the receipt or the case code. Without either, check photo ID: the case is in the name of {}.",
      trim(c.customer_name).empty() ? std::string("nobody (no name on the case): ask a manager")
                                    : trim(c.customer_name));
  return p;
}

std::string unit_history_summary(const DeviceHistory& history, const Case& current, const StoreTimeZone& zone) {
  std::string others;
  int count = 0;
  for (const Case& c : history.cases) {
    if (c.id == current.id) continue;
    ++count;
    others += fmt::format("{}{} {} {}", others.empty() ? "" : "; ", c.code, staff_status_label(c.status),
                          format_date(zone.local_date(c.created_at), Language::en));
  }
  std::string swaps;
  for (const SerialSwap& s : history.swaps)
    swaps += fmt::format("{}{} -> {}{}", swaps.empty() ? "" : ", ", s.old_serial, s.new_serial,
                         s.case_code.empty() ? "" : " (case " + s.case_code + ")");
  std::string line;
  if (count > 0) line = fmt::format("{} other case{}: {}", count, count == 1 ? "" : "s", others);
  if (!swaps.empty()) line += fmt::format("{}swapped {}", line.empty() ? "" : "; ", swaps);
  return line;
}

ReturnSummary return_summary(const Case& c, const std::optional<SoldLine>& line, const StoreTimeZone& zone) {
  ReturnSummary r;
  if (!line) return r;
  r.receipt = fmt::format("Receipt {}, line {}, sold {}", line->receipt_number, line->line_no,
                          format_date(zone.local_date(line->sold_at), Language::en));
  int quantity = c.return_quantity.value_or(1);
  std::int64_t gross = line->price_cents * quantity;
  r.refund_cents = gross - c.restocking_fee_cents;
  std::string each = quantity == 1 ? format_price(line->price_cents)
                                   : fmt::format("{} x {}", quantity, format_price(line->price_cents));
  if (c.restocking_fee_cents > 0)
    r.refund = fmt::format("{} ({}, less a {} restocking fee)", format_price(*r.refund_cents), each,
                           format_price(c.restocking_fee_cents));
  else if (quantity > 1)
    r.refund = fmt::format("{} ({})", format_price(*r.refund_cents), each);
  else
    r.refund = format_price(*r.refund_cents);
  return r;
}

Result<std::optional<SoldLine>> sold_line_of(Database& db, const Case& c) {
  if (!c.sale_line_id) return std::optional<SoldLine>{};
  return storage_guard<std::optional<SoldLine>>(
      [&]() -> Result<std::optional<SoldLine>> { return find_sold_line(db, *c.sale_line_id); });
}

std::string return_holds_summary(const Case& c, const std::vector<ReturnHold>& holds) {
  std::string text;
  for (const ReturnHold& hold : holds) {
    if (!text.empty()) text += "; ";
    text += hold_words(hold, c.serial.value_or(""));
  }
  if (!text.empty() && !c.return_decision && c.is_open()) text += ". Only a manager can approve it, with a reason";
  return text;
}

}  // namespace aftersales::backoffice
