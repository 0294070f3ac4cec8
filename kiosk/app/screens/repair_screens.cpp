// "Repair check-in": one question a screen, drawn from RepairFlow.
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "../kiosk_app.h"
#include "../kiosk_text.h"
#include "core/text.h"
#include "screen_frame.h"
#include "screens.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

using Step = RepairFlow::Step;
constexpr int kSteps = 8;

int step_number(Step step) {
  switch (step) {
    case Step::identify:
    case Step::pick_line: return 1;
    case Step::coverage: return 2;
    case Step::problem: return 3;
    case Step::accessories: return 4;
    case Step::contact: return 5;
    case Step::signature: return 6;
    case Step::review: return 7;
    case Step::done: return 8;
  }
  return 1;
}

void toggle(std::vector<std::string>& chosen, const std::string& item) {
  auto it = std::find(chosen.begin(), chosen.end(), item);
  if (it == chosen.end())
    chosen.push_back(item);
  else
    chosen.erase(it);
}

// Chips in rows of `columns`; the ids stay English (they are stored with the case for staff).
void chip_grid(KioskApp& app, const std::vector<std::string>& items, std::vector<std::string>& chosen, int columns) {
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float w = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i % static_cast<std::size_t>(columns)) ImGui::SameLine();
    bool on = std::find(chosen.begin(), chosen.end(), items[i]) != chosen.end();
    if (ui::chip(tr(app.language, items[i]), on, ImVec2(w, ui::px(90)), items[i])) toggle(chosen, items[i]);
  }
}

void identify_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  Session& s = app.session;
  if (!s.repair_by_receipt) {
    if (ask_serial(app, flow.serial_input, flow.error())) flow.submit_serial();
    if (ui::button(tr(lang, "I have the receipt instead"), ImVec2(0, 0), ui::ButtonKind::quiet, "Use receipt"))
      s.repair_by_receipt = true;
  } else {
    if (ask_receipt(app, flow.receipt_input, flow.error())) flow.submit_receipt();
    if (ui::button(tr(lang, "I have the serial number instead"), ImVec2(0, 0), ui::ButtonKind::quiet, "Use serial"))
      s.repair_by_receipt = false;
  }
}

void pick_line_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Which item needs a repair?"));
  app.say(tr(lang, "Which item needs a repair?"));
  show_error(app, flow.error());
  const auto& lines = flow.receipt_lines();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string label = lines[i].product.name;
    if (lines[i].serial) label += "  ·  " + *lines[i].serial;
    ImGui::PushID(static_cast<int>(i));
    if (ui::button(label, ImVec2(0, ui::px(96)), ui::ButtonKind::secondary, lines[i].product.name)) flow.choose_line(i);
    ImGui::PopID();
  }
}

std::string end_text(const CoveragePeriod& period, Language lang) {
  if (period.lifetime) return std::string(tr(lang, "Lifetime"));
  return period.end ? format_date(*period.end) : std::string("—");
}

void coverage_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  Session& s = app.session;
  const auto& info = flow.coverage();
  if (info) {
    CoverageStatus status = info->verdict.status;
    ui::heading(coverage_text(status, lang));
    app.say(coverage_text(status, lang));
    ui::label_value(tr(lang, "Product"), info->line.product.name);
    ui::label_value(tr(lang, "Bought on"), format_date(info->purchase_date));
    ui::label_value(tr(lang, "Manufacturer's warranty until"), end_text(info->verdict.manufacturer, lang));
    if (info->verdict.plan && info->line.plan)
      ui::label_value(info->line.plan->name, end_text(*info->verdict.plan, lang));
  } else {
    ui::heading(tr(lang, "We didn't sell this serial number"));
    app.say(tr(lang, "We didn't sell this serial number. We can still repair it: please say what it is."));
    show_error(app, flow.error());
    app.field(0, tr(lang, "What is it? (brand and model)"), flow.product_description, ui::KeyboardLayout::text, 120, "");
  }
  if (info) show_error(app, flow.error());
  if (flow.needs_fee()) {
    ImGui::Dummy(ImVec2(1, ui::px(12)));
    ui::paragraph(trf(lang,
                      "Out of warranty, a diagnostic fee of {} applies. We tell you the cost of the repair before "
                      "we do it.",
                      format_price(flow.diagnostic_fee_cents())));
    if (ui::chip(trf(lang, "I accept the diagnostic fee of {}", format_price(flow.diagnostic_fee_cents())),
                 s.fee_accepted, ImVec2(0, ui::px(96)), "Accept fee"))
      s.fee_accepted = !s.fee_accepted;
  } else {
    ui::muted(tr(lang, "Covered faults are repaired at no charge."));
  }
  if (!info) app.keyboard(tr(lang, "OK"));
}

