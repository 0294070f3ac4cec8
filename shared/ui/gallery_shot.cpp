#include "ui/gallery_shot.h"

#include <cstdio>
#include <fstream>

#include "ui/hit_map.h"
#include "ui/layout_check.h"

namespace aftersales::ui {

GalleryShot save_gallery_shot(Shell& shell, const std::string& base, const std::string& stem) {
  GalleryShot shot;
  auto start = std::chrono::steady_clock::now();
  if (auto saved = shell.save_png(base + ".png"); !saved) {
    std::fprintf(stderr, "gallery: %s\n", saved.error().message.c_str());
    ++shot.problems;
  }
  shot.saving = std::chrono::steady_clock::now() - start;
  const std::string& map = hit_map().text();
  std::ofstream(base + ".map", std::ios::trunc) << map;
  for (const std::string& problem : check_layout(map)) {
    std::fprintf(stderr, "%s: %s\n", stem.c_str(), problem.c_str());
    ++shot.problems;
  }
  return shot;
}

}  // namespace aftersales::ui
