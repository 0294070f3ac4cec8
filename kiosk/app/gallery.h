#pragma once
// The screen gallery (aftersales-kiosk --gallery DIR): every screen of every flow, filled with
// realistic content (long names, accents, a four-line problem, an error showing), in each
// language, with the keyboard up on each text field in turn, saved as
// DIR/<screen>-<field>-<lang>-<mode>-<WxH>.png beside a .map of its targets (ui/hit_map.h).
// Every map is checked (ui/layout_check.h); the run fails when any screen has a problem.
#include <filesystem>

#include "core/config/config.h"
#include "ui/shell.h"

namespace aftersales::kiosk {

struct GalleryOptions {
  std::filesystem::path directory;
  bool large = false;  // "Large text, high contrast"
};

// Returns the number of problems found (0: every screen is sound).
int run_gallery(const Config& config, ui::Shell& shell, const GalleryOptions& options);

}  // namespace aftersales::kiosk
