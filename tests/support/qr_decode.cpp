#include "support/qr_decode.h"

#include <zbar.h>

#include <memory>

namespace aftersales::testing {
namespace {

using namespace zbar;  // zbar.h puts its C API in namespace zbar when compiled as C++

struct ScannerFree {
  void operator()(zbar_image_scanner_t* s) const noexcept { zbar_image_scanner_destroy(s); }
};
struct ImageFree {
  void operator()(zbar_image_t* i) const noexcept { zbar_image_destroy(i); }
};

}  // namespace

std::vector<std::string> decode_qr_codes(const GrayImage& image) {
  std::unique_ptr<zbar_image_scanner_t, ScannerFree> scanner(zbar_image_scanner_create());
  zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  std::unique_ptr<zbar_image_t, ImageFree> zimage(zbar_image_create());
  zbar_image_set_format(zimage.get(), zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(zimage.get(), static_cast<unsigned>(image.width), static_cast<unsigned>(image.height));
  zbar_image_set_data(zimage.get(), image.pixels.data(), image.pixels.size(), nullptr);
  std::vector<std::string> found;
  if (zbar_scan_image(scanner.get(), zimage.get()) > 0)
    for (const zbar_symbol_t* s = zbar_image_first_symbol(zimage.get()); s; s = zbar_symbol_next(s))
      found.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
  return found;
}

}  // namespace aftersales::testing
