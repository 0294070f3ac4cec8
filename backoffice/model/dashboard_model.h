#pragma once
// The dashboard's words and colours as plain data: what comes back most, kept apart for repairs
// (in the kiosk's problem words) and returns (the reasons given); the turnaround bars' captions;
// text colours chosen by contrast so a label stays readable on whatever bar it sits on. No ImGui.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/services/service_stats.h"

namespace aftersales::backoffice {

struct BarList {
  std::string heading;
  std::vector<std::pair<std::string, int>> rows;  // most first
  std::string empty_text;
};
// "Faults that come back most" (repairs) and "Why items are returned".
std::pair<BarList, BarList> comes_back_most(const ServiceStats& stats);

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};
double relative_luminance(Rgb c);  // WCAG 2
double contrast_ratio(Rgb a, Rgb b);
// Of the two text colours, the one that reads better on `fill`.
Rgb readable_text_on(Rgb fill, Rgb dark, Rgb light);
inline constexpr double kMinTextContrast = 4.5;  // WCAG AA for normal-size text

struct TurnaroundBar {
  std::string heading;  // "Repairs: median 2.5 days, 14 closed"
  float share = 0;      // within the promise, 0..1
  std::string label;    // "86% within the promised date (12 of 14)", drawn on the bar
  enum class Tone { good, fair, poor } tone = Tone::good;
  bool empty = false;  // none closed: heading only
};
std::vector<TurnaroundBar> turnaround_bars(const ServiceStats& stats);
// Good from 90% of promises kept, fair from 70%.
TurnaroundBar::Tone promise_tone(double share_kept);

}  // namespace aftersales::backoffice
