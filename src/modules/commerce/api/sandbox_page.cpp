#include "modules/commerce/api/sandbox_page.h"

#include <algorithm>
#include <array>
#include <ctime>

#include "core/html.h"

namespace x8::commerce {
namespace {

struct Texts {
  std::string_view lang;
  std::string_view title;
  std::string_view banner;
  std::string_view order;
  std::string_view subtotal;
  std::string_view delivery;
  std::string_view total;
  std::string_view pay;
  std::string_view cancel;
  std::string_view valid_until;
  std::string_view minutes_left;  // " (N min left)": N goes before this
  std::string_view paid_now;
  std::string_view cancelled_now;
  std::string_view already_paid;
  std::string_view was_cancelled;
  std::string_view has_expired;
  std::string_view was_refunded;
  std::string_view nothing_changed;
  std::string_view not_found_title;
  std::string_view not_found;
  std::string_view footer;
};

constexpr Texts kEnglish{
    .lang = "en",
    .title = "Checkout",
    .banner = "Sandbox — no real money moves",
    .order = "Order",
    .subtotal = "Subtotal",
    .delivery = "Delivery",
    .total = "Total",
    .pay = "Pay",
    .cancel = "Cancel",
    .valid_until = "Link valid until",
    .minutes_left = " min left",
    .paid_now = "Payment received — thank you! You can close this page and go back to the chat.",
    .cancelled_now =
        "Payment cancelled. You can close this page and go back to the chat; ask there for a new "
        "link whenever you like.",
    .already_paid = "This order is already paid.",
    .was_cancelled = "This payment link was cancelled. Ask in the chat for a new one.",
    .has_expired = "This payment link has expired. Ask in the chat for a new one.",
    .was_refunded = "This order was refunded.",
    .nothing_changed = "Nothing was charged or changed.",
    .not_found_title = "Link not found",
    .not_found = "This payment link does not exist. Check the link in the chat or ask for a new one.",
    .footer = "Test checkout of X8. A real shop uses a card payment page here.",
};

constexpr Texts kRussian{
    .lang = "ru",
    .title = "Оплата заказа",
    .banner = "Тестовая оплата (песочница) — реальные деньги не списываются",
    .order = "Заказ",
    .subtotal = "Сумма",
    .delivery = "Доставка",
    .total = "Итого",
    .pay = "Оплатить",
    .cancel = "Отменить",
    .valid_until = "Ссылка действует до",
    .minutes_left = " мин",
    .paid_now = "Оплата получена — спасибо! Можно закрыть эту страницу и вернуться в чат.",
    .cancelled_now =
        "Оплата отменена. Можно закрыть эту страницу и вернуться в чат — там можно попросить новую "
        "ссылку.",
    .already_paid = "Этот заказ уже оплачен.",
    .was_cancelled = "Эта ссылка на оплату отменена. Попросите в чате новую.",
    .has_expired = "Срок действия ссылки истёк. Попросите в чате новую.",
    .was_refunded = "Деньги за этот заказ возвращены.",
    .nothing_changed = "Ничего не списано и не изменено.",
    .not_found_title = "Ссылка не найдена",
    .not_found = "Такой ссылки на оплату нет. Проверьте ссылку в чате или попросите новую.",
    .footer = "Тестовая страница оплаты X8. В настоящем магазине здесь будет оплата картой.",
};

const Texts& TextsFor(std::string_view language) { return language == "ru" ? kRussian : kEnglish; }

constexpr std::string_view kStyle = R"(
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
background:#f4f5f7;color:#1f2933;line-height:1.45}
.banner{background:#fff4ce;color:#7a5b00;border-bottom:1px solid #f1d67a;padding:10px 16px;text-align:center;
font-size:14px;font-weight:600}
main{max-width:480px;margin:24px auto;padding:0 16px}
.card{background:#fff;border-radius:14px;box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.05);
padding:24px}
h1{font-size:20px;margin:0 0 4px}
.muted{color:#6b7480;font-size:14px}
table{width:100%;border-collapse:collapse;margin:18px 0 8px}
td{padding:8px 0;vertical-align:top;border-bottom:1px solid #eef0f2;font-size:15px}
td.amount{text-align:right;white-space:nowrap;padding-left:12px}
.qty{color:#6b7480;font-size:13px}
tr.sum td{border-bottom:none;color:#6b7480;padding:4px 0}
tr.total td{border-bottom:none;font-size:18px;font-weight:700;padding-top:10px}
.actions{display:flex;flex-direction:column;gap:10px;margin-top:20px}
button{width:100%;font-size:17px;font-weight:600;border-radius:10px;padding:14px;cursor:pointer;border:0}
.pay{background:#1a7f37;color:#fff}
.pay:hover{background:#166c2f}
.cancel{background:#fff;color:#b42318;border:1px solid #e4c7c4}
.notice{margin-top:20px;padding:14px 16px;border-radius:10px;font-size:15px}
.ok{background:#e7f6ec;color:#14532d}
.warn{background:#fdf1e7;color:#7c2d12}
footer{text-align:center;color:#9aa1a9;font-size:12px;margin:18px 0}
)";

std::string PageStart(const Texts& texts, std::string_view title) {
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"";
  html += texts.lang;
  html += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"robots\" content=\"noindex\">\n<title>";
  html += EscapeHtml(title);
  html += "</title>\n<style>";
  html += kStyle;
  html += "</style>\n</head>\n<body>\n<div class=\"banner\">";
  html += texts.banner;
  html += "</div>\n<main>\n<div class=\"card\">\n";
  return html;
}

std::string PageEnd(const Texts& texts) {
  std::string html = "</div>\n<footer>";
  html += texts.footer;
  html += "</footer>\n</main>\n</body>\n</html>\n";
  return html;
}

std::string Notice(std::string_view kind, std::string_view text, std::string_view more = {}) {
  std::string html = "<div class=\"notice " + std::string(kind) + "\" role=\"status\">" + std::string(text);
  if (!more.empty()) html += " " + std::string(more);
  return html + "</div>\n";
}

// Why a link that is not live cannot be paid, in the customer's words.
std::string_view StateText(const Texts& texts, const Order& order, const PaymentSession& session,
                           int64_t now) {
  if (order.payment_status == PaymentStatus::kRefunded) return texts.was_refunded;
  if (order.payment_status == PaymentStatus::kPaid || session.status == SessionStatus::kPaid) {
    return texts.already_paid;
  }
  if (order.payment_status == PaymentStatus::kCancelled || session.status == SessionStatus::kCancelled) {
    return texts.was_cancelled;
  }
  if (order.payment_status == PaymentStatus::kExpired || session.status == SessionStatus::kExpired ||
      now >= order.expires_at) {
    return texts.has_expired;
  }
  return {};
}

}  // namespace

std::string FormatUtc(int64_t unix_ms, std::string_view language) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  if (language == "ru") {
    std::strftime(buffer, sizeof buffer, "%d.%m.%Y, %H:%M UTC", &tm);
  } else {
    std::strftime(buffer, sizeof buffer, "%d %b %Y, %H:%M UTC", &tm);  // C locale: English month names
  }
  return buffer;
}

std::string RenderSandboxPage(const SandboxPage& page) {
  const Order& order = page.order;
  const Texts& texts = TextsFor(order.language);
  const auto& lang = order.language;
  const auto& currency = order.quote.currency;
  const std::string title = page.merchant.empty()
                                ? std::string(texts.title)
                                : std::string(texts.title) + " · " + std::string(page.merchant);
  std::string html = PageStart(texts, title);
  html += "<h1>" + EscapeHtml(page.merchant.empty() ? texts.title : page.merchant) + "</h1>\n";
  html += "<div class=\"muted\">" + std::string(texts.order) + " " + EscapeHtml(order.id) + "</div>\n";

  html += "<table>\n";
  for (const auto& line : order.quote.lines) {
    std::string name = line.line.name;
    if (!line.line.variant_label.empty()) name += " (" + line.line.variant_label + ")";
    std::string quantity = FormatQuantity(line.line.quantity_milli);
    if (lang == "ru") std::replace(quantity.begin(), quantity.end(), '.', ',');  // "1,5 kg"
    if (!line.line.unit.empty()) quantity += " " + line.line.unit;
    html += "<tr><td>" + EscapeHtml(name) + "<div class=\"qty\">" + EscapeHtml(quantity) + " × " +
            EscapeHtml(FormatMoney(line.line.unit_price_minor, currency, lang)) +
            "</div></td><td class=\"amount\">" + EscapeHtml(FormatMoney(line.total_minor, currency, lang)) +
            "</td></tr>\n";
  }
  if (order.quote.delivery_minor > 0) {
    html += "<tr class=\"sum\"><td>" + std::string(texts.subtotal) + "</td><td class=\"amount\">" +
            EscapeHtml(FormatMoney(order.quote.subtotal_minor, currency, lang)) + "</td></tr>\n";
    html += "<tr class=\"sum\"><td>" + std::string(texts.delivery) + "</td><td class=\"amount\">" +
            EscapeHtml(FormatMoney(order.quote.delivery_minor, currency, lang)) + "</td></tr>\n";
  }
  const std::string total = EscapeHtml(FormatMoney(order.quote.total_minor, currency, lang));
  html += "<tr class=\"total\"><td>" + std::string(texts.total) + "</td><td class=\"amount\">" + total +
          "</td></tr>\n</table>\n";

  switch (page.outcome) {
    case SandboxOutcome::kPaid:
      html += Notice("ok", texts.paid_now);
      break;
    case SandboxOutcome::kCancelled:
      html += Notice("warn", texts.cancelled_now);
      break;
    case SandboxOutcome::kNotPayable: {
      auto state = StateText(texts, order, page.session, page.now_ms);
      html += Notice("warn", state.empty() ? texts.has_expired : state, texts.nothing_changed);
      break;
    }
    case SandboxOutcome::kCheckout: {
      auto state = StateText(texts, order, page.session, page.now_ms);
      if (!state.empty()) {
        html += Notice(order.payment_status == PaymentStatus::kPaid ? "ok" : "warn", state);
        break;
      }
      const int64_t minutes = (order.expires_at - page.now_ms + 59'999) / 60'000;
      html += "<div class=\"muted\">" + std::string(texts.valid_until) + " " +
              EscapeHtml(FormatUtc(order.expires_at, lang)) + " (" + std::to_string(minutes) +
              std::string(texts.minutes_left) + ")</div>\n";
      // Relative actions: /pay/sandbox/<id> → /pay/sandbox/<id>/pay, whatever prefix the server sits under.
      const std::string id = EscapeHtml(page.session.external_id);
      html += "<div class=\"actions\">\n<form method=\"post\" action=\"" + id +
              "/pay\"><button class=\"pay\" " + "type=\"submit\">" + std::string(texts.pay) + " " + total +
              "</button></form>\n";
      html += "<form method=\"post\" action=\"" + id + "/cancel\"><button class=\"cancel\" type=\"submit\">" +
              std::string(texts.cancel) + "</button></form>\n</div>\n";
      break;
    }
  }
  html += PageEnd(texts);
  return html;
}

std::string RenderSandboxNotFound() {
  // The language is unknown without an order: both.
  std::string html = PageStart(kEnglish, kEnglish.not_found_title);
  html += "<h1>" + std::string(kEnglish.not_found_title) + "</h1>\n";
  html += Notice("warn", kEnglish.not_found);
  html += "<h1 lang=\"ru\" style=\"margin-top:24px\">" + std::string(kRussian.not_found_title) + "</h1>\n";
  html += Notice("warn", kRussian.not_found);
  html += PageEnd(kEnglish);
  return html;
}

}  // namespace x8::commerce
