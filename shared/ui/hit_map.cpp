#include "ui/hit_map.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

namespace aftersales::ui {

HitMap::HitMap() {
  if (const char* path = std::getenv("AFTERSALES_UI_MAP")) path_ = path;
}

void HitMap::begin_frame() {
  if (enabled()) current_.clear();
}

void HitMap::screen(std::string_view name) {
  if (enabled()) current_ += fmt::format("screen\t{}\n", name);
}

void HitMap::target(std::string_view name, ImVec2 min, ImVec2 max) {
  if (!enabled()) return;
  // Only what can be tapped: a target clipped away by a scrolled list is not there for the finger.
  ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
  ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
  float cx = (min.x + max.x) / 2, cy = (min.y + max.y) / 2;
  if (cx < clip_min.x || cx > clip_max.x || cy < clip_min.y || cy > clip_max.y) return;
  current_ += fmt::format("target\t{}\t{}\t{}\n", name, static_cast<int>(cx), static_cast<int>(cy));
}

void HitMap::end_frame() {
  if (std::exchange(unsettled_, false) || !enabled() || current_ == written_) return;
  std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << current_;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path_, ec);  // readers never see half a map
  written_ = current_;
}

void HitMap::idle(std::uint64_t frames_drawn) {
  if (!enabled() || frames_drawn == idle_frames_) return;
  idle_frames_ = frames_drawn;
  std::ofstream(path_ + ".idle", std::ios::trunc) << frames_drawn << '\n';
}

HitMap& hit_map() {
  static HitMap map;
  return map;
}

}  // namespace aftersales::ui
