// The receipt screen: the case code in large type, its QR on screen to scan now, how the printing
// went, and Done. A printer problem never hides the code: the shopper can show it at the counter.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "../kiosk_app.h"
#include "flows/return_flow.h"
#include "screen_frame.h"
#include "screens.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {

namespace {

// "How would you like your receipt?": printed, or sent to the contact the shopper gave ("no paper"),
// as two rows of two short buttons, with the contacts it would go to said once above them.
void draw_receipt_choice(KioskApp& app, ReceiptScreenState& r) {
  Language lang = app.language;
  ReceiptHandout& handout = *r.handout;
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(tr(lang, "How would you like your receipt?").data());
  ImGui::PopFont();
  app.say(tr(lang, "How would you like your receipt? Printed, or sent to you with no paper."));
  ImGui::TextUnformatted(
      trf(lang, "With no paper, it goes to {}, with the same link to your case.", fmt::join(handout.offered_to(), ", "))
          .c_str());
  if (!r.send_error.empty()) ui::error_banner(r.send_error);
  if (r.print_state() == PrintState::failed)  // the label, while the shopper chooses
    ui::error_banner(tr(lang,
                        "The label could not be printed. Your case is saved: show this code at the "
                        "service counter."));
  auto send = [&](const std::vector<std::string>& channels) {
    if (auto sent = handout.choose_sent(channels); !sent) {
      std::fprintf(stderr, "aftersales-kiosk: sending the receipt of %s failed: %s\n", r.opened.code.c_str(),
                   sent.error().message.c_str());
      r.send_error = tr(lang, "The receipt could not be sent. Your case is saved: choose Print it.");
    }
  };
  struct Way {
    std::string label;
    const char* id;
    std::vector<std::string> channels;  // empty: print it
  };
  std::vector<Way> ways{{std::string(tr(lang, "Print it")), "Print it", {}}};
  bool email = std::ranges::find(handout.channels(), "email") != handout.channels().end();
  bool sms = std::ranges::find(handout.channels(), "sms") != handout.channels().end();
  if (email) ways.push_back({std::string(tr(lang, "By e-mail")), "E-mail it", {"email"}});
  if (sms) ways.push_back({std::string(tr(lang, "By SMS")), "Text it", {"sms"}});
  if (email && sms) ways.push_back({std::string(tr(lang, "E-mail and SMS")), "E-mail and text it", {"email", "sms"}});
  float gap = ui::px(16);
  float width = std::min((ImGui::GetContentRegionAvail().x - gap) / 2, ui::px(420));
  ImVec2 size(width, std::max(ui::kMinTarget, ui::px(72)));
  for (std::size_t i = 0; i < ways.size(); ++i) {
    if (i % 2 == 1) ImGui::SameLine(0, gap);
    const Way& way = ways[i];
    bool primary = way.channels.empty();
    if (!ui::button(way.label, size, primary ? ui::ButtonKind::primary : ui::ButtonKind::secondary, way.id)) continue;
    if (primary) {
      r.send_error.clear();
      app.print_on_receipt_screen(handout.choose_paper());
    } else {
      send(way.channels);
    }
  }
}

// Each failed job once in the log, whatever the screen shows (the choice hides the label's state).
void log_print_failures(ReceiptScreenState& r) {
  for (ReceiptScreenState::Print& print : r.prints)
    if (print.status->state() == PrintState::failed && !std::exchange(print.failure_logged, true))
      std::fprintf(stderr, "aftersales-kiosk: printing %s failed: %s\n", r.opened.code.c_str(),
                   print.status->message().c_str());
}

// How the receipt left: sent (and a repair's label printing), or printed.
void draw_handout_status(KioskApp& app, ReceiptScreenState& r, bool sent) {
  Language lang = app.language;
  bool repair = r.opened.kind == CaseKind::repair;
  const ui::Palette& p = ui::palette();
  if (sent) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.success));
    ImGui::TextUnformatted(trf(lang, "✓ Sent to {}: no paper.", fmt::join(r.handout->sent_to(), ", ")).c_str());
    ImGui::PopStyleColor();
    if (!repair) {
      ImGui::TextUnformatted(tr(lang, "Bring the item to the service counter.").data());
      return;
    }
  }
  switch (r.print_state()) {
    case PrintState::printing:
      ImGui::TextUnformatted(
          (sent ? tr(lang, "Printing the label for your item…") : tr(lang, "Printing your receipt…")).data());
      break;
    case PrintState::printed:
      if (sent) {
        ImGui::TextUnformatted(
            tr(lang, "Take the printed label and leave it with the item at the service counter.").data());
        break;
      }
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.success));
      ImGui::TextUnformatted(
          (repair ? tr(lang, "✓ Printed: take your receipt. Leave the item and its label at the service counter.")
                  : tr(lang, "✓ Printed: take your receipt and bring it with the item to the service counter."))
              .data());
      ImGui::PopStyleColor();
      break;
    case PrintState::failed:
      ui::error_banner(sent ? tr(lang,
                                 "The label could not be printed. Your case is saved: show this code at the "
                                 "service counter.")
                            : tr(lang,
                                 "The receipt could not be printed. Your case is saved: show this code at the "
                                 "service counter."));
      if (ui::button(tr(lang, "Try printing again"), ImVec2(ui::px(520), 0), ui::ButtonKind::secondary, "Print again"))
        app.reprint();
      break;
  }
}

}  // namespace

