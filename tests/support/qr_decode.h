#pragma once
// Decodes QR codes in an image with zbar, the decoder phones' scanning apps are built like.
#include <string>
#include <vector>

#include "core/printing/qr_code.h"

namespace aftersales::testing {

std::vector<std::string> decode_qr_codes(const GrayImage& image);

}  // namespace aftersales::testing
