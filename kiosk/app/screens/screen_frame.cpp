#include "screen_frame.h"

#include <fmt/format.h>
#include <imgui.h>

#include "../kiosk_app.h"
#include "../kiosk_text.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

float footer_height() { return std::max(ui::kMinTarget, ui::px(92)) + ui::px(36); }

void header(KioskApp& app, int step, int total) {
  Language lang = app.language;
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(app.config.store.name.c_str());
  ImGui::PopFont();
  if (total > 0) {
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ui::px(34) * static_cast<float>(total) - ui::px(230));
    ui::step_indicator(step, total, trf(lang, "Step {} of {}", step, total));
  }
  ImGui::Separator();
}

}  // namespace

float column_width() { return std::min(ImGui::GetContentRegionAvail().x, ui::px(1500)); }

void begin_flow_screen(KioskApp& app, std::string_view name, int step, int total) {
  ui::hit_map().screen(name);
  app.screen_key(fmt::format("{}:{}", name, step));
  header(app, step, total);
  float width = column_width();
  float height = ImGui::GetContentRegionAvail().y - footer_height() - app.keyboard_height();
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
  ui::scroll_begin("content", ImVec2(width, height));
}

FooterAction end_flow_screen(KioskApp& app, const Footer& footer) {
  Language lang = app.language;
  ui::scroll_end();
  app.draw_pinned_keyboard();
  ImGui::Separator();
  FooterAction action = FooterAction::none;
  float h = std::max(ui::kMinTarget, ui::px(92));
  float w = ui::px(340);
  float right = ImGui::GetContentRegionMax().x;
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - h - ui::px(28));
  if (footer.back) {
    if (ui::button(std::string("← ") + std::string(tr(lang, "Back")), ImVec2(w, h), ui::ButtonKind::secondary, "Back"))
      action = FooterAction::back;
    ImGui::SameLine();
  }
  if (ui::button(tr(lang, "Cancel"), ImVec2(w * 0.8f, h), ui::ButtonKind::quiet, "Cancel")) {
    if (footer.confirm_cancel)
      app.cancel_asked = true;
    else
      app.go_home();
  }
  if (!footer.next_label.empty()) {
    ImGui::SameLine(right - w * 1.2f);
    if (ui::button(footer.next_label, ImVec2(w * 1.2f, h), ui::ButtonKind::primary, "Next")) action = FooterAction::next;
  }
  return action;
}

void begin_plain_screen(KioskApp& app, std::string_view name) {
  ui::hit_map().screen(name);
  app.screen_key(name);
}

void end_plain_screen() {}

void show_error(KioskApp& app, const std::optional<Error>& error) {
  if (!error) return;
  std::string text = error_text(*error, app.language);
  ui::error_banner(text);
  app.say(text);
}

bool ask_serial(KioskApp& app, std::string& input, const std::optional<Error>& error) {
  Language lang = app.language;
  ui::heading(tr(lang, "Scan or type the serial number"));
  app.say(tr(lang, "Scan or type the serial number. It is on a label on the item or its box."));
  ui::muted(tr(lang, "It is on a label on the item or its box, often after \"S/N\"."));
  show_error(app, error);
  app.field(0, tr(lang, "Serial number"), input, ui::KeyboardLayout::code, 64, "");
  return app.keyboard(tr(lang, "OK"));
}

bool ask_receipt(KioskApp& app, std::string& input, const std::optional<Error>& error) {
  Language lang = app.language;
  ui::heading(tr(lang, "Scan your receipt, or type its number"));
  app.say(tr(lang, "Scan your receipt, or type its number"));
  show_error(app, error);
  app.field(0, tr(lang, "Receipt number"), input, ui::KeyboardLayout::numeric, 32,
            tr(lang, "The number under the barcode"));
  return app.keyboard(tr(lang, "OK"));
}

}  // namespace aftersales::kiosk
