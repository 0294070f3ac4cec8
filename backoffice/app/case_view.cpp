// One case: who and what, the status buttons the workflow and the user's role allow (final ones ask
// to confirm, cancelling and rejecting ask for the reason), the casework forms (casework_view.cpp),
// and on the right the notes and the timeline with the notifications sent.
// Keys: Esc back to the queue, Ctrl+Enter the usual next step, Ctrl+P reprint, Ctrl+N a note.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "backoffice_app.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "core/printing/receipt.h"
#include "core/services/service_stats.h"
#include "permissions.h"
#include "shortcuts.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

void field(std::string_view label, const std::string& value) {
  if (value.empty()) return;
  ImGui::TextDisabled("%.*s", static_cast<int>(label.size()), label.data());
  ImGui::SameLine(ui::px(300));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
}

std::string estimate_summary(const CaseScreen& screen, const Case& c) {
  if (screen.estimate.empty()) return {};
  std::string answer = c.estimate_state == "pending"    ? "waiting for the customer's answer"
                       : c.estimate_state == "approved" ? "APPROVED by the customer"
                       : c.estimate_state == "declined" ? "DECLINED by the customer"
                                                        : "";
  return fmt::format("{} ({} lines), {}", format_price(estimate_total(screen.estimate)), screen.estimate.size(),
                     answer);
}

void details(BackofficeApp& app, const CaseScreen& screen, const Case& c) {
  Instant now = app.services().cases.now();
  field("Customer", c.customer_name);
  bool no_contact = trim(c.customer_phone).empty() && trim(c.customer_email).empty();
  field("Contact", no_contact ? std::string("none given")
                              : fmt::format("{}   {}{}", c.customer_phone, c.customer_email,
                                            c.notify_consent ? "   (agreed to messages)" : "   (no messages)"));
  field("Product", c.product_name + (c.serial ? "   S/N " + *c.serial : std::string()));
  if (!screen.unit_history.empty()) {
    field("This unit", screen.unit_history);  // "third time this battery?" before the bench
    ui::mark("unit history");
  }
  field("Warranty", std::string(coverage_label(c.warranty)));
  if (c.kind == CaseKind::repair) {
    field("Problem", (c.problem_category.empty() ? "" : problem_category_words(c.problem_category) + ": ") + c.problem);
    field("Left with it", c.accessories);
    field("Condition", c.condition_notes);
    if (c.diagnostic_fee_cents > 0) field("Diagnostic fee", format_price(c.diagnostic_fee_cents) + " accepted");
    field("Diagnosis", c.diagnosis);
    field("Estimate", estimate_summary(screen, c));
    if (!screen.estimate.empty()) ui::mark("estimate " + c.estimate_state);  // the smoke test waits for the answer
    if (!screen.estimate.empty() && !screen.estimate_explanation.empty()) {
      field("For the customer", screen.estimate_explanation);
      ui::mark("estimate explanation shown");
    }
  } else {
    if (c.return_reason)
      field("Return",
            fmt::format("{} x{}, said to be {}", return_reason_words(*c.return_reason, Language::en),
                        c.return_quantity.value_or(1), c.return_condition ? to_string(*c.return_condition) : "?"));
    if (!screen.return_holds.empty()) {
      field("Manager", screen.return_holds);
      ui::mark("return held");
    }
    ReturnSummary r = return_summary(c, screen.sold_line, app.config.time_zone);
    field("Receipt", r.receipt);
    bool refund_possible = std::ranges::find(c.return_outcomes, ReturnOutcome::refund) != c.return_outcomes.end();
    if (c.return_decision == ReturnOutcome::refund)
      field("Refund to give", r.refund);
    else if (!c.return_decision && refund_possible)
      field("A refund would be", r.refund);
    else if (c.return_decision)
      field("Decided", std::string(outcome_words(*c.return_decision)));
    field("Details", c.problem);
    if (c.inspected_condition)
      field("Inspected", fmt::format("{}{}", to_string(*c.inspected_condition),
                                     c.inspection_notes.empty() ? "" : ": " + c.inspection_notes));
  }
  std::string promised = format_date(app.config.time_zone.local_date(c.promised_at(now)), Language::en);
  if (c.paused_since) promised += "   (clock paused)";
  if (c.overdue(now)) promised += "   OVERDUE";
  if (c.is_open()) field("Promised", promised);
  field("Assigned to", c.assigned_to.value_or(""));
  field("Resolution", c.resolution);
  if (!c.transferred_to.empty()) field("Transferred to", "store " + c.transferred_to);
  if (!c.transferred_from.empty()) field("Carries on", "case " + c.transferred_from + " of another store");
  if (screen.feedback_rating) field("Feedback", fmt::format("{} of 5", *screen.feedback_rating));
}

