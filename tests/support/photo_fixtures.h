#pragma once
// Pictures made at test time (no binary files in the repository): a JPEG or PNG of a colour
// gradient, and a JPEG carrying an EXIF segment with an orientation and a GPS position, as a
// phone's camera writes it.
#include <string>

namespace aftersales::testing {

// Bytes that appear in the GPS IFD of with_gps_exif(), and nowhere else: none may survive.
inline constexpr const char* kGpsMarker = "GPS-MARKER-48.8584N-2.2945E";

std::string make_jpeg(int width, int height, bool progressive = false);
std::string make_png(int width, int height);
// The JPEG with an APP1 "Exif" segment right after its start: IFD0 with the orientation (1..8)
// and a GPS IFD (latitude reference, latitude, and kGpsMarker as the GPS processing method).
std::string with_gps_exif(const std::string& jpeg, int orientation);
// The JPEG with its frame header claiming width x height (nothing else changed).
std::string with_declared_size(std::string jpeg, int width, int height);

}  // namespace aftersales::testing