void draw_receipt(KioskApp& app) {
  if (!app.receipt) return;
  ReceiptScreenState& r = *app.receipt;
  Language lang = app.language;
  begin_plain_screen(app, "receipt");
  ImVec2 area = ImGui::GetContentRegionAvail();
  bool portrait = area.y > area.x;
  float qr_side = std::min(portrait ? area.x * 0.6f : area.y * 0.55f, ui::px(560));

  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(app.config.store.name.c_str());
  ImGui::PopFont();
  ImGui::Separator();
  bool repair = r.opened.kind == CaseKind::repair;
  ui::heading(repair ? tr(lang, "Your repair is checked in") : tr(lang, "Your return is registered"));
  ui::muted(tr(lang, "Your case code:"));
  ImGui::PushFont(ui::fonts().huge);
  ImGui::TextUnformatted(r.opened.code.c_str());
  ImGui::PopFont();
  app.say(
      trf(lang, "Done. Your case code is {}. Scan the QR code with your phone to follow your case.", r.opened.code));
  if (std::string handover = return_handover_words(r.opened.handover, lang); !handover.empty()) {
    ImGui::PushFont(ui::fonts().bold);
    ui::paragraph(handover);
    ImGui::PopFont();
    app.say(handover);
  }

  // The QR and its light margin stay clear of Done, or a phone cannot read it.
  float done_h = std::max(ui::kMinTarget, ui::px(110));
  float below = ImGui::GetWindowHeight() - ImGui::GetCursorPosY() - done_h - ui::px(56);
  if (!portrait) qr_side = std::min(qr_side, below);
  ImGui::BeginGroup();
  if (r.qr) {
    ImGui::Image(r.qr.id(), ImVec2(qr_side, qr_side));
    ui::mark("QR code");
  }
  ImGui::EndGroup();
  if (!portrait) ImGui::SameLine(0, ui::px(48));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(portrait ? 0.0f : ImGui::GetCursorPosX() + area.x - qr_side - ui::px(100));
  using Choice = ReceiptHandout::Choice;
  Choice choice = r.handout ? r.handout->choice() : Choice::printed;
  if (choice == Choice::undecided && !r.handout->channels().empty()) {
    draw_receipt_choice(app, r);  // the QR's words wait for the choice, or it does not fit a short screen
  } else {
    ImGui::PushFont(ui::fonts().bold);
    ImGui::TextUnformatted(tr(lang, "Scan it with your phone now to follow your case.").data());
    ImGui::PopFont();
    ImGui::TextUnformatted(tr(lang, "No app and no login: only this code opens your case.").data());
    ImGui::Dummy(ImVec2(1, ui::px(24)));
    draw_handout_status(app, r, choice == Choice::sent);
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + ui::px(16), ImGui::GetWindowHeight() - done_h - ui::px(28)));
  log_print_failures(r);
  if (ui::button(tr(lang, "Done"), ImVec2(0, done_h), ui::ButtonKind::primary, "Done")) app.leave_receipt_screen();
  end_plain_screen();
}

}  // namespace aftersales::kiosk
