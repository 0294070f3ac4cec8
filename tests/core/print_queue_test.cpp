// Printing off the UI thread: each job ends printed or failed with the printer's reason, the worker
// tells the app when it is done, and a dead printer never blocks or loses anything.
#include "core/printing/print_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/test_store.h"

namespace aftersales {
namespace {

PrintState wait_done(const PrintStatus& status) {
  for (int i = 0; i < 500 && status.state() == PrintState::printing; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return status.state();
}

TEST(PrintQueue, PrintsInOrderAndSaysWhenDone) {
  testing::TempDir dir;
  PrinterSettings settings;
  settings.connection = "file:" + dir.file("printer.out").string();
  std::atomic<int> finished = 0;
  PrintQueue queue(settings, [&] { ++finished; });
  PrintDocument first, second;
  first.text("FIRST RECEIPT");
  second.text("SECOND RECEIPT");
  auto a = queue.submit({first});
  auto b = queue.submit({second});
  EXPECT_EQ(wait_done(*a), PrintState::printed) << a->message();
  EXPECT_EQ(wait_done(*b), PrintState::printed) << b->message();
  EXPECT_EQ(finished, 2);
  std::ifstream in(dir.file("printer.out"), std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::size_t at_first = bytes.str().find("FIRST RECEIPT"), at_second = bytes.str().find("SECOND RECEIPT");
  ASSERT_NE(at_first, std::string::npos);
  ASSERT_NE(at_second, std::string::npos);
  EXPECT_LT(at_first, at_second);
}

TEST(PrintQueue, APrinterProblemIsAFailedJobWithItsReason) {
  PrinterSettings settings;
  settings.connection = "tcp:127.0.0.1:1";  // nothing listens there: refused at once
  settings.timeout_ms = 500;
  PrintQueue queue(settings, nullptr);
  PrintDocument doc;
  doc.text("RECEIPT");
  auto status = queue.submit({doc});
  EXPECT_EQ(wait_done(*status), PrintState::failed);
  EXPECT_NE(status->message().find("refused"), std::string::npos) << status->message();
}

TEST(PrintQueue, NoPrinterSetUpFailsPlainly) {
  PrintQueue queue(PrinterSettings{}, nullptr);  // connection "none"
  PrintDocument doc;
  doc.text("RECEIPT");
  auto status = queue.submit({doc});
  EXPECT_EQ(wait_done(*status), PrintState::failed);
  EXPECT_FALSE(status->message().empty());
}

}  // namespace
}  // namespace aftersales
