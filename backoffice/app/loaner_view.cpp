// A repair's loaner at the counter: lend one of the store's free loaners, take it back (with its
// condition), or, for a manager, let the repair go without it (CaseService's loaner calls check
// every rule; this only asks).
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "backoffice_app.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "ui/hit_map.h"
#include "ui/widgets.h"

namespace aftersales::backoffice {
namespace {

// A text field as wide as the line leaves beside its button.
void width_beside(const char* button) {
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button_width(button) - ImGui::GetStyle().ItemSpacing.x);
}

bool asked_for_one(const CaseScreen& screen) {
  return std::ranges::any_of(screen.events, [](const CaseEvent& e) { return e.kind == EventKind::loaner_requested; });
}

template <typename T>
void say(BackofficeApp& app, CaseScreen& screen, const Result<T>& done, std::string success) {
  if (done)
    screen.say(std::move(success), false, "loaner");
  else
    screen.say(done.error().message, true, "loaner");
  app.reload_case();
}

void loan_out(BackofficeApp& app, CaseScreen& screen, const Case& c, const Loan& loan) {
  std::string line = fmt::format("Loaner {} ({}) out since {}, lent by {}", loan.tag, loan.description,
                                 format_date_time(app.config.time_zone, loan.lent_at, Language::en), loan.lent_by);
  if (!loan.waived_by.empty())
    line += fmt::format("; {} let the repair go without it: {}", loan.waived_by, loan.waived_reason);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(line.c_str());
  ImGui::PopTextWrapPos();
  ui::mark("loaner out");
  CaseworkForms& f = screen.forms;
  width_beside("Loaner is back");
  take_focus_if_asked(app, "loaner condition");
  ImGui::InputTextWithHint("##loaner_condition", "Its condition as it came back (optional)", &f.loaner_condition);
  mark_field("loaner condition");
  same_line_if_fits(button_width("Loaner is back"));
  if (ImGui::Button("Loaner is back")) {
    say(app, screen, app.services().cases.return_loaner(c.code, f.loaner_condition, app.user()->username),
        fmt::format("Loaner {} is back on the shelf.", loan.tag));
    f.loaner_condition.clear();
  }
  ui::mark("Loaner is back");
  if (app.user()->role != Role::manager || !loan.waived_by.empty()) return;
  width_beside("Let it go without the loaner");
  take_focus_if_asked(app, "loaner waiver");
  ImGui::InputTextWithHint("##loaner_waiver", "Why it is not back (a manager's call)", &f.loaner_waiver);
  mark_field("loaner waiver");
  same_line_if_fits(button_width("Let it go without the loaner"));
  ImGui::BeginDisabled(trim(f.loaner_waiver).empty());
  if (ImGui::Button("Let it go without the loaner")) {
    say(app, screen, app.services().cases.waive_loaner(c.code, f.loaner_waiver, app.user()->username),
        "Recorded: the repair can be picked up without the loaner.");
    f.loaner_waiver.clear();
  }
  ImGui::EndDisabled();
  ui::mark("Waive loaner");
}

void lend(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  if (screen.free_loaners.empty()) {
    ImGui::TextDisabled("No loaner is free now.");
    return;
  }
  std::string& tag = screen.forms.loaner_tag;
  auto label = [](const Loaner& l) { return fmt::format("{} ({})", l.tag, l.description); };
  std::string shown = "Choose a loaner";
  for (const Loaner& l : screen.free_loaners)
    if (l.tag == tag) shown = label(l);
  ImGui::SetNextItemWidth(ui::px(480));
  if (ImGui::BeginCombo("##loaner", shown.c_str())) {
    for (const Loaner& l : screen.free_loaners)
      if (ImGui::Selectable(label(l).c_str(), l.tag == tag)) tag = l.tag;
    ImGui::EndCombo();
  }
  ui::mark("loaner to lend");
  same_line_if_fits(button_width("Lend"));
  ImGui::BeginDisabled(tag.empty());
  if (ImGui::Button("Lend")) {
    say(app, screen, app.services().cases.lend_loaner(c.code, tag, app.user()->username),
        fmt::format("Loaner {} lent: it comes back before pickup.", tag));
    tag.clear();
  }
  ImGui::EndDisabled();
  ui::mark("Lend");
}

}  // namespace

void draw_loaner(BackofficeApp& app, CaseScreen& screen, const Case& c) {
  bool out = screen.loan && screen.loan->open();
  bool asked = asked_for_one(screen);
  // Only where it is something to do: a loaner out, one asked for, or a store that has loaners.
  if (!out && !asked && (screen.free_loaners.empty() || !c.is_open())) return;
  form_section("Loaner");
  if (asked && !out) ImGui::TextUnformatted("The customer asked for a loaner at check-in.");
  if (screen.message_about == "loaner") draw_case_message(screen, "loaner message");
  if (out)
    loan_out(app, screen, c, *screen.loan);
  else if (c.is_open())
    lend(app, screen, c);
}

}  // namespace aftersales::backoffice
