#pragma once
// The receipt printer's settings ([printer] in the configuration) and where printer.connection
// points: the configuration checks it on load, printing (core/printing/printer.h) sends there.
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace aftersales {

struct PrinterSettings {
  std::string connection = "none";  // none | file:PATH | device:/dev/usb/lp0 | tcp:HOST:9100 | cups:QUEUE
  int paper_width_mm = 80;          // 58 or 80
  bool native_qr = true;            // false: print the QR as a raster image
  int timeout_ms = 3000;
};

enum class PrinterKind { none, file, device, tcp, cups };

struct PrinterTarget {
  PrinterKind kind = PrinterKind::none;
  std::string path;  // file, device, or CUPS queue name
  std::string host;
  int port = 9100;
  std::string describe() const;  // "the network printer at 192.0.2.10:9100"
};

Result<PrinterTarget> parse_printer_connection(std::string_view connection);

}  // namespace aftersales
