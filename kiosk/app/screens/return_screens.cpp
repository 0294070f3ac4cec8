// "Return an item": one question a screen, drawn from ReturnFlow.
#include <fmt/format.h>
#include <imgui.h>

#include "../kiosk_app.h"
#include "../kiosk_text.h"
#include "core/base/text.h"
#include "screen_frame.h"
#include "screens.h"
#include "ui/fonts.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

using Step = ReturnFlow::Step;

void receipt_step(KioskApp& app, ReturnFlow& flow) {
  if (ask_receipt(app, flow.receipt_input, flow.error())) {
    app.session.return_line = -1;
    flow.submit_receipt();
  }
}

void item_step(KioskApp& app, ReturnFlow& flow) {
  Language lang = app.language;
  Session& s = app.session;
  ui::heading(tr(lang, "Which item are you returning?"));
  app.say(tr(lang, "Which item are you returning?"));
  show_error(app, flow.error());
  const auto& lines = flow.lines();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ReturnCheckLine& line = lines[i];
    bool returnable = line.decision.quantity_returnable > 0;
    std::string label = fmt::format("{}  ·  {}", line.line.product.name, format_price(line.line.price_cents));
    if (!returnable) label += "  ·  " + refusal_text(line.decision, lang);
    bool chosen = s.return_line == static_cast<int>(i);
    ImGui::PushID(static_cast<int>(i));
    if (ui::chip(label, chosen, ImVec2(0, ui::px(96)), line.line.product.name) && returnable) {
      s.return_line = static_cast<int>(i);
      s.return_quantity = 1;
    }
    ImGui::PopID();
  }
  if (s.return_line >= 0 && static_cast<std::size_t>(s.return_line) < lines.size()) {
    int most = lines[static_cast<std::size_t>(s.return_line)].decision.quantity_returnable;
    if (most > 1) {
      ImGui::Dummy(ImVec2(1, ui::px(10)));
      ImGui::PushFont(ui::fonts().bold);
      ImGui::TextUnformatted(tr(lang, "How many?").data());
      ImGui::PopFont();
      float b = std::max(ui::kMinTarget, ui::px(96));
      if (ui::button("−", ImVec2(b, b), ui::ButtonKind::secondary, "fewer") && s.return_quantity > 1)
        --s.return_quantity;
      ImGui::SameLine();
      ImGui::PushFont(ui::fonts().title);
      ImGui::Text("%d", s.return_quantity);
      ImGui::PopFont();
      ImGui::SameLine();
      if (ui::button("+", ImVec2(b, b), ui::ButtonKind::secondary, "more") && s.return_quantity < most)
        ++s.return_quantity;
    }
  }
}

void serial_step(KioskApp& app, ReturnFlow& flow) {
  if (ask_serial(app, flow.serial_input, flow.error())) flow.submit_serial();
}

// Screen names the tests wait for; the serial step came later and has its own.
std::string screen_name(Step step) {
  return step == Step::serial ? std::string("return_serial")
                              : fmt::format("return_{}", static_cast<int>(step) - (step > Step::serial ? 1 : 0));
}

void reason_step(KioskApp& app, ReturnFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Why are you returning it?"));
  app.say(tr(lang, "Why are you returning it?"));
  for (ReturnReason r :
       {ReturnReason::changed_mind, ReturnReason::defective, ReturnReason::wrong_item, ReturnReason::not_as_described})
    if (ui::button(reason_label(r, lang), ImVec2(0, ui::px(110)), ui::ButtonKind::secondary)) flow.choose_reason(r);
}

void condition_step(KioskApp& app, ReturnFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "What condition is it in?"));
  app.say(tr(lang, "What condition is it in?"));
  show_error(app, flow.error());
  for (ItemCondition c : {ItemCondition::sealed, ItemCondition::opened, ItemCondition::damaged}) {
    std::string label = condition_label(c, lang) + " — " + condition_hint(c, lang);
    if (ui::button(label, ImVec2(0, ui::px(110)), ui::ButtonKind::secondary, condition_label(c, lang)))
      flow.choose_condition(c);
  }
}

void answer_step(KioskApp& app, ReturnFlow& flow) {
  Language lang = app.language;
  const ReturnDecision& d = flow.decision();
  ui::heading(d.accepted() ? tr(lang, "Yes, we can take it back") : tr(lang, "Sorry, we can't take this return"));
  std::string answer = decision_text(d, lang);
  app.say(answer);
  ui::paragraph(answer);
  ImGui::Dummy(ImVec2(1, ui::px(12)));
  if (d.accepted()) {
    ImGui::PushFont(ui::fonts().bold);
    ImGui::TextUnformatted(tr(lang, "At the counter you can choose:").data());
    ImGui::PopFont();
    if (d.allows(ReturnOutcome::refund))
      ui::paragraph("•  " + trf(lang, "a refund of {}", format_price(d.refund_cents)));
    if (d.allows(ReturnOutcome::exchange)) ui::paragraph(std::string("•  ") + std::string(tr(lang, "an exchange")));
    if (d.allows(ReturnOutcome::store_credit))
      ui::paragraph(std::string("•  ") + std::string(tr(lang, "store credit")));
  } else {
    ui::muted(tr(lang,
                 "Go back to change your answers, or ask at the service counter: we may still be able to "
                 "help, for example with a repair."));
  }
}

