// "Warranty lookup" and "Track my case": a question, then a card with the answer.
#include <fmt/format.h>
#include <imgui.h>

#include "../kiosk_app.h"
#include "../kiosk_text.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "screen_frame.h"
#include "screens.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

std::string period_end(const CoveragePeriod& period, Language lang) {
  if (period.lifetime) return std::string(tr(lang, "Lifetime"));
  return period.end ? format_date(*period.end, lang) : std::string("—");
}

void coverage_card(KioskApp& app, const WarrantyInfo& info) {
  Language lang = app.language;
  const CoverageVerdict& v = info.verdict;
  ui::heading(coverage_text(v.status, lang));
  std::string spoken = coverage_text(v.status, lang);
  if (v.days_left) spoken += ". " + trf(lang, "{} left", days_text(*v.days_left, lang));
  app.say(spoken);
  ui::label_value(tr(lang, "Product"), info.line.product.name);
  ui::label_value(tr(lang, "Serial number"), info.serial);
  ui::label_value(tr(lang, "Bought on"), format_date(info.purchase_date, lang));
  ui::label_value(tr(lang, "Manufacturer's warranty until"), period_end(v.manufacturer, lang));
  if (v.plan && info.line.plan) {
    ui::label_value(info.line.plan->name, period_end(*v.plan, lang));
    if (!info.line.plan->covers.empty()) ui::label_value(tr(lang, "It covers"), info.line.plan->covers);
  }
  if (v.workmanship) ui::label_value(tr(lang, "Our repair warranty until"), period_end(*v.workmanship, lang));
  if (v.days_left) ui::label_value(tr(lang, "Days left"), std::to_string(*v.days_left));
  if (info.replacement_chain.size() > 1) ui::label_value(tr(lang, "Replaces"), info.original_serial);
}

}  // namespace

void draw_warranty(KioskApp& app) {
  if (!app.session.warranty) return;
  WarrantyLookupFlow& flow = *app.session.warranty;
  Language lang = app.language;
  bool answered = flow.card().has_value();
  begin_flow_screen(app, answered ? "warranty_card" : "warranty_serial", answered ? 2 : 1, 2);
  Footer footer;
  footer.confirm_cancel = false;
  footer.back = answered;
  if (!answered) {
    if (ask_serial(app, flow.serial_input, flow.error())) flow.submit();
    footer.next_label = tr(lang, "Look it up");
  } else {
    coverage_card(app, *flow.card());
    ImGui::Dummy(ImVec2(1, ui::px(20)));
    if (ui::button(tr(lang, "Start a repair check-in"), ImVec2(0, ui::px(110)), ui::ButtonKind::secondary,
                   "Start repair"))
      app.start(Screen::repair, flow.serial_for_repair());
    footer.next_label = tr(lang, "Done");
  }
  FooterAction action = end_flow_screen(app, footer);
  if (action == FooterAction::next) {
    if (answered)
      app.go_home();
    else
      flow.submit();
  }
  if (action == FooterAction::back) app.start(Screen::warranty);
}

void draw_track(KioskApp& app) {
  if (!app.session.track) return;
  TrackFlow& flow = *app.session.track;
  Language lang = app.language;
  const auto& status = flow.status();
  begin_flow_screen(app, status ? "track_status" : "track_code", status ? 2 : 1, 2);
  Footer footer;
  footer.confirm_cancel = false;
  footer.back = status.has_value();
  if (!status) {
    ui::heading(tr(lang, "Scan your receipt's QR code, or type the case code"));
    app.say(tr(lang, "Scan your receipt's QR code, or type the case code"));
    ui::muted(tr(lang, "The case code is printed in large letters on your receipt, like R7K-4PQ-92X."));
    show_error(app, flow.error());
    app.field(0, "Case code", tr(lang, "Case code"), flow.input, ui::KeyboardLayout::code, 200, "R7K-4PQ-92X");
    if (app.keyboard(tr(lang, "OK"))) flow.submit(lang);
    footer.next_label = tr(lang, "Show my case");
  } else {
    const StatusView& v = *status;
    ImGui::PushFont(ui::fonts().bold);
    ImGui::TextUnformatted(fmt::format("{}  {}  ·  {}", v.kind, v.code, v.product).c_str());
    ImGui::PopFont();
    ui::heading(v.status);
    app.say(v.status + ". " + v.next_step);
    ui::paragraph(v.next_step);
    ImGui::Dummy(ImVec2(1, ui::px(12)));
    const ui::Palette& p = ui::palette();
    if (!v.stopped) {
      for (const StatusStep& step : v.steps) {
        ImVec2 at = ImGui::GetCursorScreenPos();
        float r = ui::px(14);
        ImVec2 c(at.x + r, at.y + ImGui::GetTextLineHeight() / 2);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        if (step.state == StepState::upcoming)
          draw->AddCircle(c, r, p.muted, 0, ui::px(3));
        else
          draw->AddCircleFilled(c, r, step.state == StepState::current ? p.primary : p.success);
        ImGui::Dummy(ImVec2(r * 2 + ui::px(16), r * 2));
        ImGui::SameLine();
        if (step.state == StepState::current) ImGui::PushFont(ui::fonts().bold);
        ImGui::TextUnformatted(step.label.c_str());
        if (step.state == StepState::current) ImGui::PopFont();
      }
    }
    ImGui::Dummy(ImVec2(1, ui::px(12)));
    if (v.promised_date) ui::label_value(tr(lang, "Ready by"), *v.promised_date);
    if (v.last_note) ui::label_value(tr(lang, "Latest update"), *v.last_note);
    if (v.awaiting_decision)
      ui::label_value(tr(lang, "Estimate"), format_price(v.estimate_total_cents) + "  ·  " +
                                                std::string(tr(lang, "Answer it on your phone, or at the counter.")));
    footer.next_label = tr(lang, "Done");
  }
  FooterAction action = end_flow_screen(app, footer);
  if (action == FooterAction::next) {
    if (status)
      app.go_home();
    else
      flow.submit(lang);
  }
  if (action == FooterAction::back) app.start(Screen::track);
}

}  // namespace aftersales::kiosk
