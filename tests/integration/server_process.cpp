#include "tests/integration/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>
#include <thread>
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

ServerProcess::ServerProcess(ServerOptions options) : options_(std::move(options)), client_(NoRetries()) {
  char tmpl[] = "/tmp/x8-it-XXXXXX";
  dir_ = mkdtemp(tmpl);
  if (options_.web_root.empty()) {
    options_.web_root = dir_ / "web";
    std::filesystem::create_directories(options_.web_root / "assets");
    std::ofstream(options_.web_root / "index.html") << "<!doctype html><title>X8</title><div id=root></div>";
    std::ofstream(options_.web_root / "assets" / "app-1a2b3c.js") << "console.log('x8')";
  }
}

ServerProcess::~ServerProcess() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool ServerProcess::Start(std::chrono::milliseconds timeout) {
  auto port_file = dir_ / "port";
  auto log_file = dir_ / "server.log";
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

  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string binary = X8Binary().string();
  std::string port_arg = port_file.string();
  std::vector<char*> argv = {binary.data(), const_cast<char*>("serve"), const_cast<char*>("--port-file"),
                             port_arg.data(), nullptr};

  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    chdir(dir_.c_str());
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::ifstream in(port_file); in && (in >> port_)) return true;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int ServerProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return INT_MIN;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return INT_MIN;
}

int ServerProcess::Terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return INT_MIN;
  kill(pid_, SIGTERM);
  return Wait(timeout);
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::string ServerProcess::log() const {
  std::ifstream in(dir_ / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<http::HttpResponse> ServerProcess::Send(http::HttpRequest request) { return client_.Send(request); }

Result<http::HttpResponse> ServerProcess::Get(std::string_view path, http::HeaderList headers) {
  http::HttpRequest request;
  request.method = "GET";
  request.url = Url(path);
  request.headers = std::move(headers);
  return Send(std::move(request));
}

Result<http::HttpResponse> ServerProcess::Post(std::string_view path, std::string body,
                                               std::string content_type, http::HeaderList headers) {
  http::HttpRequest request;
  request.method = "POST";
  request.url = Url(path);
  request.body = std::move(body);
  request.headers = std::move(headers);
  if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
  return Send(std::move(request));
}

}  // namespace x8::testing
