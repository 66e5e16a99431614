#include "tests/emulators/emulator_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <thread>

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
    : args_(std::move(args)), client_(NoRetries()) {
  char tmpl[] = "/tmp/x8-emu-XXXXXX";
  dir_ = mkdtemp(tmpl);
}

EmulatorProcess::~EmulatorProcess() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool EmulatorProcess::Start(std::chrono::milliseconds timeout) {
  auto port_file = dir_ / "port";
  auto log_file = dir_ / "emulators.log";
  std::string binary = EmulatorsBinary().string();
  std::vector<std::string> args = {binary, "--port", "0", "--port-file", port_file.string()};
  args.insert(args.end(), args_.begin(), args_.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execv(binary.c_str(), argv.data());
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

void EmulatorProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string EmulatorProcess::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::string EmulatorProcess::log() const {
  std::ifstream in(dir_ / "emulators.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
