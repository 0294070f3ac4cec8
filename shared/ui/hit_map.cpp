#include "ui/hit_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

namespace aftersales::ui {
namespace {

std::string box(ImVec2 min, ImVec2 max) {
  auto round = [](float v) { return static_cast<int>(std::lround(v)); };
  return fmt::format("{}\t{}\t{}\t{}", round(min.x), round(min.y), round(max.x) - round(min.x),
                     round(max.y) - round(min.y));
}

// The part of [min, max] inside the current clip rectangle, and how much of it that is.
std::string visible_box(ImVec2 min, ImVec2 max) {
  ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
  ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
  ImVec2 vmin(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
  ImVec2 vmax(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
  if (vmax.x <= vmin.x || vmax.y <= vmin.y) return box(min, max) + "\thidden";
  // A few pixels of a border under a region's edge are not a cut a person would notice.
  constexpr float kSlack = 3;
  bool cut = vmin.x > min.x + kSlack || vmin.y > min.y + kSlack || vmax.x < max.x - kSlack || vmax.y < max.y - kSlack;
  return box(vmin, vmax) + (cut ? "\tcut" : "");
}

bool hidden(const std::string& line) {
  return line.ends_with("\thidden");
}

}  // namespace

HitMap::HitMap() {
  if (const char* path = std::getenv("AFTERSALES_UI_MAP")) path_ = path;
}

void HitMap::begin_frame() {
  scroll_depth_ = 0;
  if (!enabled()) return;
  current_.clear();
  ImVec2 size = ImGui::GetIO().DisplaySize;
  current_ += fmt::format("window\t{}\t{}\n", static_cast<int>(size.x), static_cast<int>(size.y));
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
  if (cx >= clip_min.x && cx <= clip_max.x && cy >= clip_min.y && cy <= clip_max.y)
    current_ += fmt::format("target\t{}\t{}\t{}\n", name, static_cast<int>(cx), static_cast<int>(cy));
  std::string part = visible_box(min, max);
  // A target scrolled away inside a list is there to scroll to; anywhere else, hidden is a defect.
  if (!hidden(part) || scroll_depth_ == 0) current_ += fmt::format("rect\t{}\t{}\n", name, part);
}

void HitMap::enter_scroll(ImVec2 min, ImVec2 max) {
  ++scroll_depth_;
  if (enabled()) current_ += fmt::format("scroll\t{}\n", box(min, max));
}

void HitMap::overlay() {
  if (!enabled()) return;
  std::string kept;
  std::size_t start = 0;
  while (start < current_.size()) {
    std::size_t end = current_.find('\n', start);
    std::string_view line(current_.data() + start, end - start + 1);
    if (line.starts_with("screen\t") || line.starts_with("window\t")) kept += line;
    start = end + 1;
  }
  current_ = std::move(kept);
}

void HitMap::keyboard(ImVec2 min, ImVec2 max) {
  if (enabled()) current_ += fmt::format("keyboard\t{}\n", box(min, max));
}

void HitMap::focus(std::string_view name, ImVec2 min, ImVec2 max) {
  if (enabled()) current_ += fmt::format("focus\t{}\t{}\n", name, box(min, max));
}

void HitMap::error(ImVec2 min, ImVec2 max) {
  if (enabled()) current_ += fmt::format("error\t{}\n", visible_box(min, max));
}

void HitMap::end_frame() {
  if (!enabled()) return;
  finished_ = current_;
  if (std::exchange(unsettled_, false) || path_.empty() || current_ == written_) return;
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
  if (path_.empty() || frames_drawn == idle_frames_) return;
  idle_frames_ = frames_drawn;
  std::ofstream(path_ + ".idle", std::ios::trunc) << frames_drawn << '\n';
}

HitMap& hit_map() {
  static HitMap map;
  return map;
}

}  // namespace aftersales::ui
