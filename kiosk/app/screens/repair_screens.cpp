// "Repair check-in": one question a screen, drawn from RepairFlow.
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "../kiosk_app.h"
#include "../kiosk_text.h"
#include "core/base/text.h"
#include "core/domain/local_format.h"
#include "core/printing/receipt.h"
#include "screen_frame.h"
#include "screens.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

using Step = RepairFlow::Step;
constexpr int kSteps = 7;

std::string_view step_name(Step step) {
  switch (step) {
    case Step::identify: return "identify";
    case Step::pick_line: return "pick_line";
    case Step::unknown_serial: return "unknown_serial";
    case Step::coverage: return "coverage";
    case Step::problem: return "problem";
    case Step::describe: return "describe";
    case Step::accessories: return "accessories";
    case Step::contact: return "contact";
    case Step::loaner: return "loaner";
    case Step::review: return "review";
    case Step::signature: return "signature";
    case Step::done: return "done";
  }
  return "?";
}

int step_number(Step step) {
  switch (step) {
    case Step::identify:
    case Step::pick_line:
    case Step::unknown_serial: return 1;
    case Step::coverage: return 2;
    case Step::problem:
    case Step::describe: return 3;
    case Step::accessories: return 4;
    case Step::contact:
    case Step::loaner: return 5;
    case Step::review: return 6;
    case Step::signature:
    case Step::done: return 7;
  }
  return 1;
}

// Chips in rows: as many columns as fit at a readable width; ids stay English (stored for staff).
int columns_for(int wanted, float min_width) {
  float avail = ImGui::GetContentRegionAvail().x;
  int columns = wanted;
  while (columns > 1 && avail / static_cast<float>(columns) < min_width) --columns;
  return columns;
}

template <typename Toggle>
void chip_grid(KioskApp& app, const std::vector<std::string>& items, const std::vector<std::string>& chosen,
               Toggle toggle) {
  int columns = columns_for(3, ui::px(330));
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float w = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i % static_cast<std::size_t>(columns)) ImGui::SameLine();
    bool on = std::find(chosen.begin(), chosen.end(), items[i]) != chosen.end();
    if (ui::chip(tr(app.language, items[i]), on, ImVec2(w, ui::px(90)), items[i])) toggle(items[i]);
  }
}

void identify_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  if (!flow.by_receipt()) {
    auto other_way = [&] {
      if (ui::button(tr(lang, "I have the receipt instead"), ImVec2(0, 0), ui::ButtonKind::quiet, "Use receipt"))
        flow.set_by_receipt(true);
    };
    if (ask_serial(app, flow.serial_input, flow.error(), other_way)) flow.submit_serial();
  } else {
    auto other_way = [&] {
      if (ui::button(tr(lang, "I have the serial number instead"), ImVec2(0, 0), ui::ButtonKind::quiet, "Use serial"))
        flow.set_by_receipt(false);
    };
    if (ask_receipt(app, flow.receipt_input, flow.error(), other_way)) flow.submit_receipt();
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

// A serial we have no sale for is most often a typo: show it back, large, before any fee.
void unknown_serial_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "We didn't find this serial number"));
  app.say(tr(lang, "We didn't find this serial number. Please check it: one wrong character is enough."));
  ui::muted(tr(lang, "Please check it against the label: one wrong character is enough."));
  ImGui::PushFont(ui::fonts().huge);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(flow.unknown_serial().c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(1, ui::px(16)));
  ImVec2 size(0, ui::px(100));
  if (ui::button(tr(lang, "Check it again"), size, ui::ButtonKind::primary, "Check again")) flow.check_serial_again();
  if (ui::button(tr(lang, "Use my receipt instead"), size, ui::ButtonKind::secondary, "Use receipt"))
    flow.use_receipt_instead();
  if (ui::button(tr(lang, "It is right: it was not bought here"), size, ui::ButtonKind::quiet, "Serial is right"))
    flow.serial_is_right();
}

