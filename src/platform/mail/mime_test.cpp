#include "platform/mail/mime.h"

#include <gtest/gtest.h>

#include <sstream>

namespace x8::mail {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end = text.find("\r\n"); end != std::string::npos; end = text.find("\r\n", start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  lines.push_back(text.substr(start));
  return lines;
}

TEST(MimeTest, QuotedPrintableKnownAnswers) {
  EXPECT_EQ(EncodeQuotedPrintable("café = 5\n"), "caf=C3=A9 =3D 5\r\n");
  EXPECT_EQ(EncodeQuotedPrintable("trailing \nspace\t"), "trailing=20\r\nspace=09");
  EXPECT_EQ(EncodeQuotedPrintable("a\r\nb"), "a\r\nb");
  std::string long_line(200, 'x');
  std::string encoded = EncodeQuotedPrintable(long_line);
  for (const auto& line : Lines(encoded)) EXPECT_LE(line.size(), 76u);
  std::string joined;
  for (const auto& line : Lines(encoded))
    joined += line.ends_with("=") ? line.substr(0, line.size() - 1) : line;
  EXPECT_EQ(joined, long_line);
  // A soft break never splits an =XX escape.
  for (const auto& line : Lines(EncodeQuotedPrintable(std::string(100, '=')))) {
    EXPECT_LE(line.size(), 76u);
    EXPECT_EQ((line.ends_with("=") ? line.size() - 1 : line.size()) % 3, 0u);
  }
}

TEST(MimeTest, HeaderTextEncoding) {
  EXPECT_EQ(EncodeHeaderText("Your code"), "Your code");
  EXPECT_EQ(EncodeHeaderText("Привет"), "=?UTF-8?B?0J/RgNC40LLQtdGC?=");
  std::string encoded = EncodeHeaderText(std::string(40, '\xd0') + "");  // invalid UTF-8 still encodes
  EXPECT_TRUE(encoded.starts_with("=?UTF-8?B?"));
  std::string long_subject;
  for (int i = 0; i < 20; ++i) long_subject += "Подтвердите ";
  for (const auto& line : Lines(EncodeHeaderText(long_subject))) {
    EXPECT_LE(line.size(), 76u);
    EXPECT_TRUE(line.starts_with("=?UTF-8?B?") || line.starts_with(" =?UTF-8?B?")) << line;
  }
}

TEST(MimeTest, ParsesMailboxes) {
  auto plain = ParseMailbox("no-reply@x8.example");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->address, "no-reply@x8.example");
  EXPECT_EQ(plain->display_name, "");
  auto named = ParseMailbox(" \"X8 Team\" <team@x8.example> ");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->display_name, "X8 Team");
  EXPECT_EQ(named->address, "team@x8.example");
  EXPECT_FALSE(ParseMailbox("X8 <>"));
  EXPECT_FALSE(ParseMailbox("X8 team@x8.example>"));
  EXPECT_FALSE(ParseMailbox("nobody"));
}

TEST(MimeTest, ComposesSevenBitCrlfMultipart) {
  Message message{
      .to = "anna@example.com",
      .subject = "Код для входа: 123456",
      .text = "Здравствуйте!\n\nВаш код: 123456\n",
      .html =
          "<p style=\"margin:0 0 16px;font-size:16px\">Ваш код:</p><p style=\"font-size:32px\">123456</p>",
      .tag = "login_code"};
  auto composed = ComposeMessage(message, {"Команда X8", "team@x8.example"}, 1'767'225'600);
  ASSERT_TRUE(composed) << composed.error().message;
  const std::string& raw = *composed;
  for (size_t i = 0; i < raw.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(raw[i]), 0x80) << "8-bit byte at " << i;
    if (raw[i] == '\n') {
      ASSERT_TRUE(i > 0 && raw[i - 1] == '\r') << "bare LF at " << i;
    }
  }
  for (const auto& line : Lines(raw)) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_NE(raw.find("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(raw.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(raw.find(" <team@x8.example>\r\n"), std::string::npos);
  EXPECT_NE(raw.find("To: anna@example.com\r\n"), std::string::npos);
  EXPECT_NE(raw.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(raw.find("@x8.example>\r\nAuto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"),
            std::string::npos);
  EXPECT_NE(raw.find("Content-Type: multipart/alternative; boundary=\"=_x8_"), std::string::npos);
  EXPECT_NE(raw.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64"),
            std::string::npos);
  EXPECT_NE(raw.find("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"),
            std::string::npos);
  EXPECT_TRUE(raw.ends_with("--\r\n"));
  EXPECT_NE(raw.find("\r\n\r\n"), std::string::npos);  // headers end before the body
}

TEST(MimeTest, TextOnlyMessageIsSinglePart) {
  auto composed = ComposeMessage({.to = "a@example.com", .subject = "Hi", .text = "Hello\n.\nBye"},
                                 {"", "x@example.com"}, 0);
  ASSERT_TRUE(composed);
  EXPECT_EQ(composed->find("multipart"), std::string::npos);
  EXPECT_NE(composed->find("From: x@example.com\r\n"), std::string::npos);
  EXPECT_TRUE(composed->ends_with("Hello\r\n.\r\nBye\r\n"));  // curl dot-stuffs the lone '.' on the wire
  EXPECT_FALSE(ComposeMessage({.to = "a@example.com", .subject = "Hi\r\nBcc: b@example.com", .text = "x"},
                              {"", "x@example.com"}, 0));
}

}  // namespace
}  // namespace x8::mail
