// A Mailer for tests of code that sends mail: records every message, and can be told to fail.
#pragma once

#include <mutex>
#include <optional>
#include <vector>

#include "platform/mail/mailer.h"

namespace x8::mail::testing {

class RecordingMailer final : public Mailer {
 public:
  Status Send(const Message& message) override {
    std::lock_guard lock(mutex_);
    ++calls_;
    if (failure_) return *failure_;
    X8_TRY_STATUS(ValidateMessage(message));
    sent_.push_back(message);
    return Ok();
  }
  void FailWith(std::optional<Error> error) {
    std::lock_guard lock(mutex_);
    failure_ = std::move(error);
  }
  int calls() const {  // every Send, failed ones included
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::vector<Message> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Message> sent_;
  std::optional<Error> failure_;
  int calls_ = 0;
};

}  // namespace x8::mail::testing