std::string end_text(const CoveragePeriod& period, Language lang) {
  if (period.lifetime) return std::string(tr(lang, "Lifetime"));
  return period.end ? format_date(*period.end, lang) : std::string("—");
}

void coverage_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  const auto& info = flow.coverage();
  if (info) {
    CoverageStatus status = info->verdict.status;
    ui::heading(coverage_text(status, lang));
    app.say(coverage_text(status, lang));
    ui::label_value(tr(lang, "Product"), info->line.product.name);
    ui::label_value(tr(lang, "Bought on"), format_date(info->purchase_date, lang));
    ui::label_value(tr(lang, "Manufacturer's warranty until"), end_text(info->verdict.manufacturer, lang));
    if (info->verdict.plan && info->line.plan)
      ui::label_value(info->line.plan->name, end_text(*info->verdict.plan, lang));
  } else {
    ui::heading(tr(lang, "We can still repair it"));
    app.say(tr(lang, "We can still repair it: please say what it is."));
    ui::muted(tr(lang, "Please say what it is."));
  }
  show_error(app, flow.error());
  if (!info)
    app.field(0, "Product", tr(lang, "Brand and model"), flow.product_description, ui::KeyboardLayout::text, 120, "");
  if (flow.needs_fee()) {
    ImGui::Dummy(ImVec2(1, ui::px(12)));
    ui::paragraph(trf(lang,
                      "Out of warranty, a diagnostic fee of {} applies. We tell you the cost of the repair before "
                      "we do it.",
                      format_price(flow.diagnostic_fee_cents())));
    if (ui::chip(trf(lang, "I accept the diagnostic fee of {}", format_price(flow.diagnostic_fee_cents())),
                 flow.fee_accepted, ImVec2(0, ui::px(96)), "Accept fee"))
      flow.fee_accepted = !flow.fee_accepted;
  } else {
    ui::muted(tr(lang, "Covered faults are repaired at no charge."));
  }
  // The keyboard goes down once the product is named, so the fee question can be seen and answered.
  if (!info && app.focused() == 0 && app.keyboard(tr(lang, "OK"))) app.focus(KioskApp::kNoFocus);
}

void problem_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "What is the problem?"));
  app.say(tr(lang, "What is the problem? Choose the kind that fits best."));
  show_error(app, flow.error());
  auto kinds = problem_categories();
  int columns = columns_for(4, ui::px(400));
  float gap = ImGui::GetStyle().ItemSpacing.x;
  float w = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i % static_cast<std::size_t>(columns)) ImGui::SameLine();
    if (ui::chip(tr(lang, kinds[i]), flow.problem_category == kinds[i], ImVec2(w, ui::px(110)), kinds[i]))
      flow.choose_problem(kinds[i]);
  }
}

void describe_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Describe it in a few words"));
  app.say(tr(lang, "Describe the problem in a few words: what happens, and since when."));
  ui::muted(std::string(tr(lang, flow.problem_category)));
  show_error(app, flow.error());
  app.field(0, "Describe it", "", flow.problem_text, ui::KeyboardLayout::text, 500,
            tr(lang, "What happens, and since when?"), 4);
  if (app.keyboard(tr(lang, "Next"))) flow.submit_problem();
}

void accessories_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "What are you leaving with it?"));
  app.say(tr(lang, "What are you leaving with it? Then check how it looks."));
  show_error(app, flow.error());
  chip_grid(app, accessory_choices(flow.category()), flow.accessories_left, [&](const std::string& item) {
    auto it = std::find(flow.accessories_left.begin(), flow.accessories_left.end(), item);
    if (it == flow.accessories_left.end())
      flow.accessories_left.push_back(item);
    else
      flow.accessories_left.erase(it);
  });
  ImGui::Dummy(ImVec2(1, ui::px(16)));
  ui::heading(tr(lang, "How does it look?"));
  chip_grid(app, condition_choices(flow.category()), flow.visible_condition,
            [&](const std::string& item) { toggle_condition(flow.visible_condition, item); });
}

