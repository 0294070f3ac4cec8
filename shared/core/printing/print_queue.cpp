#include "core/printing/print_queue.h"

#include "core/printing/escpos.h"
#include "core/printing/printer.h"

namespace aftersales {

PrintState PrintStatus::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string PrintStatus::message() const {
  std::lock_guard lock(mutex_);
  return message_;
}

void PrintStatus::finish(PrintState state, std::string message) {
  std::lock_guard lock(mutex_);
  state_ = state;
  message_ = std::move(message);
}

PrintQueue::PrintQueue(PrinterSettings settings, std::function<void()> on_finished)
    : settings_(std::move(settings)), on_finished_(std::move(on_finished)), worker_([this] { work(); }) {}

PrintQueue::~PrintQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  worker_.join();
}

std::shared_ptr<const PrintStatus> PrintQueue::submit(std::vector<PrintDocument> documents) {
  auto status = std::make_shared<PrintStatus>();
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({std::move(documents), status});
  }
  ready_.notify_one();
  return status;
}

void PrintQueue::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    EscPosOptions options{PaperWidth::from_mm(settings_.paper_width_mm), settings_.native_qr};
    auto bytes = render_escpos(job.documents, options);
    Result<void> sent = bytes ? send_to_printer(settings_, *bytes) : Result<void>(std::unexpected(bytes.error()));
    if (sent)
      job.status->finish(PrintState::printed, {});
    else
      job.status->finish(PrintState::failed, sent.error().message);
    if (on_finished_) on_finished_();
  }
}

}  // namespace aftersales