void contact_step(KioskApp& app, ReturnFlow& flow) {
  Language lang = app.language;
  if (flow.contact_required()) {
    // The store's return controls know a customer by these: no skipping (core/services/return_controls.h).
    ui::heading(tr(lang, "Your contact details"));
    app.say(tr(lang, "Please give a phone number or an e-mail address. We use it only for this return."));
    ui::muted(tr(lang, "A phone number or an e-mail address, used only for this return."));
  } else {
    ui::heading(tr(lang, "Your contact details (optional)"));
    app.say(tr(lang, "Your contact details are optional. We use them only to tell you about this return."));
    ui::muted(tr(lang, "We use them only to tell you about this return."));
    if (ui::button(tr(lang, "Skip this step"), ImVec2(0, 0), ui::ButtonKind::quiet, "Skip")) flow.skip_contact();
  }
  show_error_but_contact(app, flow.error());
  flow.contact.language = language_code(lang);  // their messages will be in it
  notify_question(app, flow.notify_answer, flow.contact, flow.error(), [&](bool yes) { flow.answer_notify(yes); });
  contact_fields(app, flow.contact, flow.error());
}

void review_step(KioskApp& app, ReturnFlow& flow) {
  Language lang = app.language;
  ui::heading(tr(lang, "Please check and confirm"));
  app.say(tr(lang, "Please check and confirm"));
  show_error(app, flow.error());
  const ReturnDraft& d = flow.draft();
  const auto& lines = flow.lines();
  int chosen = app.session.return_line;
  if (chosen >= 0 && static_cast<std::size_t>(chosen) < lines.size())
    ui::label_value(tr(lang, "Item"), lines[static_cast<std::size_t>(chosen)].line.product.name);
  ui::label_value(tr(lang, "Receipt"), d.receipt_number);
  ui::label_value(tr(lang, "Quantity"), std::to_string(d.quantity));
  ui::label_value(tr(lang, "Reason"), reason_label(d.reason, lang));
  ui::label_value(tr(lang, "Condition"), condition_label(d.condition, lang));
  ui::label_value(tr(lang, "Answer"), decision_text(flow.decision(), lang));
  review_contact(app, d.customer, !d.customer.phone.empty() || !d.customer.email.empty());
  ImGui::Dummy(ImVec2(1, ui::px(12)));
  ui::muted(tr(lang,
               "When you confirm, you get a receipt with a QR code. Bring the item and the receipt to the "
               "service counter."));
}

}  // namespace

void draw_return(KioskApp& app) {
  if (!app.session.returning) return;
  ReturnFlow& flow = *app.session.returning;
  Language lang = app.language;
  Step step = flow.step();
  begin_flow_screen(app, screen_name(step), flow.step_number(), ReturnFlow::kSteps);
  Footer footer;
  footer.back = step != Step::receipt;
  footer.confirm_cancel = step != Step::receipt;
  switch (step) {
    case Step::receipt:
      receipt_step(app, flow);
      footer.next_label = tr(lang, "Next");
      break;
    case Step::item:
      item_step(app, flow);
      if (app.session.return_line >= 0) footer.next_label = tr(lang, "Next");
      break;
    case Step::serial:
      serial_step(app, flow);
      footer.next_label = tr(lang, "Next");
      break;
    case Step::reason: reason_step(app, flow); break;
    case Step::condition: condition_step(app, flow); break;
    case Step::answer:
      answer_step(app, flow);
      if (flow.decision().accepted()) footer.next_label = tr(lang, "Continue");
      break;
    case Step::contact:
      contact_step(app, flow);
      footer.next_label = tr(lang, "Next");
      break;
    case Step::review:
      review_step(app, flow);
      footer.next_label = tr(lang, "Confirm return");
      break;
    case Step::done: break;
  }
  FooterAction action = end_flow_screen(app, footer);
  if (action == FooterAction::back) flow.back();
  if (action != FooterAction::next) return;
  switch (step) {
    case Step::receipt:
      app.session.return_line = -1;
      flow.submit_receipt();
      break;
    case Step::item:
      flow.choose_item(static_cast<std::size_t>(app.session.return_line), app.session.return_quantity);
      break;
    case Step::serial: flow.submit_serial(); break;
    case Step::answer: flow.accept_answer(); break;
    case Step::contact:
      flow.submit_contact();
      focus_contact_error(app, flow.error());
      break;
    case Step::review:
      flow.confirm();
      if (flow.opened()) app.show_receipt(*flow.opened());
      break;
    default: break;
  }
}

}  // namespace aftersales::kiosk
