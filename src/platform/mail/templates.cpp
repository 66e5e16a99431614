#include <string>
#include <string_view>

#include "core/html.h"
#include "platform/mail/mailer.h"

namespace x8::mail {
namespace {

enum class Language { kEnglish, kRussian };

// What varies between templates; the layout around it is shared.
struct Copy {
  std::string_view subject;  // may contain {code}
  std::string_view intro;
  std::string_view action;    // button label; empty for code mails
  std::string_view validity;  // "{duration}" is replaced; left out when valid_minutes is 0
  std::string_view fallback;  // "or paste this link" line under the button
  std::string_view outro;
};

struct Template {
  std::string_view name;
  bool needs_code;
  Copy english;
  Copy russian;
};

constexpr Template kTemplates[] = {
    {"verify_email",
     false,
     {"Confirm your email for X8", "Please confirm your email address to finish setting up your X8 account.",
      "Confirm email", "The link is valid for {duration}.", "If the button does not work, open this link:",
      "If you did not sign up for X8, just ignore this email."},
     {"Подтвердите email для X8", "Подтвердите адрес электронной почты, чтобы завершить регистрацию в X8.",
      "Подтвердить email", "Ссылка действует {duration}.", "Если кнопка не работает, откройте ссылку:",
      "Если вы не регистрировались в X8, просто проигнорируйте это письмо."}},
    {"login_code",
     true,
     {"Your X8 sign-in code: {code}", "Here is your code to sign in to X8:", "",
      "It is valid for {duration}. Do not share it with anyone: X8 will never ask you for it.", "",
      "If you did not try to sign in, change your password."},
     {"Код для входа в X8: {code}", "Ваш код для входа в X8:", "",
      "Код действует {duration}. Никому его не сообщайте: X8 никогда не спрашивает коды.", "",
      "Если вы не пытались войти, смените пароль."}},
    {"magic_link",
     false,
     {"Your X8 sign-in link", "Click the button below to sign in to X8. The link works once.",
      "Sign in to X8", "It is valid for {duration}.", "If the button does not work, open this link:",
      "If you did not ask to sign in, you can ignore this email."},
     {"Ссылка для входа в X8", "Нажмите кнопку ниже, чтобы войти в X8. Ссылка одноразовая.", "Войти в X8",
      "Она действует {duration}.", "Если кнопка не работает, откройте ссылку:",
      "Если вы не запрашивали вход, просто проигнорируйте это письмо."}},
    {"password_reset",
     false,
     {"Reset your X8 password",
      "We received a request to reset your X8 password. Choose a new one here:", "Choose a new password",
      "The link is valid for {duration}.", "If the button does not work, open this link:",
      "If you did not ask for this, ignore this email: your password stays the same."},
     {"Сброс пароля X8", "Мы получили запрос на сброс пароля в X8. Задайте новый пароль по ссылке:",
      "Задать новый пароль", "Ссылка действует {duration}.", "Если кнопка не работает, откройте ссылку:",
      "Если вы ничего не запрашивали, проигнорируйте письмо: пароль останется прежним."}},
    {"manager_invite",
     false,
     {"You're invited to X8 as a manager",
      "You have been added to X8 as a manager. Set your password to get started:", "Set my password",
      "The link is valid for {duration}.", "If the button does not work, open this link:",
      "If you were not expecting this invitation, you can ignore this email."},
     {"Приглашение в X8", "Вас добавили в X8 в роли менеджера. Задайте пароль, чтобы начать работу:",
      "Задать пароль", "Ссылка действует {duration}.", "Если кнопка не работает, откройте ссылку:",
      "Если вы не ждали этого приглашения, просто проигнорируйте письмо."}},
};

std::string Replace(std::string_view text, std::string_view placeholder, std::string_view value) {
  std::string out(text);
  for (size_t at = out.find(placeholder); at != std::string::npos;
       at = out.find(placeholder, at + value.size())) {
    out.replace(at, placeholder.size(), value);
  }
  return out;
}

// Russian nouns after a number: 1 минуту, 2 минуты, 5 минут (accusative, as in "действует N …").
std::string_view RussianPlural(int n, std::string_view one, std::string_view few, std::string_view many) {
  int mod100 = n % 100, mod10 = n % 10;
  if (mod10 == 1 && mod100 != 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

std::string Duration(Language language, int minutes) {
  bool russian = language == Language::kRussian;
  if (minutes % 1440 == 0) {
    int days = minutes / 1440;
    return std::to_string(days) + " " +
           std::string(russian     ? RussianPlural(days, "день", "дня", "дней")
                       : days == 1 ? "day"
                                   : "days");
  }
  if (minutes % 60 == 0) {
    int hours = minutes / 60;
    return std::to_string(hours) + " " +
           std::string(russian      ? RussianPlural(hours, "час", "часа", "часов")
                       : hours == 1 ? "hour"
                                    : "hours");
  }
  return std::to_string(minutes) + " " +
         std::string(russian        ? RussianPlural(minutes, "минуту", "минуты", "минут")
                     : minutes == 1 ? "minute"
                                    : "minutes");
}

bool HasLineBreak(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

constexpr std::string_view kParagraph = R"(<p style="margin:0 0 16px;font-size:16px;line-height:1.5">)";
constexpr std::string_view kSmall =
    R"(<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#6b7280">)";

}  // namespace

bool IsPlainAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  size_t at = address.rfind('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= address.size()) return false;
  if (address.find('@') != at) return false;
  for (unsigned char c : address) {
    // No whitespace, controls, angle brackets, quotes or separators: one bare addr-spec only.
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '(' ||
        c == ')' || c == '\\' || c == '[' || c == ']' || c == ':') {
      return false;
    }
  }
  std::string_view domain = address.substr(at + 1);
  return domain.find('.') != std::string_view::npos && !domain.starts_with('.') && !domain.ends_with('.') &&
         domain.find("..") == std::string_view::npos;
}

Status ValidateMessage(const Message& message) {
  if (!IsPlainAddress(message.to)) {
    return Error(ErrorCode::kInvalidArgument, "mail recipient must be one plain address").With("field", "to");
  }
  if (HasLineBreak(message.subject) || HasLineBreak(message.tag)) {
    return Error(ErrorCode::kInvalidArgument, "mail subject and tag must be one line")
        .With("field", "subject");
  }
  if (message.text.empty()) {
    return Error(ErrorCode::kInvalidArgument, "mail needs a plain-text body").With("field", "text");
  }
  return Ok();
}

Result<Message> Render(std::string_view template_name, const std::string& to, const TemplateData& data) {
  const Template* found = nullptr;
  for (const auto& candidate : kTemplates) {
    if (candidate.name == template_name) found = &candidate;
  }
  if (found == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "unknown mail template").With("template", template_name);
  }
  if (found->needs_code && data.code.empty()) return InvalidArgument("mail template needs a code");
  if (!found->needs_code && !(data.link.starts_with("https://") || data.link.starts_with("http://"))) {
    return InvalidArgument("mail template needs an http(s) link");
  }
  if (HasLineBreak(data.code) || HasLineBreak(data.link))
    return InvalidArgument("code and link must be one line");

