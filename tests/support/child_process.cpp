#include "tests/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace x8::testing {

ChildProcess::ChildProcess(const std::string& dir_prefix) {
  std::string tmpl = "/tmp/" + dir_prefix + "-XXXXXX";
  dir_ = mkdtemp(tmpl.data());
}

ChildProcess::~ChildProcess() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool ChildProcess::Start(const std::filesystem::path& binary, const std::vector<std::string>& args,
                         const std::optional<std::map<std::string, std::string>>& env,
                         std::chrono::milliseconds timeout) {
  auto port_file = dir_ / "port";
  auto log_file = dir_ / "process.log";
  std::vector<std::string> arg_strings = {binary.string()};
  arg_strings.insert(arg_strings.end(), args.begin(), args.end());
  arg_strings.emplace_back("--port-file");
  arg_strings.push_back(port_file.string());
  std::vector<char*> argv;
  argv.reserve(arg_strings.size() + 1);
  for (auto& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  std::vector<char*> envp;
  if (env) {
    env_strings.reserve(env->size());
    for (const auto& [k, v] : *env) env_strings.emplace_back(k).append("=").append(v);
    envp.reserve(env_strings.size() + 1);
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
  }

  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (chdir(dir_.c_str()) != 0) _exit(126);
    execve(argv[0], argv.data(), env ? envp.data() : environ);
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

int ChildProcess::Wait(std::chrono::milliseconds timeout) {
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

int ChildProcess::Terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return INT_MIN;
  kill(pid_, SIGTERM);
  return Wait(timeout);
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ChildProcess::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::string ChildProcess::log() const {
  std::ifstream in(dir_ / "process.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace x8::testing
