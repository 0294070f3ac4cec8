#pragma once
// One picture of a screen gallery: what the shell last drew as `<base>.png`, its target map as
// `<base>.map`, and the map checked (ui/layout_check.h). Both apps' galleries save through this.
#include <chrono>
#include <string>

#include "ui/shell.h"

namespace aftersales::ui {

struct GalleryShot {
  int problems = 0;                              // each one already printed as "<stem>: <problem>"
  std::chrono::steady_clock::duration saving{};  // how long writing the PNG took
};

GalleryShot save_gallery_shot(Shell& shell, const std::string& base, const std::string& stem);

}  // namespace aftersales::ui
