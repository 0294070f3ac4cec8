#include "ui/layout_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace aftersales::ui {
namespace {

struct Box {
  int x = 0, y = 0, w = 0, h = 0;
  int right() const { return x + w; }
  int bottom() const { return y + h; }
};

struct Target {
  std::string name;
  Box box;
  std::string visibility;  // "", "cut" or "hidden"
};

struct Layout {
  std::optional<Box> window, keyboard;
  std::vector<Box> scrolls;
  std::vector<Target> targets, errors;
  std::optional<Target> focus;
};

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return out;
    start = tab + 1;
  }
}

std::optional<int> number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Four numbers from position `at`; nullopt when the line is malformed.
std::optional<Box> box_at(const std::vector<std::string_view>& f, std::size_t at) {
  if (f.size() < at + 4) return std::nullopt;
  auto x = number(f[at]), y = number(f[at + 1]), w = number(f[at + 2]), h = number(f[at + 3]);
  if (!x || !y || !w || !h) return std::nullopt;
  return Box{*x, *y, *w, *h};
}

Layout parse(std::string_view map, std::vector<std::string>& problems) {
  Layout layout;
  std::size_t start = 0;
  while (start < map.size()) {
    std::size_t end = map.find('\n', start);
    std::string_view line = map.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? map.size() : end + 1;
    auto f = fields(line);
    std::string_view kind = f[0];
    auto bad = [&] { problems.push_back(fmt::format("unreadable map line: {}", line)); };
    if (kind == "window") {
      auto w = f.size() > 2 ? number(f[1]) : std::nullopt, h = f.size() > 2 ? number(f[2]) : std::nullopt;
      if (!w || !h)
        bad();
      else
        layout.window = Box{0, 0, *w, *h};
    } else if (kind == "rect" || kind == "focus") {
      auto b = box_at(f, 2);
      if (!b) {
        bad();
        continue;
      }
      Target t{std::string(f[1]), *b, f.size() > 6 ? std::string(f[6]) : std::string()};
      if (kind == "rect")
        layout.targets.push_back(std::move(t));
      else
        layout.focus = std::move(t);
    } else if (kind == "error") {
      auto b = box_at(f, 1);
      if (!b) {
        bad();
        continue;
      }
      layout.errors.push_back(Target{"error", *b, f.size() > 5 ? std::string(f[5]) : std::string()});
    } else if (kind == "keyboard" || kind == "scroll") {
      auto b = box_at(f, 1);
      if (!b) {
        bad();
        continue;
      }
      if (kind == "keyboard")
        layout.keyboard = *b;
      else
        layout.scrolls.push_back(*b);
    }
  }
  return layout;
}

// More than a pixel's worth of area in common (neighbours that touch are fine).
bool overlap(const Box& a, const Box& b) {
  int w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
  int h = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
  return w > 1 && h > 1;
}

bool inside(const Box& inner, const Box& outer) {
  return inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.right() <= outer.right() + 1 &&
         inner.bottom() <= outer.bottom() + 1;
}

// A cut target is fine at the edge of a region that scrolls: the finger drags the rest into view.
bool at_scroll_edge(const Box& visible, const std::vector<Box>& scrolls) {
  return std::any_of(scrolls.begin(), scrolls.end(), [&](const Box& s) {
    return inside(visible, s) && (visible.y <= s.y + 1 || visible.bottom() >= s.bottom() - 1);
  });
}

std::string where(const Box& b) {
  return fmt::format("({}, {}, {}x{})", b.x, b.y, b.w, b.h);
}

}  // namespace

std::vector<std::string> check_layout(std::string_view map) {
  std::vector<std::string> problems;
  Layout layout = parse(map, problems);
  if (!layout.window) {
    problems.push_back("the map has no window size");
    return problems;
  }
  const Box& window = *layout.window;
  for (std::size_t i = 0; i < layout.targets.size(); ++i) {
    const Target& t = layout.targets[i];
    if (t.visibility == "hidden")
      problems.push_back(fmt::format("'{}' is out of sight at {}", t.name, where(t.box)));
    else if (!inside(t.box, window))
      problems.push_back(fmt::format("'{}' is outside the window at {}", t.name, where(t.box)));
    else if (t.visibility == "cut" && !at_scroll_edge(t.box, layout.scrolls))
      problems.push_back(fmt::format("'{}' is cut off at {}", t.name, where(t.box)));
    for (std::size_t j = i + 1; j < layout.targets.size(); ++j)
      if (t.visibility != "hidden" && layout.targets[j].visibility != "hidden" && overlap(t.box, layout.targets[j].box))
        problems.push_back(fmt::format("'{}' {} and '{}' {} overlap", t.name, where(t.box), layout.targets[j].name,
                                       where(layout.targets[j].box)));
  }
  if (layout.focus) {
    const Target& f = *layout.focus;
    // In the window, and wholly inside any scrolling region it is part of (a search box above a
    // table is in view; a field half under the edge of a scrolled form is not).
    bool in_view =
        inside(f.box, window) && std::all_of(layout.scrolls.begin(), layout.scrolls.end(),
                                             [&](const Box& s) { return !overlap(f.box, s) || inside(f.box, s); });
    if (!in_view)
      problems.push_back(
          fmt::format("the field being typed in, '{}', is not wholly in view at {}", f.name, where(f.box)));
    if (layout.keyboard && overlap(f.box, *layout.keyboard))
      problems.push_back(fmt::format("the field being typed in, '{}', is under the keyboard", f.name));
  }
  for (const Target& e : layout.errors) {
    if (!e.visibility.empty() || !inside(e.box, window))
      problems.push_back(fmt::format("an error message is {} at {}",
                                     e.visibility.empty() ? "outside the window" : e.visibility, where(e.box)));
    else if (layout.keyboard && overlap(e.box, *layout.keyboard))
      problems.push_back("an error message is under the keyboard");
  }
  return problems;
}

}  // namespace aftersales::ui
