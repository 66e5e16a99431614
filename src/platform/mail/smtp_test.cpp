// Sends real mail through aiosmtpd (Debian's python3-aiosmtpd) on loopback and reads it back from the
// Maildir it writes, parsed by Python's email package: an independent MIME parser checks our output.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/ids.h"
#include "platform/mail/smtp_mailer.h"

extern char** environ;

namespace x8::mail {
namespace {

using namespace std::chrono_literals;

constexpr const char* kHandlerModule = R"(
from aiosmtpd.handlers import Mailbox

class Handler(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('rejected@'):
            return '550 5.1.1 No such user'
        if address.startswith('busy@'):
            return '451 4.3.0 Try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'
)";

constexpr const char* kParseScript = R"(
import email, email.policy, glob, json, sys
out = []
for path in sorted(glob.glob(sys.argv[1] + '/new/*')):
    with open(path, 'rb') as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    parts = []
    for part in (msg.iter_parts() if msg.is_multipart() else [msg]):
        parts.append({'type': part.get_content_type(), 'charset': part.get_content_charset(),
                      'encoding': part['Content-Transfer-Encoding'], 'body': part.get_content(),
                      'defects': len(part.defects)})
    out.append({'subject': str(msg['Subject']), 'from': str(msg['From']), 'to': str(msg['To']),
                'date': str(msg['Date']), 'message_id': str(msg['Message-ID']),
                'content_type': msg.get_content_type(), 'rcpt_to': str(msg['X-RcptTo']),
                'mail_from': str(msg['X-MailFrom']), 'defects': len(msg.defects), 'parts': parts})
print(json.dumps(out))
)";

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

std::string Unix(std::string text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
  }
  return out;
}

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("x8-smtp-" + RandomHex(6));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "x8_smtp_test_handler.py") << kHandlerModule;
    std::ofstream(dir_ / "parse_maildir.py") << kParseScript;
    port_ = FreeLoopbackPort();
    ASSERT_GT(port_, 0);

    std::string python = X8_SYSTEM_PYTHON;
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::string maildir = (dir_ / "maildir").string();
    std::vector<std::string> args = {
        python, "-m", "aiosmtpd", "-n", "-l", listen, "-c", "x8_smtp_test_handler.Handler", maildir};
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = {"PYTHONPATH=" + dir_.string(), "PATH=/usr/bin:/bin"};
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (auto& entry : env_strings) envp.push_back(entry.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    std::string log = (dir_ / "server.log").string();
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int spawned = posix_spawn(&server_pid_, python.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ASSERT_EQ(spawned, 0) << "cannot start " << python;

    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!CanConnect(port_)) {
      int status = 0;
      ASSERT_EQ(waitpid(server_pid_, &status, WNOHANG), 0) << "aiosmtpd exited: " << ServerLog();
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "aiosmtpd did not listen: " << ServerLog();
      std::this_thread::sleep_for(50ms);
    }
  }

  void TearDown() override {
    if (server_pid_ > 0) {
      kill(server_pid_, SIGTERM);
      int status = 0;
      waitpid(server_pid_, &status, 0);
    }
    std::filesystem::remove_all(dir_);
  }

  std::string ServerLog() {
    std::ifstream in(dir_ / "server.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::unique_ptr<SmtpMailer> LocalMailer() {
    auto mailer = SmtpMailer::Create({.smtp_url = "smtp://127.0.0.1:" + std::to_string(port_),
                                      .from = "Команда X8 <team@x8.example>",
                                      .timeout_ms = 10'000});
    EXPECT_TRUE(mailer);
    return mailer ? std::move(*mailer) : nullptr;
  }

  // The Maildir's messages as parsed by Python's email package.
  boost::json::array Delivered() {
    std::string command = std::string(X8_SYSTEM_PYTHON) + " " + (dir_ / "parse_maildir.py").string() + " " +
                          (dir_ / "maildir").string();
    FILE* pipe = popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    if (pipe == nullptr) return {};
    std::string output;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << output;
    boost::system::error_code ec;
    auto value = boost::json::parse(output, ec);
    EXPECT_FALSE(ec) << output;
    return ec || !value.is_array() ? boost::json::array{} : value.as_array();
  }

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t server_pid_ = -1;
};

TEST_F(SmtpTest, DeliversMultipartCyrillicMail) {
  auto mailer = LocalMailer();
  ASSERT_TRUE(mailer);
  Message message{
      .to = "anna@example.com",
      .subject = "Код для входа в X8: 424242 — действует 10 минут, никому его не сообщайте",
      .text = "Здравствуйте, Анна!\n\nВаш код для входа в X8:\n\n424242\n\nКод действует 10 минут.\n",
      .html = "<p>Hello &amp; welcome, Анна</p>\n.a line that starts with a dot\n<p>" +
              std::string(120, 'x') + "</p>\n",
      .tag = "login_code"};
  Status sent = mailer->Send(message);
  ASSERT_TRUE(sent) << sent.error().message << "\n" << ServerLog();

  auto delivered = Delivered();
  ASSERT_EQ(delivered.size(), 1u);
  const auto& mail = delivered[0].as_object();
  EXPECT_EQ(mail.at("subject").as_string(), message.subject);
  EXPECT_EQ(mail.at("from"), "Команда X8 <team@x8.example>");
  EXPECT_EQ(mail.at("to"), "anna@example.com");
  EXPECT_EQ(mail.at("rcpt_to"), "anna@example.com");
  EXPECT_EQ(mail.at("mail_from"), "team@x8.example");
  EXPECT_TRUE(mail.at("message_id").as_string().ends_with("@x8.example>"));
  EXPECT_TRUE(mail.at("date").as_string().ends_with("+0000"));
  EXPECT_EQ(mail.at("content_type"), "multipart/alternative");
  EXPECT_EQ(mail.at("defects"), 0);

  const auto& parts = mail.at("parts").as_array();
  ASSERT_EQ(parts.size(), 2u);
  const auto& text = parts[0].as_object();
  EXPECT_EQ(text.at("type"), "text/plain");
  EXPECT_EQ(text.at("charset"), "utf-8");
  EXPECT_EQ(text.at("encoding"), "base64");
  EXPECT_EQ(Unix(std::string(text.at("body").as_string())), message.text);
  const auto& html = parts[1].as_object();
  EXPECT_EQ(html.at("type"), "text/html");
  EXPECT_EQ(html.at("encoding"), "quoted-printable");
  EXPECT_EQ(Unix(std::string(html.at("body").as_string())), message.html);  // the leading dot survived
  EXPECT_EQ(html.at("defects"), 0);
}

TEST_F(SmtpTest, EachSendIsOneMessage) {
  auto mailer = LocalMailer();
  ASSERT_TRUE(mailer);
  ASSERT_TRUE(mailer->Send({.to = "a@example.com", .subject = "One", .text = "first"}));
  ASSERT_TRUE(mailer->Send({.to = "b@example.com", .subject = "Two", .text = "second"}));
  auto delivered = Delivered();
  ASSERT_EQ(delivered.size(), 2u);
  std::set<std::string> subjects;
  for (const auto& mail : delivered) {
    subjects.insert(std::string(mail.at("subject").as_string()));
    EXPECT_EQ(mail.at("content_type"), "text/plain");
  }
  EXPECT_EQ(subjects, (std::set<std::string>{"One", "Two"}));
}

TEST_F(SmtpTest, RejectedRecipientIsPermanentAndBusyIsTransient) {
  auto mailer = LocalMailer();
  ASSERT_TRUE(mailer);
  auto rejected = mailer->Send({.to = "rejected@example.com", .subject = "x", .text = "x"});
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, ErrorCode::kInvalidArgument) << rejected.error().message;
  EXPECT_EQ(rejected.error().details.at("smtp_code"), 550);
  auto busy = mailer->Send({.to = "busy@example.com", .subject = "x", .text = "x"});
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable) << busy.error().message;
  EXPECT_TRUE(Delivered().empty());
}

TEST_F(SmtpTest, InvalidMessageNeverReachesTheServer) {
  auto mailer = LocalMailer();
  ASSERT_TRUE(mailer);
  auto sent = mailer->Send({.to = "a@example.com", .subject = "x\r\nBcc: everyone@example.com", .text = "x"});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
}

TEST(SmtpUnreachableTest, ConnectionRefusedIsUnavailable) {
  int port = FreeLoopbackPort();
  ASSERT_GT(port, 0);
  auto mailer = SmtpMailer::Create({.smtp_url = "smtp://127.0.0.1:" + std::to_string(port),
                                    .username = "user",
                                    .password = "hunter2-secret",
                                    .timeout_ms = 5'000});
  ASSERT_TRUE(mailer);
  auto sent = (*mailer)->Send({.to = "a@example.com", .subject = "x", .text = "x"});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(sent.error().message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace x8::mail
