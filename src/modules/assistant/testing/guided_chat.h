// A conversation against the guided engine for tests: each Send is one turn that carries the cart, the
// dialog state, the language and the history over to the next. Scheduled chats give the engine a
// FakeSchedule in the company's zone (services' times, delivery windows and zones).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "modules/assistant/domain/guided_engine.h"
#include "modules/assistant/testing/fake_schedule.h"
#include "modules/assistant/testing/indexed_catalogue.h"

namespace x8::assistant::testing {

class GuidedChat {
 public:
  struct Options {
    int64_t now_ms = 0;
    bool scheduled = false;  // the engine gets schedule() as its Schedule
  };
  GuidedChat(IndexedCatalogue catalogue, CompanyProfile company, Options options)
      : catalogue_(std::move(catalogue)), schedule_(company.timezone) {
    input_.company = std::move(company);
    input_.now_ms = options.now_ms;
    if (options.scheduled) input_.schedule = &schedule_;
  }

  TurnResult Send(std::vector<std::string> messages) {
    input_.new_messages = std::move(messages);
    auto result = engine_->Run(input_, catalogue_);
    EXPECT_TRUE(result) << (result ? "" : result.error().message);
    if (!result) return {};
    input_.cart = result->cart;
    input_.state = result->state;
    input_.language = result->language;
    for (const auto& message : input_.new_messages) input_.history.push_back({Author::kCustomer, message, 0});
    last_ = *result;
    return *result;
  }
  TurnResult Send(std::string message) { return Send(std::vector<std::string>{std::move(message)}); }

  // The first reply of the last turn: its text and buttons.
  std::string Text() const { return last_.replies.empty() ? "" : last_.replies.front().text; }
  std::vector<Button> Buttons() const {
    return last_.replies.empty() ? std::vector<Button>{} : last_.replies.front().buttons;
  }
  TurnInput& input() { return input_; }
  IndexedCatalogue& catalogue() { return catalogue_; }
  FakeSchedule& schedule() { return schedule_; }

 private:
  IndexedCatalogue catalogue_;
  FakeSchedule schedule_;
  std::unique_ptr<Engine> engine_ = MakeGuidedEngine();
  TurnInput input_;
  TurnResult last_;
};

}  // namespace x8::assistant::testing
