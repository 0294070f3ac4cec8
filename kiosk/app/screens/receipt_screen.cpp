// The receipt screen: the case code in large type, its QR on screen to scan now, how the printing
// went, and Done. A printer problem never hides the code: the shopper can show it at the counter.
#include <fmt/format.h>
#include <imgui.h>

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
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(tr(lang, "Scan it with your phone now to follow your case.").data());
  ImGui::PopFont();
  ImGui::TextUnformatted(tr(lang, "No app and no login: only this code opens your case.").data());
  ImGui::Dummy(ImVec2(1, ui::px(24)));
  PrintState state = r.printing ? r.printing->state() : PrintState::failed;
  const ui::Palette& p = ui::palette();
  switch (state) {
    case PrintState::printing: ImGui::TextUnformatted(tr(lang, "Printing your receipt…").data()); break;
    case PrintState::printed:
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.success));
      ImGui::TextUnformatted(
          (repair ? tr(lang, "✓ Printed: take your receipt. Leave the item and its label at the service counter.")
                  : tr(lang, "✓ Printed: take your receipt and bring it with the item to the service counter."))
              .data());
      ImGui::PopStyleColor();
      break;
    case PrintState::failed:
      ui::error_banner(tr(lang,
                          "The receipt could not be printed. Your case is saved: show this code at the "
                          "service counter."));
      if (r.printing && !std::exchange(r.failure_logged, true))
        std::fprintf(stderr, "aftersales-kiosk: printing %s failed: %s\n", r.opened.code.c_str(),
                     r.printing->message().c_str());
      if (ui::button(tr(lang, "Try printing again"), ImVec2(ui::px(520), 0), ui::ButtonKind::secondary,
                     "Print again")) {
        r.failure_logged = false;
        app.reprint();
      }
      break;
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY() + ui::px(16), ImGui::GetWindowHeight() - done_h - ui::px(28)));
  if (ui::button(tr(lang, "Done"), ImVec2(0, done_h), ui::ButtonKind::primary, "Done")) app.go_home();
  end_plain_screen();
}

}  // namespace aftersales::kiosk
