#pragma once
// The back office's screen gallery (aftersales-backoffice --gallery DIR): every view as the counter
// meets it, on a demo store of its own with realistic content (long names, accents, a long problem):
// sign-in with an error, the idle lock, the queue with and without filters and search text, a case in
// each state worth seeing, the estimate editor with a bad price, notes, the confirm steps, the
// dashboard, and the dashboard at a chain's headquarters (the demo's cases shared among a dozen
// stores). Saved as DIR/<view>-<field>-en-standard-<WxH>.png (field: the text field being typed
// in, or "none") beside a .map of its targets (ui/hit_map.h). Every map is checked
// (ui/layout_check.h); the run fails when any view has a problem.
#include <filesystem>

#include "core/config/config.h"
#include "ui/shell.h"

namespace aftersales::backoffice {

struct GalleryOptions {
  std::filesystem::path directory;
};

// Returns the number of problems found (0: every view is sound).
int run_gallery(const Config& config, ui::Shell& shell, const GalleryOptions& options);

}  // namespace aftersales::backoffice
