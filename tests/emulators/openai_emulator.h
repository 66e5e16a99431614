// An OpenAI-compatible chat-completions endpoint whose answers a test scripts:
//   POST /v1/chat/completions   Bearer key checked (401 invalid_api_key); the request's shape checked as
//                               OpenAI does (400 invalid_request_error: model, messages and roles, tool
//                               calls and the tool messages answering them, tools, tool_choice); then the
//                               next scripted response (or a default "OK" message when none is queued)
// Control:
//   POST /__control/openai/script    {responses:[{content?, tool_calls?:[{name, arguments (string or
//                                    object), id?}], status?, retry_after_s?, delay_ms?, error?:{message,
//                                    type, code}}…], replace?} — queued in order; status ≠ 200 answers the
//                                    OpenAI-style error (429 with Retry-After, 500 server_error)
//   GET  /__control/openai/requests  {requests:[{status, body}], count}: every authenticated request
//   POST /__control/openai/key       {api_key} — the key accepted from now on
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "tests/emulators/emulator.h"

namespace x8::emulators {

struct OpenAiOptions {
  std::string api_key = "emulator-openai-key";
};

class OpenAiEmulator final : public Emulator {
 public:
  explicit OpenAiEmulator(OpenAiOptions options);

  std::string_view name() const override { return "openai"; }
  void Register(http::Router& router) override;
  void Reset() override;

 private:
  http::Response ChatCompletions(const http::Request& request);
  http::Response Script(const http::Request& request);
  http::Response Requests();
  http::Response SetKey(const http::Request& request);

  const OpenAiOptions defaults_;
  std::mutex mu_;
  std::string api_key_;
  std::deque<boost::json::object> script_;
  boost::json::array requests_;
  int64_t completions_ = 0;
  int64_t calls_ = 0;
};

// The first problem OpenAI would report for this request body, or "" when it is well formed.
// `param` names the offending field ("messages.[2].tool_call_id").
std::string ChatRequestProblem(const boost::json::object& body, std::string& param);

}  // namespace x8::emulators
