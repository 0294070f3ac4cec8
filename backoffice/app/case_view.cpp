// One case: who and what, the timeline, notes (internal or for the customer), and exactly the
// status changes the workflow and the user's role allow; final ones ask to confirm, cancelling
// and rejecting ask for the reason.
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "backoffice_app.h"
#include "core/text.h"
#include "permissions.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

void details(BackofficeApp& app, const Case& c) {
  Instant now = app.services().cases.now();
  ui::label_value("Customer", fmt::format("{}   {}   {}{}", c.customer_name, c.customer_phone, c.customer_email,
                                          c.notify_consent ? "   (wants updates)" : ""));
  ui::label_value("Product", c.product_name + (c.serial ? "   S/N " + *c.serial : std::string()));
  ui::label_value("Warranty", std::string(coverage_label(c.warranty)));
  if (c.kind == CaseKind::repair) {
    ui::label_value("Problem", (c.problem_category.empty() ? "" : c.problem_category + ": ") + c.problem);
    if (!c.accessories.empty()) ui::label_value("Left with it", c.accessories);
    if (!c.condition_notes.empty()) ui::label_value("Condition", c.condition_notes);
  } else if (c.return_reason) {
    ui::label_value("Return", fmt::format("{} x{}, {}", to_string(*c.return_reason), c.return_quantity.value_or(1),
                                          c.return_condition ? to_string(*c.return_condition) : ""));
  }
  ui::label_value("Promised", format_date(app.config.time_zone.local_date(c.promised_at(now))) +
                                  (c.overdue(now) ? "   OVERDUE" : ""));
  if (c.assigned_to) ui::label_value("Assigned to", *c.assigned_to);
}

void moves(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  const StaffMember& user = *app.user();
  if (screen.pending) {
    PendingMove& p = *screen.pending;
    ImGui::TextUnformatted(fmt::format("Move {} to \"{}\"?", c.code, status_label(p.to)).c_str());
    if (needs_reason(p.to)) {
      ImGui::SetNextItemWidth(ui::px(900));
      ImGui::InputTextWithHint("##reason", "The reason (the customer sees it)", &p.reason);
      ui::mark("reason");
    }
    if (ImGui::Button("Confirm", ImVec2(ui::px(240), 0))) {
      auto moved = app.services().cases.advance(c.code, p.to, {user.username, p.reason, true});
      screen.message = moved ? fmt::format("Moved to {}.", status_label(p.to)) : moved.error().message;
      screen.pending.reset();
      app.reload_case();
    }
    ui::mark("Confirm");
    ImGui::SameLine();
    if (ImGui::Button("Keep as is", ImVec2(ui::px(240), 0))) screen.pending.reset();
    ui::mark("Keep as is");
    return;
  }
  auto allowed = transitions_for(c, user.role);
  if (allowed.empty()) ImGui::TextDisabled("No status change is yours to make here.");
  for (CaseStatus to : allowed) {
    std::string label = fmt::format("-> {}", status_label(to));
    if (ImGui::Button(label.c_str())) {
      if (needs_confirmation(to) || needs_reason(to)) {
        screen.pending = PendingMove{to, {}};
      } else {
        auto moved = app.services().cases.advance(c.code, to, {user.username, "", true});
        screen.message = moved ? fmt::format("Moved to {}.", status_label(to)) : moved.error().message;
        app.reload_case();
      }
    }
    ui::mark(fmt::format("to {}", to_string(to)));
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

void notes(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  ImGui::InputTextMultiline("##note", &screen.note, ImVec2(ui::px(1100), ui::px(120)));
  ui::mark("note");
  ImGui::Checkbox("Visible to the customer", &screen.note_visible);
  ui::mark("Visible to the customer");
  ImGui::SameLine();
  if (ImGui::Button("Add note")) {
    auto added = app.services().cases.add_note(c.code, {app.user()->username, screen.note, screen.note_visible});
    screen.message = added ? "Note added." : added.error().message;
    if (added) screen.note.clear();
    app.reload_case();
  }
  ui::mark("Add note");
}

void timeline(BackofficeApp& app, const CaseScreen& screen) {
  for (auto it = screen.events.rbegin(); it != screen.events.rend(); ++it) {
    const CaseEvent& e = *it;
    std::string what = e.to ? fmt::format("-> {}", status_label(*e.to)) : std::string(e.kind);
    ImGui::TextDisabled("%s", app.config.time_zone.format_local(e.at).c_str());
    ImGui::SameLine(ui::px(330));
    ImGui::TextUnformatted(fmt::format("{:<12} {}  {}{}", e.actor, what, e.note, e.customer_visible ? "" : "  (internal)").c_str());
  }
  for (const OutboxMessage& m : screen.notices)
    ImGui::TextDisabled("%s", fmt::format("{} to {}: \"{}\" {}", m.channel, m.recipient, m.subject,
                                          m.sent_at ? "sent " + app.config.time_zone.format_local(*m.sent_at)
                                                    : fmt::format("waiting ({} attempts)", m.attempts))
                                  .c_str());
}

}  // namespace

void draw_case(BackofficeApp& app) {
  ui::hit_map().screen("case");
  CaseScreen& screen = *app.case_screen;
  if (ImGui::Button("<- Queue") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    app.close_case();
    return;
  }
  ui::mark("Queue");
  if (!screen.loaded) {
    ImGui::TextUnformatted(screen.message.c_str());
    return;
  }
  const Case c = *screen.loaded;
  ImGui::SameLine();
  ImGui::PushFont(ui::fonts().title);
  ImGui::TextUnformatted(fmt::format("{}  {}", c.code, status_label(c.status)).c_str());
  ImGui::PopFont();
  ImGui::Separator();
  details(app, c);
  ImGui::Separator();
  if (!screen.message.empty()) ImGui::TextUnformatted(screen.message.c_str());
  moves(app, screen, c);
  ImGui::Separator();
  notes(app, screen, c);
  ImGui::Separator();
  ImGui::BeginChild("timeline", ImVec2(0, 0));
  timeline(app, screen);
  ImGui::EndChild();
}

}  // namespace aftersales::backoffice