void move_to(BackofficeApp& app, CaseScreen& screen, const Case& c, CaseStatus to, const std::string& reason) {
  auto moved = app.services().cases.advance(c.code, to, {app.user()->username, reason, true});
  if (moved) {
    std::string told = notice_outcome(*moved, to, app.config.notifications);
    screen.say(fmt::format("{}: now \"{}\".{}{}", c.code, staff_status_label(to), told.empty() ? "" : " ", told),
               told.starts_with("Not sent"));
  } else
    screen.say(moved.error().message, true);
  app.reload_case();
}

void ask_or_move(BackofficeApp& app, CaseScreen& screen, const Case& c, CaseStatus to) {
  if (needs_confirmation(to) || needs_reason(to))
    screen.pending = PendingMove{to, {}};
  else
    move_to(app, screen, c, to, "");
}

// Before "Record pickup": what to take, what to hand back, whom to check ID for.
void pickup(const CaseScreen& screen, const Case& c) {
  PickupChecklist p = pickup_checklist(c, screen.estimate, screen.money.value_or(CaseMoney{}), screen.loan);
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted("At pickup");
  ImGui::PopFont();
  field("Amount due", p.amount_due);
  field("Hand back", p.hand_back);
  field("Check ID", p.id_check);
  if (!p.take_back.empty()) field("Take back", p.take_back);
  ui::mark("pickup checklist");
}

void confirm_move(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  PendingMove& p = *screen.pending;
  if (p.to == CaseStatus::completed && c.kind == CaseKind::repair) pickup(screen, c);
  ImGui::TextUnformatted(fmt::format("{}: {}?", c.code, move_label(c, p.to)).c_str());
  if (needs_reason(p.to)) {
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing() || p.reason.empty()) ImGui::SetKeyboardFocusHere();
    take_focus_if_asked(app, "reason");
    ImGui::InputTextWithHint("##reason", "The reason (the customer reads it)", &p.reason);
    mark_field("reason");
  }
  if (ImGui::Button(move_label(c, p.to).c_str()) || (enter_pressed() && !needs_reason(p.to))) {
    CaseStatus to = p.to;
    std::string reason = p.reason;
    screen.pending.reset();
    move_to(app, screen, c, to, reason);
    return;
  }
  ui::mark("Confirm");
  same_line_if_fits(ui::px(240));
  if (ImGui::Button("Keep as is", ImVec2(ui::px(240), 0)) || key_pressed(SDL_SCANCODE_ESCAPE)) screen.pending.reset();
  ui::mark("Keep as is");
}

void moves(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  if (screen.pending) {
    confirm_move(app, screen, c);
    return;
  }
  const StaffMember& user = *app.user();
  auto buttons = status_buttons(c, user.role);
  auto usual = next_step(c, user.role);
  if (c.status == CaseStatus::ready_for_pickup) pickup(screen, c);
  if (buttons.empty()) ImGui::TextDisabled("No status change here is yours to make.");
  bool first = true;
  for (CaseStatus to : buttons) {
    std::string label = button_label(c, to) + (usual == to ? "  (Ctrl+Enter)" : "");
    if (!first) same_line_if_fits(button_width(label));
    first = false;
    bool danger = to == CaseStatus::cancelled;
    if (danger) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().danger));
    bool clicked = ImGui::Button(label.c_str());
    if (danger) ImGui::PopStyleColor();
    ui::mark(fmt::format("to {}", to_string(to)));
    if (clicked) ask_or_move(app, screen, c, to);
  }
  if (usual && ctrl_pressed(SDL_SCANCODE_RETURN)) ask_or_move(app, screen, c, *usual);
}

void notes(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  NoteForm& note = screen.note;
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(kNoteLabel);
  ImGui::PopFont();
  if (screen.focus_note) {
    ImGui::SetKeyboardFocusHere();
    screen.focus_note = false;
  }
  take_focus_if_asked(app, "note");
  ImGui::InputTextMultiline("##note", &note.text, ImVec2(-1, ui::px(110)));
  mark_field("note");
  int audience = note.customer_visible ? 1 : 0;
  if (ImGui::RadioButton(kNoteInternal, &audience, 0)) note.customer_visible = false;
  ui::mark("note internal");
  same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                    ImGui::CalcTextSize(kNoteForCustomer).x);
  if (ImGui::RadioButton(kNoteForCustomer, &audience, 1)) note.customer_visible = true;
  ui::mark("note for the customer");
  if (ImGui::Button(note.customer_visible ? "Add note for the customer" : "Add internal note")) {
    auto added = app.services().cases.add_note(c.code, {app.user()->username, note.text, note.customer_visible});
    if (added) {
      screen.say(note.customer_visible ? "Note added; the customer sees it on their status page."
                                       : "Internal note added.");
      note = NoteForm{};  // back to internal for the next one
    } else {
      screen.say(added.error().message, true);
    }
    app.reload_case();
  }
  ui::mark("Add note");
}