void problem_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "What is the problem?"));
  app.say(tr(lang, "What is the problem? Choose a kind, then describe it in a few words."));
  show_error(app, flow.error());
  auto kinds = problem_categories();
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float w = (ImGui::GetContentRegionAvail().x - gap * 3) / 4;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i % 4) ImGui::SameLine();
    if (ui::chip(tr(lang, kinds[i]), flow.problem_category == kinds[i], ImVec2(w, ui::px(84)), kinds[i]))
      flow.problem_category = kinds[i];
  }
  app.field(0, tr(lang, "Describe it in a few words"), flow.problem_text, ui::KeyboardLayout::text, 500, "");
  if (app.keyboard(tr(lang, "OK"))) flow.submit_problem();
}

void accessories_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "What are you leaving with it?"));
  app.say(tr(lang, "What are you leaving with it? Then check how it looks."));
  show_error(app, flow.error());
  chip_grid(app, accessory_choices(flow.category()), flow.accessories_left, 3);
  ImGui::Dummy(ImVec2(1, ui::px(16)));
  ui::heading(tr(lang, "How does it look?"));
  chip_grid(app, condition_choices(flow.category()), flow.visible_condition, 3);
}

void contact_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "How can we reach you?"));
  app.say(tr(lang, "How can we reach you? Your name, and a phone number or an e-mail address."));
  show_error(app, flow.error());
  flow.contact.language = language_code(lang);  // their messages will be in it
  app.field(0, tr(lang, "Name"), flow.contact.name, ui::KeyboardLayout::text, 100, "");
  app.field(1, tr(lang, "Phone"), flow.contact.phone, ui::KeyboardLayout::phone, 20, "");
  app.field(2, tr(lang, "E-mail"), flow.contact.email, ui::KeyboardLayout::email, 120, "");
  if (ui::chip(tr(lang, "Tell me when my case changes (text or e-mail)"), flow.contact.notify_consent,
               ImVec2(0, ui::px(84)), "Notify me"))
    flow.contact.notify_consent = !flow.contact.notify_consent;
  if (app.keyboard(tr(lang, "Next field"))) app.focus((app.focused() + 1) % 3);
}

void signature_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Sign with your finger"));
  app.say(tr(lang, "Sign with your finger in the box, to leave the item with us."));
  ui::muted(tr(lang, "By signing, you leave the item with us for the repair described."));
  show_error(app, flow.error());
  ImVec2 size(ImGui::GetContentRegionAvail().x, std::min(ui::px(420), ImGui::GetContentRegionAvail().x * 0.35f));
  ImGui::InvisibleButton("signature pad", size);
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ui::hit_map().target("signature pad", min, max);
  SignaturePad& pad = flow.signature;
  auto to_pad = [&](ImVec2 p) {
    return std::pair<int, int>(static_cast<int>((p.x - min.x) / size.x * 1000), static_cast<int>((p.y - min.y) / size.y * 1000));
  };
  if (ImGui::IsItemActivated()) pad.begin_stroke();
  if (ImGui::IsItemActive()) {
    auto [x, y] = to_pad(ImGui::GetIO().MousePos);
    if (pad.strokes.empty() || pad.strokes.back().empty() || pad.strokes.back().back() != std::pair(std::clamp(x, 0, 1000), std::clamp(y, 0, 1000)))
      pad.add_point(x, y);
  }
  const ui::Palette& p = ui::palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, p.surface, ui::px(12));
  draw->AddRect(min, max, p.border, ui::px(12), 0, ui::px(3));
  draw->AddLine(ImVec2(min.x + ui::px(40), max.y - ui::px(70)), ImVec2(max.x - ui::px(40), max.y - ui::px(70)), p.muted,
                ui::px(2));
  for (const auto& stroke : pad.strokes) {
    for (std::size_t i = 1; i < stroke.size(); ++i) {
      auto at = [&](std::pair<int, int> q) {
        return ImVec2(min.x + static_cast<float>(q.first) / 1000 * size.x, min.y + static_cast<float>(q.second) / 1000 * size.y);
      };
      draw->AddLine(at(stroke[i - 1]), at(stroke[i]), p.text, ui::px(5));
    }
  }
  if (ui::button(tr(lang, "Clear"), ImVec2(ui::px(260), 0), ui::ButtonKind::secondary, "Clear signature")) pad.clear();
}

