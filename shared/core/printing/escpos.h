#pragma once
// ESC/POS: the byte language of thermal receipt printers (Epson TM series and compatibles).
// Renders a PrintDocument for 58 mm (384 dots) or 80 mm (576 dots) paper: initialise, code page
// PC858, bold and double size, the QR as the printer's own QR command or as a raster image, then
// feed and cut.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/printing/print_document.h"

namespace aftersales {

struct EscPosOptions {
  PaperWidth paper = PaperWidth::from_mm(80);
  bool native_qr = true;   // false: the QR goes as a raster image, for printers without GS ( k
  int qr_module_dots = 6;  // 6 dots at 203 dpi = 0.75 mm a module; phones need 5 or more
};

Result<std::vector<std::uint8_t>> render_escpos(const PrintDocument& document, const EscPosOptions& options);
// Several documents in one job, each cut off on its own (a receipt and its staff label).
Result<std::vector<std::uint8_t>> render_escpos(const std::vector<PrintDocument>& documents,
                                                const EscPosOptions& options);

// UTF-8 to code page PC858 (Western European with the euro sign). What the page lacks degrades to
// a readable ASCII spelling (ł -> l, “ -> ", … -> ...) or '?'; never to stray bytes.
std::string encode_pc858(std::string_view utf8);

namespace escpos {
inline constexpr std::uint8_t ESC = 0x1B, GS = 0x1D, LF = 0x0A;
inline constexpr std::uint8_t kCodePagePc858 = 19;
}  // namespace escpos

}  // namespace aftersales
