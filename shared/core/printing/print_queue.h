#pragma once
// Printing off the UI thread: a receipt can take seconds (a printer asleep, a network printer's
// timeout), and the screen must stay responsive meanwhile. One worker prints jobs in order; each job
// has a status the receipt screen reads, and the worker wakes the UI when one finishes.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/config/config.h"
#include "core/printing/print_document.h"

namespace aftersales {

enum class PrintState { printing, printed, failed };

class PrintStatus {
 public:
  PrintState state() const;
  std::string message() const;  // why it failed, in English (for the log; the screen says it simply)
  void finish(PrintState state, std::string message);

 private:
  mutable std::mutex mutex_;
  PrintState state_ = PrintState::printing;
  std::string message_;
};

class PrintQueue {
 public:
  // `on_finished` runs on the worker thread after each job (the app wakes its loop with it).
  PrintQueue(PrinterSettings settings, std::function<void()> on_finished);
  ~PrintQueue();  // finishes the job in progress (bounded by the printer timeout), drops the rest
  PrintQueue(const PrintQueue&) = delete;
  PrintQueue& operator=(const PrintQueue&) = delete;

  std::shared_ptr<const PrintStatus> submit(std::vector<PrintDocument> documents);

 private:
  struct Job {
    std::vector<PrintDocument> documents;
    std::shared_ptr<PrintStatus> status;
  };
  void work();

  PrinterSettings settings_;
  std::function<void()> on_finished_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace aftersales
