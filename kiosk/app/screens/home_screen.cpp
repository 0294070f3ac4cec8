// Home: four big tiles, the language switch, the accessibility switches and where to find help.
#include <imgui.h>

#include "../kiosk_app.h"
#include "screen_frame.h"
#include "screens.h"
#include "ui/fonts.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {

void draw_home(KioskApp& app) {
  Language lang = app.language;
  begin_plain_screen(app, "home");
  ImVec2 area = ImGui::GetContentRegionAvail();
  bool portrait = area.y > area.x;

  ImGui::PushFont(ui::fonts().title);
  ImGui::TextUnformatted(app.config.store.name.c_str());
  ImGui::PopFont();
  ui::muted(tr(lang, "After-sales service: returns, repairs, warranty and your case, all in one place."));
  app.say(tr(lang, "Welcome. Return an item, check in a repair, look up a warranty, or track your case."));
  ImGui::Dummy(ImVec2(1, ui::px(16)));

  struct Tile {
    std::string_view title;
    std::string_view subtitle;
    const char* symbol;
    Screen screen;
  };
  const Tile tiles[] = {
      {tr(lang, "Return an item"), tr(lang, "Bring it back with its receipt"), "↩", Screen::return_item},
      {tr(lang, "Repair check-in"), tr(lang, "Leave an item with us to be repaired"), "⚙", Screen::repair},
      {tr(lang, "Warranty lookup"), tr(lang, "See what your warranty covers"), "✓", Screen::warranty},
      {tr(lang, "Track my case"), tr(lang, "Scan your receipt's QR code or type the case code"), "◎", Screen::track},
  };

  float gap = ui::px(28);
  float bottom = std::max(ui::kMinTarget, ui::px(96)) * (portrait ? 2.4f : 1.4f) + ui::px(80);
  float tiles_h = ImGui::GetContentRegionAvail().y - bottom;
  int columns = portrait ? 1 : 2;
  int rows = 4 / columns;
  ImVec2 size((ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
              (tiles_h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
  for (int i = 0; i < 4; ++i) {
    if (i % columns) ImGui::SameLine(0, gap);
    const Tile& t = tiles[i];
    if (ui::tile(t.title, t.subtitle, t.symbol, size)) app.start(t.screen);
  }

  ImGui::Dummy(ImVec2(1, ui::px(10)));
  float h = std::max(ui::kMinTarget, ui::px(96));
  float w = ui::px(300);
  for (Language l : kAllLanguages) {
    if (ui::chip(language_name(l), l == lang, ImVec2(w, h))) app.set_language(l);
    ImGui::SameLine();
  }
  if (portrait) ImGui::NewLine();
  else ImGui::SameLine(0, ui::px(40));
  if (app.speech.available() &&
      ui::chip(tr(lang, "Spoken help"), app.speech.enabled(), ImVec2(ui::px(320), h), "Spoken help"))
    app.speech.set_enabled(!app.speech.enabled());
  ImGui::SameLine();
  if (ui::chip(tr(lang, "Large text, high contrast"), app.high_contrast, ImVec2(ui::px(480), h), "High contrast"))
    app.set_high_contrast(!app.high_contrast);
  ImGui::Dummy(ImVec2(1, ui::px(8)));
  ImGui::PushFont(ui::fonts().bold);
  ImGui::TextUnformatted(tr(lang, "Need help? Ask at the service counter.").data());
  ImGui::PopFont();
  end_plain_screen();
}

void draw_unavailable(KioskApp& app) {
  Language lang = app.language;
  begin_plain_screen(app, "unavailable");
  ImGui::Dummy(ImVec2(1, ImGui::GetContentRegionAvail().y * 0.3f));
  ui::heading(tr(lang, "This kiosk is resting for a moment."));
  ui::paragraph(tr(lang, "Please ask at the service counter: we will help you there. The kiosk will be back "
                         "shortly."));
  end_plain_screen();
}

}  // namespace aftersales::kiosk
