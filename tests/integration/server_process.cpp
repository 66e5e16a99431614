#include "tests/integration/server_process.h"

#include <fstream>
#include <vector>

extern char** environ;

namespace x8::testing {
namespace {

http::HttpClientOptions NoRetries() {
  http::HttpClientOptions options;
  options.retry.max_attempts = 1;
  return options;
}

}  // namespace

std::filesystem::path X8Binary() { return X8_BINARY_PATH; }

ServerProcess::ServerProcess(ServerOptions options)
    : options_(std::move(options)), process_("x8-it"), client_(NoRetries()) {
  if (options_.web_root.empty()) {
    options_.web_root = process_.dir() / "web";
    std::filesystem::create_directories(options_.web_root / "assets");
    std::ofstream(options_.web_root / "index.html") << "<!doctype html><title>X8</title><div id=root></div>";
    std::ofstream(options_.web_root / "assets" / "app-1a2b3c.js") << "console.log('x8')";
  }
}

ServerProcess::~ServerProcess() = default;

bool ServerProcess::Start(std::chrono::milliseconds timeout) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    // The server rejects unknown X8_* keys; pass the harness's own settings only.
    if (entry.starts_with("X8_")) continue;
    env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  env["X8_DATABASE_URL"] = options_.database_url;
  env["X8_SERVER_HOST"] = "127.0.0.1";
  env["X8_SERVER_PORT"] = "0";
  env["X8_SERVER_WEB_ROOT"] = options_.web_root.string();
  env["X8_LOG_LEVEL"] = "info";
  env["X8_SERVER_DRAIN_TIMEOUT_MS"] = "10000";
  for (const auto& [k, v] : options_.env) env[k] = v;
  return process_.Start(X8Binary(), {"serve"}, env, timeout);
}

int ServerProcess::Wait(std::chrono::milliseconds timeout) { return process_.Wait(timeout); }
int ServerProcess::Terminate(std::chrono::milliseconds timeout) { return process_.Terminate(timeout); }
void ServerProcess::Kill() { process_.Kill(); }

Result<http::HttpResponse> ServerProcess::Send(const http::HttpRequest& request) {
  return client_.Send(request);
}

Result<http::HttpResponse> ServerProcess::Get(std::string_view path, http::HeaderList headers) {
  http::HttpRequest request;
  request.method = "GET";
  request.url = Url(path);
  request.headers = std::move(headers);
  return Send(request);
}

Result<http::HttpResponse> ServerProcess::Post(std::string_view path, std::string body,
                                               std::string content_type, http::HeaderList headers) {
  http::HttpRequest request;
  request.method = "POST";
  request.url = Url(path);
  request.body = std::move(body);
  request.headers = std::move(headers);
  if (!content_type.empty()) request.headers.emplace_back("Content-Type", std::move(content_type));
  return Send(request);
}

}  // namespace x8::testing