void contact_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "How can we reach you?"));
  app.say(tr(lang, "How can we reach you? Your name, and a phone number or an e-mail address."));
  show_error_but_contact(app, flow.error());
  flow.contact.language = language_code(lang);  // their messages will be in it
  notify_question(app, flow.notify_answer, flow.contact, flow.error(), [&](bool yes) { flow.answer_notify(yes); });
  contact_fields(app, flow.contact, flow.error());
}

// Asked only where the store offers loaners at the kiosk and one is free; the counter decides.
void loaner_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Would you like a loaner while we repair it?"));
  app.say(tr(lang, "Would you like a loaner while we repair it? The counter will confirm."));
  ui::muted(tr(lang, "The counter will confirm."));
  show_error(app, flow.error());
  ImGui::Dummy(ImVec2(1, ui::px(16)));
  ImVec2 size(0, ui::px(110));
  bool yes = flow.loaner_answer.value_or(false), no = !flow.loaner_answer.value_or(true);
  if (ui::chip(tr(lang, "Yes, I would like a loaner"), yes, size, "Loaner yes")) flow.answer_loaner(true);
  if (ui::chip(tr(lang, "No, thank you"), no, size, "Loaner no")) flow.answer_loaner(false);
}

void review_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  const Config& config = app.config;
  ui::heading(tr(lang, "Please check before you sign"));
  app.say(tr(lang, "Please check everything. Then sign on the next screen."));
  show_error(app, flow.error());
  const auto& info = flow.coverage();
  ui::label_value(tr(lang, "Product"), info ? info->line.product.name : flow.product_description);
  if (!flow.unknown_serial().empty()) ui::label_value(tr(lang, "Serial"), flow.unknown_serial());
  ui::label_value(tr(lang, "Warranty"), info ? coverage_text(info->verdict.status, lang)
                                             : coverage_text(CoverageStatus::unknown_serial, lang));
  if (flow.needs_fee()) ui::label_value(tr(lang, "Diagnostic fee"), format_price(flow.diagnostic_fee_cents()));
  ui::label_value(tr(lang, "Problem"), std::string(tr(lang, flow.problem_category)) + ": " + flow.problem_text);
  std::string left;
  for (const auto& a : flow.accessories_left) left += (left.empty() ? "" : ", ") + std::string(tr(lang, a));
  ui::label_value(tr(lang, "Left with it"), left.empty() ? std::string(tr(lang, "Nothing else")) : left);
  std::string looks;
  for (const auto& c : flow.visible_condition) looks += (looks.empty() ? "" : ", ") + std::string(tr(lang, c));
  ui::label_value(tr(lang, "Condition"), looks);
  review_contact(app, flow.contact);
  if (flow.loaner_offered() && flow.loaner_answer.value_or(false))
    ui::label_value(tr(lang, "Loaner"), tr(lang, "Asked for: the counter will confirm"));
  ui::label_value(tr(lang, "Ready by"), format_date(config.time_zone.local_date(flow.promised_at()), lang));
  ImGui::Dummy(ImVec2(1, ui::px(12)));
  ui::muted(receipt_terms(lang));
}