  Language language = data.language.starts_with("ru") ? Language::kRussian : Language::kEnglish;
  const Copy& copy = language == Language::kRussian ? found->russian : found->english;
  std::string greeting = language == Language::kRussian
                             ? (data.name.empty() ? "Здравствуйте!" : "Здравствуйте, " + data.name + "!")
                             : (data.name.empty() ? "Hi," : "Hi " + data.name + ",");
  std::string validity = data.valid_minutes > 0
                             ? Replace(copy.validity, "{duration}", Duration(language, data.valid_minutes))
                             : "";
  std::string_view signature = language == Language::kRussian ? "Команда X8" : "The X8 team";
  const std::string& highlight = found->needs_code ? data.code : data.link;

  Message message;
  message.to = to;
  message.tag = std::string(found->name);
  message.subject = Replace(copy.subject, "{code}", data.code);

  message.text = greeting + "\n\n" + std::string(copy.intro) + "\n\n" + highlight + "\n\n";
  if (!validity.empty()) message.text += validity + "\n\n";
  message.text += std::string(copy.outro) + "\n\n— " + std::string(signature) + "\n";

  std::string& html = message.html;
  html = R"(<!DOCTYPE html><html><head><meta charset="utf-8"></head>)"
         R"(<body style="margin:0;padding:24px;background:#f3f4f6;)"
         R"(font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827">)"
         R"(<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">)";
  html += std::string(kParagraph) + EscapeHtml(greeting) + "</p>";
  html += std::string(kParagraph) + EscapeHtml(copy.intro) + "</p>";
  if (found->needs_code) {
    html += R"(<p style="margin:0 0 16px;font-size:32px;font-weight:700;letter-spacing:6px">)" +
            EscapeHtml(data.code) + "</p>";
  } else {
    std::string link = EscapeHtml(data.link);
    html += R"(<p style="margin:0 0 24px"><a href=")" + link +
            R"(" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;)"
            R"(padding:12px 20px;border-radius:8px;font-weight:600">)" +
            EscapeHtml(copy.action) + "</a></p>";
    html += std::string(kSmall) + EscapeHtml(copy.fallback) + R"(<br><span style="word-break:break-all">)" +
            link + "</span></p>";
  }
  if (!validity.empty()) html += std::string(kParagraph) + EscapeHtml(validity) + "</p>";
  html += std::string(kSmall) + EscapeHtml(copy.outro) + "</p>";
  html += std::string(kSmall) + "— " + EscapeHtml(signature) + "</p></div></body></html>";

  X8_TRY_STATUS(ValidateMessage(message));
  return message;
}

}  // namespace x8::mail