void review_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  const Config& config = app.config;
  ui::heading(tr(lang, "Please check and confirm"));
  app.say(tr(lang, "Please check and confirm"));
  show_error(app, flow.error());
  const auto& info = flow.coverage();
  ui::label_value(tr(lang, "Product"), info ? info->line.product.name : flow.product_description);
  ui::label_value(tr(lang, "Warranty"), info ? coverage_text(info->verdict.status, lang) : coverage_text(CoverageStatus::unknown_serial, lang));
  if (flow.needs_fee()) ui::label_value(tr(lang, "Diagnostic fee"), format_price(flow.diagnostic_fee_cents()));
  ui::label_value(tr(lang, "Problem"), std::string(tr(lang, flow.problem_category)) + ": " + flow.problem_text);
  std::string left;
  for (const auto& a : flow.accessories_left) left += (left.empty() ? "" : ", ") + std::string(tr(lang, a));
  ui::label_value(tr(lang, "Left with it"), left.empty() ? std::string(tr(lang, "Nothing else")) : left);
  std::string looks;
  for (const auto& c : flow.visible_condition) looks += (looks.empty() ? "" : ", ") + std::string(tr(lang, c));
  ui::label_value(tr(lang, "Condition"), looks);
  ui::label_value(tr(lang, "Contact"), flow.contact.name + "  " + flow.contact.phone + "  " + flow.contact.email);
  ui::label_value(tr(lang, "Ready by"), format_date(config.time_zone.local_date(flow.promised_at())));
  ImGui::Dummy(ImVec2(1, ui::px(12)));
  ui::muted(tr(lang, "When you confirm, you get a receipt with a QR code. Leave the item at the service counter."));
}

}  // namespace

void draw_repair(KioskApp& app) {
  if (!app.session.repair) return;
  RepairFlow& flow = *app.session.repair;
  Language lang = app.language;
  Session& s = app.session;
  Step step = flow.step();
  begin_flow_screen(app, fmt::format("repair_{}", static_cast<int>(step)), step_number(step), kSteps);
  Footer footer;
  footer.back = step != Step::identify;
  footer.confirm_cancel = step != Step::identify;
  footer.next_label = tr(lang, "Next");
  switch (step) {
    case Step::identify: identify_step(app, flow); break;
    case Step::pick_line: pick_line_step(app, flow); footer.next_label = {}; break;
    case Step::coverage: coverage_step(app, flow); break;
    case Step::problem: problem_step(app, flow); break;
    case Step::accessories: accessories_step(app, flow); break;
    case Step::contact: contact_step(app, flow); break;
    case Step::signature: signature_step(app, flow); break;
    case Step::review: review_step(app, flow); footer.next_label = tr(lang, "Confirm check-in"); break;
    case Step::done: break;
  }
  FooterAction action = end_flow_screen(app, footer);
  if (action == FooterAction::back) flow.back();
  if (action != FooterAction::next) return;
  switch (step) {
    case Step::identify:
      if (s.repair_by_receipt)
        flow.submit_receipt();
      else
        flow.submit_serial();
      break;
    case Step::coverage: flow.accept_coverage(s.fee_accepted); break;
    case Step::problem: flow.submit_problem(); break;
    case Step::accessories: flow.submit_accessories(); break;
    case Step::contact: flow.submit_contact(); break;
    case Step::signature: flow.submit_signature(); break;
    case Step::review:
      flow.confirm();
      if (flow.opened()) app.show_receipt(*flow.opened());
      break;
    default: break;
  }
}

}  // namespace aftersales::kiosk