void timeline(BackofficeApp& app, const CaseScreen& screen) {
  for (const TimelineRow& row : timeline_rows(screen.events, app.config.time_zone)) {
    ImGui::TextDisabled("%s", row.heading.c_str());
    if (row.customer_sees || row.customer_saw) {
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui::palette().secondary_text));
      ImGui::TextUnformatted(fmt::format("[{}]", row.customer_sees ? kCustomerSees : kCustomerSaw).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::Indent(ui::px(30));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(row.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent(ui::px(30));
  }
  if (screen.notices.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted("Messages to the customer");
  for (const OutboxMessage& m : screen.notices) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(
        "%s", fmt::format("{} to {}: \"{}\" {}", m.channel, m.recipient, m.subject,
                          m.sent_at ? "sent " + format_date_time(app.config.time_zone, *m.sent_at, Language::en)
                                    : fmt::format("not sent yet ({} attempts{})", m.attempts,
                                                  m.last_error ? ", " + *m.last_error : ""))
                  .c_str());
    ImGui::PopTextWrapPos();
  }
}

void header(BackofficeApp& app, const Case& c) {
  ImGui::SameLine();
  ImGui::PushFont(ui::fonts().title);
  ImGui::TextUnformatted(case_title(c).c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", fmt::format("{}, opened {}", c.kind == CaseKind::repair ? "repair" : "return",
                                        format_date_time(app.config.time_zone, c.created_at, Language::en))
                                .c_str());
}

// Kept while the case waits on the customer: whether they were really told, and if not, whom to call.
void notice(BackofficeApp& app, const CaseScreen& screen, const Case& c) {
  auto banner = notice_banner(c, screen.events, screen.notices, app.config.notifications, app.config.time_zone,
                              app.services().cases.now());
  if (!banner) return;
  ImU32 color = banner->warning ? ui::palette().danger : ui::palette().muted;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  ImGui::PushTextWrapPos(0);
  if (banner->warning) ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(banner->text.c_str());
  if (banner->warning) ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ui::mark(banner->warning ? "customer not told" : "customer notice");
}

}  // namespace

// The outcome of the last change; an error is marked so the map knows it must be in sight.
void draw_case_message(const CaseScreen& screen, std::string_view target) {
  if (screen.message.empty()) return;
  ImU32 color = screen.message_is_error ? ui::palette().danger : ui::palette().success;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(screen.message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ui::mark(target);
  if (screen.message_is_error) mark_error();
}

namespace {

// Children that scroll by the wheel: what is cut at their edges is there to scroll to.
void enter_scroll_child() {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ui::hit_map().enter_scroll(draw->GetClipRectMin(), draw->GetClipRectMax());
}

}  // namespace

void draw_case(BackofficeApp& app) {
  ui::hit_map().screen("case");
  CaseScreen& screen = *app.case_screen;
  bool typing = ImGui::GetIO().WantTextInput;
  if (ImGui::Button("<- Queue (Esc)") || (key_pressed(SDL_SCANCODE_ESCAPE) && !screen.pending)) {
    app.close_case();
    return;
  }
  ui::mark("Queue");
  if (!screen.loaded) {
    ImGui::TextUnformatted(screen.message.c_str());
    return;
  }
  const Case c = *screen.loaded;
  header(app, c);
  if (ctrl_pressed(SDL_SCANCODE_N) && !typing) screen.focus_note = true;
  ImGui::Separator();

  float left = ImGui::GetContentRegionAvail().x * 0.56f;
  ImGui::BeginChild("work", ImVec2(left, 0), false);
  if (screen.scroll_to_top) ImGui::SetScrollY(0);
  enter_scroll_child();
  notice(app, screen, c);
  details(app, screen, c);
  ImGui::Separator();
  if (screen.message_about.empty()) draw_case_message(screen);
  moves(app, screen, c);
  draw_casework(app, screen, c);
  ui::hit_map().leave_scroll();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("history", ImVec2(0, 0), true);
  if (screen.scroll_to_top) ImGui::SetScrollY(0);
  screen.scroll_to_top = false;
  enter_scroll_child();
  notes(app, screen, c);
  ImGui::Separator();
  timeline(app, screen);
  ui::hit_map().leave_scroll();
  ImGui::EndChild();
}

}  // namespace aftersales::backoffice