void signature_step(KioskApp& app, RepairFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Sign to agree"));
  app.say(tr(lang, "Sign with your finger in the box to agree, then confirm."));
  ui::muted(tr(lang,
               "By signing, you agree to what you just checked: you leave the item with us for this repair, on "
               "these terms."));
  ui::muted(receipt_terms(lang));  // the terms are read where they are agreed to, not only on paper
  show_error(app, flow.error());
  // The whole pad in view with Clear under it (a finger on the pad signs; it cannot scroll).
  float clear_h = std::max(ui::kMinTarget, ui::px(64)) + 2 * ImGui::GetStyle().ItemSpacing.y;
  float room = ImGui::GetContentRegionAvail().y - clear_h;
  float pad_h = std::clamp(room, ui::px(180), std::min(ui::px(420), ImGui::GetContentRegionAvail().x * 0.35f));
  ImVec2 size(ImGui::GetContentRegionAvail().x, pad_h);
  ImGui::InvisibleButton("signature pad", size);
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ui::hit_map().target("signature pad", min, max);
  SignaturePad& pad = flow.signature;
  auto to_pad = [&](ImVec2 p) {
    return std::pair<int, int>(static_cast<int>((p.x - min.x) / size.x * 1000),
                               static_cast<int>((p.y - min.y) / size.y * 1000));
  };
  if (ImGui::IsItemActivated()) flow.signature_started();
  if (ImGui::IsItemActive()) {
    auto [x, y] = to_pad(ImGui::GetIO().MousePos);
    if (pad.strokes.empty() || pad.strokes.back().empty() ||
        pad.strokes.back().back() != std::pair(std::clamp(x, 0, 1000), std::clamp(y, 0, 1000)))
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
        return ImVec2(min.x + static_cast<float>(q.first) / 1000 * size.x,
                      min.y + static_cast<float>(q.second) / 1000 * size.y);
      };
      draw->AddLine(at(stroke[i - 1]), at(stroke[i]), p.text, ui::px(5));
    }
  }
  if (ui::button(tr(lang, "Clear"), ImVec2(ui::px(260), 0), ui::ButtonKind::secondary, "Clear signature")) pad.clear();
  ImGui::Dummy(ImVec2(1, ui::px(8)));
  ui::muted(tr(lang, "When you confirm, you get a receipt with a QR code. Leave the item at the service counter."));
}

}  // namespace

void draw_repair(KioskApp& app) {
  if (!app.session.repair) return;
  RepairFlow& flow = *app.session.repair;
  Language lang = app.language;
  Step step = flow.step();
  begin_flow_screen(app, fmt::format("repair_{}", step_name(step)), step_number(step), kSteps);
  Footer footer;
  footer.back = step != Step::identify;
  // On the first step Cancel asks only when something was typed.
  footer.confirm_cancel = step != Step::identify || !flow.serial_input.empty() || !flow.receipt_input.empty();
  footer.next_label = tr(lang, "Next");
  switch (step) {
    case Step::identify: identify_step(app, flow); break;
    case Step::pick_line:
      pick_line_step(app, flow);
      footer.next_label = {};
      break;
    case Step::unknown_serial:
      unknown_serial_step(app, flow);
      footer.next_label = {};
      break;
    case Step::coverage: coverage_step(app, flow); break;
    case Step::problem:
      problem_step(app, flow);
      footer.next_label = {};
      break;
    case Step::describe: describe_step(app, flow); break;
    case Step::accessories: accessories_step(app, flow); break;
    case Step::contact: contact_step(app, flow); break;
    case Step::loaner:
      loaner_step(app, flow);
      footer.next_label = {};
      break;
    case Step::review:
      review_step(app, flow);
      footer.next_label = tr(lang, "It is right: sign");
      break;
    case Step::signature:
      signature_step(app, flow);
      footer.next_label = tr(lang, "Confirm check-in");
      break;
    case Step::done: break;
  }
  FooterAction action = end_flow_screen(app, footer);
  if (action == FooterAction::back) flow.back();
  if (action != FooterAction::next) return;
  switch (step) {
    case Step::identify:
      if (flow.by_receipt())
        flow.submit_receipt();
      else
        flow.submit_serial();
      break;
    case Step::coverage:
      flow.accept_coverage(flow.fee_accepted);
      // A missing product name wants the keyboard; the fee question wants it down.
      if (flow.error()) app.focus(flow.error()->field == "product" ? 0 : KioskApp::kNoFocus);
      break;
    case Step::describe: flow.submit_problem(); break;
    case Step::accessories: flow.submit_accessories(); break;
    case Step::contact:
      flow.submit_contact();
      focus_contact_error(app, flow.error());
      break;
    case Step::review: flow.accept_review(); break;
    case Step::signature:
      flow.confirm();
      if (flow.opened()) app.show_receipt(*flow.opened());
      break;
    default: break;
  }
}

}  // namespace aftersales::kiosk
