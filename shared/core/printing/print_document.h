#pragma once
// What a print looks like, independent of the device: a column of text, QR codes, rules and space.
// The ESC/POS and PNG renderers both draw this, so paper, preview and e-mail always agree.
#include <string>
#include <variant>
#include <vector>

namespace aftersales {

enum class Align { left, center, right };

struct TextBlock {
  std::string text;  // UTF-8; renderers wrap it to the paper's width
  Align align = Align::left;
  bool bold = false;
  bool large = false;  // double width and height: the case code
};

struct QrBlock {
  std::string payload;
};

struct RuleBlock {};  // a dashed line across the paper

struct SpaceBlock {
  int lines = 1;
};

using PrintBlock = std::variant<TextBlock, QrBlock, RuleBlock, SpaceBlock>;

struct PrintDocument {
  std::vector<PrintBlock> blocks;

  PrintDocument& text(std::string text, Align align = Align::left, bool bold = false, bool large = false) {
    blocks.emplace_back(TextBlock{std::move(text), align, bold, large});
    return *this;
  }
  PrintDocument& qr(std::string payload) {
    blocks.emplace_back(QrBlock{std::move(payload)});
    return *this;
  }
  PrintDocument& rule() {
    blocks.emplace_back(RuleBlock{});
    return *this;
  }
  PrintDocument& space(int lines = 1) {
    blocks.emplace_back(SpaceBlock{lines});
    return *this;
  }
};

// Receipt paper: 58 mm rolls print 384 dots, 80 mm rolls 576 dots, at 203 dpi.
struct PaperWidth {
  int dots;
  int columns;  // characters per line in the printer's font A (12 dots wide)
  static PaperWidth from_mm(int mm) { return mm == 58 ? PaperWidth{384, 32} : PaperWidth{576, 48}; }
};

}  // namespace aftersales
