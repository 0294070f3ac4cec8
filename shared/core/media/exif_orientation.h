#pragma once
// The one EXIF tag the photo sanitiser reads: the orientation (0x0112) in a JPEG's APP1 "Exif"
// segment. Read by hand with a bounds check on every offset; the rest of the metadata is dropped.
#include <string_view>

namespace aftersales {

// 1..8 as the camera recorded it; 1 (as shot) when the file has no readable tag.
int jpeg_exif_orientation(std::string_view jpeg);

}  // namespace aftersales
