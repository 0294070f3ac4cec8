// Home: four big tiles, the language switch, the accessibility switches and where to find help.
#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

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

  // The switches along the bottom, as wide as their words; they wrap onto more rows when the text is
  // large or the screen narrow, so none ever falls off the screen.
  struct Switch {
    std::string label;
    std::string test_name;
    bool on;
    std::function<void()> toggle;
  };
  std::vector<Switch> switches;
  for (Language l : kAllLanguages)
    switches.push_back(
        {std::string(language_name(l)), std::string(language_name(l)), l == lang, [&app, l] { app.set_language(l); }});
  if (app.speech.available())
    switches.push_back({std::string(tr(lang, "Spoken help")), "Spoken help", app.speech.enabled(),
                        [&app] { app.speech.set_enabled(!app.speech.enabled()); }});
  switches.push_back({std::string(tr(lang, "Large text, high contrast")), "High contrast", app.high_contrast,
                      [&app] { app.set_high_contrast(!app.high_contrast); }});
  float h = std::max(ui::kMinTarget, ui::px(96));
  float spacing = ImGui::GetStyle().ItemSpacing.x;
  float row_width = ImGui::GetContentRegionAvail().x;
  auto width_of = [&](const Switch& s) {
    return std::max(ui::px(200),
                    ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0, s.label.c_str()).x + ui::px(90));
  };
  int rows = 1;
  float x = 0;
  for (const Switch& s : switches) {
    float w = width_of(s);
    if (x > 0 && x + w > row_width) {
      ++rows;
      x = 0;
    }
    x += w + spacing;
  }

  float gap = ui::px(28);
  const ImGuiStyle& style = ImGui::GetStyle();
  float bottom = static_cast<float>(rows) * (h + style.ItemSpacing.y) + ui::px(18) + 2 * style.ItemSpacing.y +
                 ui::fonts().bold->FontSize + style.WindowPadding.y + ui::px(10);
  float tiles_h = ImGui::GetContentRegionAvail().y - bottom;
  int columns = portrait ? 1 : 2;
  int tile_rows = 4 / columns;
  ImVec2 size((ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
              (tiles_h - gap * static_cast<float>(tile_rows - 1)) / static_cast<float>(tile_rows));
  for (int i = 0; i < 4; ++i) {
    if (i % columns) ImGui::SameLine(0, gap);
    const Tile& t = tiles[i];
    if (ui::tile(t.title, t.subtitle, t.symbol, size)) app.start(t.screen);
  }

  ImGui::Dummy(ImVec2(1, ui::px(10)));
  x = 0;
  for (const Switch& s : switches) {
    float w = width_of(s);
    if (x > 0 && x + w <= row_width)
      ImGui::SameLine();
    else
      x = 0;
    if (ui::chip(s.label, s.on, ImVec2(w, h), s.test_name)) s.toggle();
    x += w + spacing;
  }
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
  ui::paragraph(tr(lang,
                   "Please ask at the service counter: we will help you there. The kiosk will be back "
                   "shortly."));
  end_plain_screen();
}

}  // namespace aftersales::kiosk
