#include <gtest/gtest.h>

#include "platform/mail/mailer.h"

namespace x8::mail {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

constexpr const char* kLinkTemplates[] = {"verify_email", "magic_link", "password_reset", "manager_invite"};

TEST(TemplatesTest, LinkTemplatesInBothLanguages) {
  for (const char* language : {"en", "ru"}) {
    for (const char* name : kLinkTemplates) {
      TemplateData data{.language = language,
                        .name = "Anna",
                        .link = "https://x8.example/t?token=abc&x=1",
                        .valid_minutes = 15};
      auto message = Render(name, "anna@example.com", data);
      ASSERT_TRUE(message) << name << " " << language << ": " << message.error().message;
      EXPECT_EQ(message->to, "anna@example.com");
      EXPECT_EQ(message->tag, name);
      EXPECT_FALSE(message->subject.empty());
      EXPECT_TRUE(Contains(message->text, "https://x8.example/t?token=abc&x=1")) << name;
      EXPECT_TRUE(Contains(message->text, "Anna")) << name;
      EXPECT_TRUE(Contains(message->text, language == std::string("ru") ? "15 минут" : "15 minutes")) << name;
      // In HTML the link appears only escaped (in href and as text).
      EXPECT_TRUE(Contains(message->html, "href=\"https://x8.example/t?token=abc&amp;x=1\"")) << name;
      EXPECT_FALSE(Contains(message->html, "token=abc&x=1")) << name;
    }
  }
}

TEST(TemplatesTest, RussianCopyIsRussian) {
  auto message =
      Render("verify_email", "a@example.com",
             {.language = "ru", .name = "Анна", .link = "https://x8.example/v", .valid_minutes = 2880});
  ASSERT_TRUE(message);
  EXPECT_EQ(message->subject, "Подтвердите email для X8");
  EXPECT_TRUE(Contains(message->text, "Здравствуйте, Анна!"));
  EXPECT_TRUE(Contains(message->text, "Ссылка действует 2 дня."));
  EXPECT_TRUE(Contains(message->html, "Подтвердить email"));
}

TEST(TemplatesTest, LoginCodeCarriesTheCodeInSubjectAndBody) {
  auto en = Render("login_code", "a@example.com", {.language = "en", .code = "042917", .valid_minutes = 10});
  ASSERT_TRUE(en);
  EXPECT_EQ(en->subject, "Your X8 sign-in code: 042917");
  EXPECT_TRUE(Contains(en->text, "\n042917\n"));
  EXPECT_TRUE(Contains(en->text, "Hi,"));
  EXPECT_TRUE(Contains(en->text, "valid for 10 minutes"));
  EXPECT_TRUE(Contains(en->html, ">042917</p>"));
  auto ru =
      Render("login_code", "a@example.com", {.language = "ru-RU", .code = "042917", .valid_minutes = 1});
  ASSERT_TRUE(ru);
  EXPECT_EQ(ru->subject, "Код для входа в X8: 042917");
  EXPECT_TRUE(Contains(ru->text, "Код действует 1 минуту."));
  EXPECT_TRUE(Contains(ru->text, "Здравствуйте!"));
}

TEST(TemplatesTest, EverythingInterpolatedIsEscapedInHtml) {
  auto message =
      Render("magic_link", "a@example.com",
             {.name = "<script>alert('x')</script> & \"co\"", .link = "https://x8.example/m?a=\"><b>"});
  ASSERT_TRUE(message);
  EXPECT_FALSE(Contains(message->html, "<script>"));
  EXPECT_FALSE(Contains(message->html, "\"><b>"));
  EXPECT_TRUE(
      Contains(message->html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
  EXPECT_TRUE(Contains(message->html, "https://x8.example/m?a=&quot;&gt;&lt;b&gt;"));
  EXPECT_TRUE(Contains(message->text, "<script>"));  // plain text is not HTML: left as typed
}

TEST(TemplatesTest, DurationsAndFallbackLanguage) {
  auto hours =
      Render("password_reset", "a@example.com", {.language = "de", .link = "https://x", .valid_minutes = 60});
  ASSERT_TRUE(hours);
  EXPECT_TRUE(Contains(hours->text, "valid for 1 hour."));
  EXPECT_EQ(hours->subject, "Reset your X8 password");
  auto ru = Render("password_reset", "a@example.com",
                   {.language = "ru", .link = "https://x", .valid_minutes = 300});
  EXPECT_TRUE(Contains(ru->text, "действует 5 часов."));
  auto ru21 =
      Render("magic_link", "a@example.com", {.language = "ru", .link = "https://x", .valid_minutes = 21});
  EXPECT_TRUE(Contains(ru21->text, "действует 21 минуту."));
  auto ru12 =
      Render("magic_link", "a@example.com", {.language = "ru", .link = "https://x", .valid_minutes = 12});
  EXPECT_TRUE(Contains(ru12->text, "действует 12 минут."));
  auto none = Render("magic_link", "a@example.com", {.link = "https://x"});
  EXPECT_FALSE(Contains(none->text, "valid for"));
}

TEST(TemplatesTest, RefusesWhatCannotBeRendered) {
  EXPECT_EQ(Render("welcome", "a@example.com", {.link = "https://x"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(Render("login_code", "a@example.com", {}));
  EXPECT_FALSE(Render("verify_email", "a@example.com", {}));
  EXPECT_FALSE(Render("verify_email", "a@example.com", {.link = "javascript:alert(1)"}));
  EXPECT_FALSE(Render("login_code", "a@example.com", {.code = "12\r\nBcc: x@y.z"}));
  EXPECT_FALSE(Render("login_code", "not an address", {.code = "123456"}));
  EXPECT_FALSE(Render("login_code", "a@example.com, b@example.com", {.code = "123456"}));
}

TEST(MessageTest, ValidatesAddressesAndHeaders) {
  EXPECT_TRUE(IsPlainAddress("a.b+tag@example.co.uk"));
  for (const char* bad : {"", "a", "a@", "@b.c", "a@b", "a@@b.c", "a b@c.d", "<a@b.c>", "a@b.c\r\n", "a@.b.c",
                          "a@b..c", "\"a\"@b.c"}) {
    EXPECT_FALSE(IsPlainAddress(bad)) << bad;
  }
  EXPECT_TRUE(ValidateMessage({.to = "a@b.c", .subject = "s", .text = "t"}));
  EXPECT_FALSE(ValidateMessage({.to = "a@b.c", .subject = "s\nBcc: x@y.z", .text = "t"}));
  EXPECT_FALSE(ValidateMessage({.to = "a@b.c", .subject = "s", .text = ""}));
}

}  // namespace
}  // namespace x8::mail
