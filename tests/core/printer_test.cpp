#include "core/printing/printer.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "support/test_store.h"

namespace aftersales {
namespace {

// A receipt printer on a loopback port, as raw-TCP printers (port 9100) behave: it takes one job,
// answers the paper-status query if told to, and keeps every byte it received.
class FakePrinter {
 public:
  enum class Mode { prints, out_of_paper, never_reads };

  explicit FakePrinter(Mode mode) : mode_(mode) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the OS picks a free port
    static_cast<void>(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address));
    ::listen(listener_, 4);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakePrinter() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  int port() const { return port_; }
  std::string received() {
    thread_.join();
    thread_ = std::thread([] {});
    return received_;
  }

 private:
  void serve() {
    int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) return;
    if (mode_ == Mode::never_reads) {
      while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } else {
      char buffer[4096];
      ssize_t n;
      while ((n = ::recv(client, buffer, sizeof buffer, 0)) > 0) {
        std::string chunk(buffer, static_cast<std::size_t>(n));
        if (chunk.find("\x10\x04\x04") != std::string::npos && mode_ == Mode::out_of_paper) {
          const char paper_end = 0x72;  // bits 5 and 6: paper end detected
          ::send(client, &paper_end, 1, MSG_NOSIGNAL);
        }
        received_ += chunk;
      }
    }
    ::close(client);
  }

  Mode mode_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_ = false;
  std::string received_;
  std::thread thread_;
};

std::vector<std::uint8_t> job(std::size_t size = 64) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>('A' + i % 26);
  return bytes;
}

PrinterTarget tcp(int port) {
  return *parse_printer_connection("tcp:127.0.0.1:" + std::to_string(port));
}

TEST(Printer, ParsesEveryConnectionKind) {
  EXPECT_EQ(parse_printer_connection("none")->kind, PrinterKind::none);
  auto t = parse_printer_connection("tcp:192.0.2.10");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "192.0.2.10");
  EXPECT_EQ(t->port, 9100);
  EXPECT_EQ(parse_printer_connection("tcp:printer.local:9101")->port, 9101);
  EXPECT_EQ(parse_printer_connection("tcp:[::1]:9100")->host, "::1");
  EXPECT_EQ(parse_printer_connection("device:/dev/usb/lp0")->path, "/dev/usb/lp0");
  EXPECT_EQ(parse_printer_connection("cups:Receipts")->kind, PrinterKind::cups);
  for (auto bad : {"", "tcp:", "tcp:host:99999", "tcp:host:abc", "serial:/dev/ttyS0", "file:", "none:x"}) {
    auto parsed = parse_printer_connection(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().field, "printer.connection");
  }
}

TEST(Printer, ANetworkPrinterReceivesEveryByte) {
  FakePrinter printer(FakePrinter::Mode::prints);
  auto bytes = job(100000);
  ASSERT_TRUE(send_to_printer(tcp(printer.port()), bytes, 3000));
  std::string received = printer.received();
  ASSERT_TRUE(received.starts_with("\x10\x04\x04"));  // the paper-status query comes first
  EXPECT_EQ(received.substr(3), std::string(bytes.begin(), bytes.end()));
}

TEST(Printer, OutOfPaperIsSaidAndNothingIsPrinted) {
  FakePrinter printer(FakePrinter::Mode::out_of_paper);
  auto sent = send_to_printer(tcp(printer.port()), job(), 3000);
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().message.find("out of paper"), std::string::npos);
  EXPECT_EQ(printer.received(), "\x10\x04\x04");
}

TEST(Printer, ARefusedConnectionSaysThePrinterIsOff) {
  int port;
  {
    FakePrinter closed(FakePrinter::Mode::prints);
    port = closed.port();
  }  // nothing listens there any more
  auto sent = send_to_printer(tcp(port), job(), 2000);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::io);
  EXPECT_NE(sent.error().message.find("refused the connection"), std::string::npos) << sent.error().message;
}

TEST(Printer, APrinterThatStopsTakingDataTimesOut) {
  FakePrinter stuck(FakePrinter::Mode::never_reads);
  auto start = std::chrono::steady_clock::now();
  auto sent = send_to_printer(tcp(stuck.port()), job(64 << 20), 500);  // more than the socket buffers hold
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().message.find("stopped taking data"), std::string::npos) << sent.error().message;
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST(Printer, FilePrinterAppendsAndAMissingDeviceIsExplained) {
  testing::TempDir dir;
  PrinterTarget file = *parse_printer_connection("file:" + dir.file("spool.bin").string());
  ASSERT_TRUE(send_to_printer(file, job(10), 1000));
  ASSERT_TRUE(send_to_printer(file, job(10), 1000));
  EXPECT_EQ(std::filesystem::file_size(dir.file("spool.bin")), 20u);

  auto missing = send_to_printer(*parse_printer_connection("device:" + dir.file("lp9").string()), job(), 1000);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("not connected"), std::string::npos);
  auto none = send_to_printer(*parse_printer_connection("none"), job(), 1000);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("No receipt printer"), std::string::npos);
}

// `lp` stands in for CUPS: a script on PATH that keeps its job (or fails like a stopped queue).
TEST(Printer, CupsQueueGetsTheJobRawThroughLp) {
  testing::TempDir dir;
  std::string job_file = dir.file("job.bin").string();
  std::ofstream(dir.file("lp")) << "#!/bin/sh\n"
                                   "case \"$*\" in *Stopped*) echo 'lp: queue stopped' >&2; exit 1;; esac\n"
                                   "echo \"$*\" > "
                                << dir.file("args.txt").string() << "\ncat > " << job_file << "\n";
  std::filesystem::permissions(dir.file("lp"), std::filesystem::perms::owner_all);
  std::string old_path = std::getenv("PATH");
  ::setenv("PATH", (dir.path().string() + ":" + old_path).c_str(), 1);
  auto bytes = job(5000);
  auto sent = send_to_printer(*parse_printer_connection("cups:Receipts"), bytes, 3000);
  auto stopped = send_to_printer(*parse_printer_connection("cups:Stopped"), bytes, 3000);
  ::setenv("PATH", old_path.c_str(), 1);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(std::filesystem::file_size(job_file), bytes.size());
  std::ifstream args(dir.file("args.txt"));
  std::string line;
  std::getline(args, line);
  EXPECT_EQ(line, "-s -d Receipts -o raw");
  ASSERT_FALSE(stopped);
  EXPECT_NE(stopped.error().message.find("lpstat -p Stopped"), std::string::npos);
}

}  // namespace
}  // namespace aftersales
