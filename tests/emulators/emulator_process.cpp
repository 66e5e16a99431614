#include "tests/emulators/emulator_process.h"

#include <boost/json.hpp>

namespace x8::testing {

namespace {

http::HttpClientOptions NoRetries() {
  http::HttpClientOptions options;
  options.retry.max_attempts = 1;
  return options;
}

}  // namespace

std::filesystem::path EmulatorsBinary() { return X8_EMULATORS_BINARY_PATH; }

EmulatorProcess::EmulatorProcess(std::vector<std::string> args)
    : args_(std::move(args)), process_("x8-emu"), client_(NoRetries()) {}

EmulatorProcess::~EmulatorProcess() = default;

bool EmulatorProcess::Start(std::chrono::milliseconds timeout) {
  std::vector<std::string> args = {"--port", "0"};
  args.insert(args.end(), args_.begin(), args_.end());
  return process_.Start(EmulatorsBinary(), args, std::nullopt, timeout);
}

void EmulatorProcess::Kill() { process_.Kill(); }

int EmulatorProcess::Control(std::string_view path, const boost::json::object& body) {
  http::HttpRequest request{.method = "POST", .url = Url(path), .body = boost::json::serialize(body)};
  request.headers.emplace_back("Content-Type", "application/json");
  auto response = client_.Send(request);
  return response ? response->status : 0;
}

boost::json::object EmulatorProcess::ControlGet(std::string_view path) {
  auto response = client_.Send(http::HttpRequest{.method = "GET", .url = Url(path)});
  if (!response) return {};
  boost::system::error_code ec;
  auto value = boost::json::parse(response->body, ec);
  return !ec && value.is_object() ? value.as_object() : boost::json::object{};
}

}  // namespace x8::testing
