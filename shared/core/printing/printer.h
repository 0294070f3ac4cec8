#pragma once
// Sending bytes to the receipt printer named in the configuration (printer.connection):
//   file:PATH             append to a file (tests, or a spool folder)
//   device:/dev/usb/lp0   a USB printer's device node
//   tcp:HOST[:PORT]       raw TCP, port 9100 by default: the usual network receipt printer
//   cups:QUEUE            a CUPS queue, sent raw through `lp`
// A printer that is off, unplugged, busy or out of paper gives an Error that says so; nothing the
// caller saved is touched, and it can retry or reprint later.
#include <cstdint>
#include <span>
#include <string>

#include "core/base/error.h"
#include "core/config/printer_settings.h"

namespace aftersales {

Result<void> send_to_printer(const PrinterTarget& target, std::span<const std::uint8_t> bytes, int timeout_ms);
Result<void> send_to_printer(const PrinterSettings& settings, std::span<const std::uint8_t> bytes);

}  // namespace aftersales
