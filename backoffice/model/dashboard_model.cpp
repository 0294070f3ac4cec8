#include "dashboard_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace aftersales::backoffice {

std::pair<BarList, BarList> comes_back_most(const ServiceStats& stats) {
  BarList repairs{"Faults that come back most", {}, "No repairs in this period."};
  for (const RepeatCount& r : stats.top_repair_problems) repairs.rows.emplace_back(r.label, r.cases);
  BarList returns{"Why items are returned", {}, "No returns in this period."};
  for (const RepeatCount& r : stats.top_return_reasons) returns.rows.emplace_back(r.label, r.cases);
  return {repairs, returns};
}

double relative_luminance(Rgb c) {
  auto channel = [](std::uint8_t v) {
    double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast_ratio(Rgb a, Rgb b) {
  double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb readable_text_on(Rgb fill, Rgb dark, Rgb light) {
  return contrast_ratio(dark, fill) >= contrast_ratio(light, fill) ? dark : light;
}

std::vector<TurnaroundBar> turnaround_bars(const ServiceStats& stats) {
  std::vector<TurnaroundBar> bars;
  for (const Turnaround& t : stats.turnaround) {
    TurnaroundBar bar;
    const char* kind = t.kind == CaseKind::repair ? "Repairs" : "Returns";
    if (t.closed == 0) {
      bar.heading = fmt::format("{}: none closed in {} days", kind, stats.days);
      bar.empty = true;
      bars.push_back(bar);
      continue;
    }
    bar.heading = fmt::format("{}: median {:.1f} days, {} closed", kind, t.median_days, t.closed);
    bar.share = static_cast<float>(t.share_within_promise());
    bar.label = fmt::format("{:.0f}% within the promised date ({} of {})", bar.share * 100, t.within_promise, t.closed);
    bar.tone = promise_tone(t.share_within_promise());
    bars.push_back(bar);
  }
  return bars;
}

TurnaroundBar::Tone promise_tone(double share_kept) {
  return share_kept >= 0.9   ? TurnaroundBar::Tone::good
         : share_kept >= 0.7 ? TurnaroundBar::Tone::fair
                             : TurnaroundBar::Tone::poor;
}

}  // namespace aftersales::backoffice
