#pragma once
// A PrintDocument drawn as the paper will look: one pixel per printer dot (203 dpi), DejaVu Sans
// from Debian's fonts-dejavu-core, QR codes at the same module size as on paper. Saved as PNG for
// previews and e-mail.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/base/error.h"
#include "core/printing/print_document.h"
#include "core/printing/qr_code.h"

namespace aftersales {

struct ImageOptions {
  PaperWidth paper = PaperWidth::from_mm(80);
  int qr_module_dots = 6;
};

Result<GrayImage> render_image(const PrintDocument& document, const ImageOptions& options);
Result<std::vector<std::uint8_t>> encode_png(const GrayImage& image);
Result<void> write_png(const GrayImage& image, const std::filesystem::path& path);

}  // namespace aftersales
