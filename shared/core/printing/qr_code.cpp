#include "core/printing/qr_code.h"

#include <qrencode.h>

#include <memory>

namespace aftersales {
namespace {

struct QrFree {
  void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};

}  // namespace

Result<QrMatrix> encode_qr(const std::string& payload) {
  if (payload.empty()) return fail(ErrorKind::invalid_input, "Nothing to put in the QR code.");
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return fail(ErrorKind::invalid_input, "The QR code could not be made (the link is too long).");
  QrMatrix matrix;
  matrix.size = code->width;
  matrix.modules.resize(static_cast<std::size_t>(code->width * code->width));
  for (std::size_t i = 0; i < matrix.modules.size(); ++i) matrix.modules[i] = code->data[i] & 1;
  return matrix;
}

GrayImage qr_image(const QrMatrix& qr, int module_px) {
  int side = (qr.size + 2 * kQrQuietModules) * module_px;
  GrayImage image{side, side, std::vector<std::uint8_t>(static_cast<std::size_t>(side * side), 255)};
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.dark(x, y)) continue;
      int left = (x + kQrQuietModules) * module_px, top = (y + kQrQuietModules) * module_px;
      for (int dy = 0; dy < module_px; ++dy)
        for (int dx = 0; dx < module_px; ++dx)
          image.pixels[static_cast<std::size_t>((top + dy) * side + left + dx)] = 0;
    }
  return image;
}

}  // namespace aftersales
