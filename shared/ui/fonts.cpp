#include "ui/fonts.h"

#include <cstdio>
#include <filesystem>

namespace aftersales::ui {
namespace {

constexpr const char* kRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Latin-1, Latin Extended-A, punctuation, euro, arrows, a few shapes and check marks.
constexpr ImWchar kTextRanges[] = {0x0020, 0x017F, 0x2010, 0x205E, 0x20AC, 0x20AC, 0x2190, 0x21FF, 0x2300,
                                   0x23FF, 0x25A0, 0x25FF, 0x2699, 0x2699, 0x2713, 0x2718, 0};
constexpr ImWchar kCodeRanges[] = {0x0020, 0x005A, 0};

Fonts g_fonts;

ImFont* add(const char* path, float px, const ImWchar* ranges) {
  ImFontConfig config;
  config.OversampleH = 1;  // large sizes look right without it, and it triples the atlas
  config.OversampleV = 1;
  config.PixelSnapH = true;
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(path, px, &config, ranges);
}

}  // namespace

Fonts load_fonts(float body_px) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  g_fonts = {};
  g_fonts.body_px = body_px;
  if (!std::filesystem::exists(kRegular) || !std::filesystem::exists(kBold)) {
    std::fprintf(stderr, "fonts: %s not found (install fonts-dejavu-core); using the built-in font\n", kRegular);
    ImFontConfig config;
    config.SizePixels = body_px;
    ImFont* fallback = atlas->AddFontDefault(&config);
    g_fonts = {fallback, fallback, fallback, fallback, fallback, body_px};
    return g_fonts;
  }
  g_fonts.body = add(kRegular, body_px, kTextRanges);
  g_fonts.bold = add(kBold, body_px, kTextRanges);
  g_fonts.title = add(kBold, body_px * 1.45f, kTextRanges);
  g_fonts.small = add(kRegular, body_px * 0.8f, kTextRanges);
  g_fonts.huge = add(kBold, body_px * 2.4f, kCodeRanges);
  return g_fonts;
}

const Fonts& fonts() {
  return g_fonts;
}

}  // namespace aftersales::ui
