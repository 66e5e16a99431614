#include "modules/assistant/domain/engine.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "modules/assistant/domain/when.h"

namespace x8::assistant {
namespace {

bool Russian(std::string_view language) { return language == "ru"; }

// The next code point of valid-enough UTF-8 at `at` (advanced); U+FFFD for a broken sequence.
char32_t NextCodePoint(std::string_view text, size_t& at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  size_t length = 1;
  char32_t code = lead;
  if (lead >= 0xF0) {
    length = 4;
    code = lead & 0x07U;
  } else if (lead >= 0xE0) {
    length = 3;
    code = lead & 0x0FU;
  } else if (lead >= 0xC0) {
    length = 2;
    code = lead & 0x1FU;
  } else if (lead >= 0x80) {
    ++at;
    return 0xFFFD;
  }
  if (at + length > text.size()) {
    at = text.size();
    return 0xFFFD;
  }
  for (size_t i = 1; i < length; ++i) {
    code = (code << 6U) | (static_cast<unsigned char>(text[at + i]) & 0x3FU);
  }
  at += length;
  return code;
}

bool IsCyrillic(char32_t code) { return code >= 0x0400 && code <= 0x04FF; }
bool IsLatinLetter(char32_t code) {
  return (code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z') ||
         (code >= 0x00C0 && code <= 0x024F && code != 0x00D7 && code != 0x00F7);
}

}  // namespace

std::string_view ToString(Author author) {
  switch (author) {
    case Author::kCustomer:
      return "customer";
    case Author::kAssistant:
      return "assistant";
    case Author::kHuman:
      return "human";
    case Author::kSystem:
      return "system";
  }
  return "customer";
}

std::string QuoteLineText(std::string_view language, const commerce::QuoteLine& line) {
  std::string out = commerce::FormatQuantity(line.line.quantity_milli);
  if (!line.line.unit.empty()) out += " " + line.line.unit;
  out += " × " + line.line.name;
  if (!line.line.variant_label.empty()) out += " (" + line.line.variant_label + ")";
  if (!line.line.slot_label.empty()) out += ", " + line.line.slot_label;
  out += " — " + commerce::FormatMoney(line.total_minor, line.line.currency, language);
  return out;
}

std::string QuoteText(std::string_view language, const commerce::Quote& quote) {
  std::string out;
  for (const auto& line : quote.lines) out += QuoteLineText(language, line) + "\n";
  if (quote.delivery_minor != 0) {
    out += (Russian(language) ? "Доставка: " : "Delivery: ") +
           commerce::FormatMoney(quote.delivery_minor, quote.currency, language) + "\n";
  }
  out += (Russian(language) ? "Итого: " : "Total: ") +
         commerce::FormatMoney(quote.total_minor, quote.currency, language);
  return out;
}

std::string PaymentLinkText(std::string_view language, const commerce::Quote& quote, std::string_view url) {
  // The engine's own reply already summed the order up; this message carries the amount and the link.
  const std::string total = commerce::FormatMoney(quote.total_minor, quote.currency, language);
  if (Russian(language)) return "К оплате " + total + ". Безопасная ссылка на оплату: " + std::string(url);
  return "Total to pay: " + total + ". Your secure payment link: " + std::string(url);
}

std::string PaymentReceivedText(std::string_view language, const commerce::Quote& quote) {
  const std::string total = commerce::FormatMoney(quote.total_minor, quote.currency, language);
  if (Russian(language)) return "Оплата " + total + " получена — спасибо за заказ!";
  return "Payment of " + total + " received — thank you for your order!";
}

std::string PaymentExpiredText(std::string_view language) {
  if (Russian(language)) {
    return "Срок действия ссылки на оплату истёк. Напишите «оформить», и я пришлю новую.";
  }
  return "The payment link has expired. Write \"checkout\" and I will send a new one.";
}

std::string HandoffText(std::string_view language) {
  if (Russian(language)) return "Сотрудник скоро ответит вам здесь.";
  return "A team member will reply here shortly.";
}

std::string BookingConfirmedText(std::string_view language, const std::vector<BookedSlot>& bookings) {
  const bool ru = Russian(language);
  static constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr const char* kMonthsRu[] = {"января",   "февраля", "марта",  "апреля",
                                              "мая",      "июня",    "июля",   "августа",
                                              "сентября", "октября", "ноября", "декабря"};
  static constexpr const char* kDaysEn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kDaysRu[] = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"};
  const bool only_delivery = !bookings.empty() && std::all_of(bookings.begin(), bookings.end(),
                                                              [](const BookedSlot& b) { return b.delivery; });
  std::string out = only_delivery ? (ru ? "Доставка назначена:" : "Your delivery is booked:")
                    : bookings.size() == 1 ? (ru ? "Вы записаны:" : "You're booked:")
                                           : (ru ? "Ваши записи:" : "Your bookings:");
  for (const auto& booking : bookings) {
    const LocalTime start = ToLocal(booking.starts_at, booking.timezone);
    const LocalTime end = ToLocal(booking.ends_at, booking.timezone);
    char times[32];
    std::snprintf(times, sizeof(times), "%02d:%02d–%02d:%02d", start.hour, start.minute, end.hour,
                  end.minute);
    const int64_t minutes = (booking.ends_at - booking.starts_at) / 60'000;
    if (booking.delivery) {
      out += "\n" + std::string(ru ? "Доставка" : "Delivery") + ", ";
      out += ru ? std::string(kDaysRu[start.weekday]) + " " + std::to_string(start.day) + " " +
                      kMonthsRu[start.month - 1] + " " + std::to_string(start.year) + ", " + times
                : std::string(kDaysEn[start.weekday]) + " " + std::to_string(start.day) + " " +
                      kMonthsEn[start.month - 1] + " " + std::to_string(start.year) + ", " + times;
      if (!booking.address.empty()) out += (ru ? ". Адрес: " : ". Address: ") + booking.address;
      out += ".";
      continue;
    }
    out += "\n" + booking.title + ", ";
    if (ru) {
      out += std::string(kDaysRu[start.weekday]) + " " + std::to_string(start.day) + " " +
             kMonthsRu[start.month - 1] + " " + std::to_string(start.year) + ", " + times + " (" +
             std::to_string(minutes) + " мин)";
    } else {
      out += std::string(kDaysEn[start.weekday]) + " " + std::to_string(start.day) + " " +
             kMonthsEn[start.month - 1] + " " + std::to_string(start.year) + ", " + times + " (" +
             std::to_string(minutes) + " min)";
    }
    if (booking.format == "online") {
      out += ru ? ". Онлайн" : ". Online";
      if (!booking.location.empty()) out += (ru ? ", ссылка: " : ", link: ") + booking.location;
    } else if (!booking.location.empty()) {
      out += (ru ? ". Адрес: " : ". Place: ") + booking.location;
    }
    out += ".";
  }
  out += only_delivery ? (ru ? "\nПривезём в это время!" : "\nWe'll deliver then!")
                       : (ru ? "\nДо встречи!" : "\nSee you then!");
  return out;
}

std::string LatePaymentText(std::string_view language, bool delivery) {
  if (language == "ru") {
    return delivery ? "Выбранное окно доставки уже освободилось — сотрудник свяжется с вами, чтобы подобрать "
                      "новое."
                    : "Забронированное время уже освободилось — сотрудник свяжется с вами, чтобы подобрать "
                      "новое.";
  }
  return delivery ? "The delivery window you chose is no longer held — a team member will contact you to "
                    "arrange a new one."
                  : "The time you chose is no longer held — a team member will contact you to arrange a new "
                    "one.";
}

std::string SlotTakenText(std::string_view language, std::string_view title, std::string_view label,
                          bool alternatives) {
  if (Russian(language)) {
    return "К сожалению, время " + std::string(label) + " для «" + std::string(title) +
           "» только что заняли" +
           (alternatives ? " — вот другое свободное время:" : ". Напишите, какой день и время вам удобны.");
  }
  return "Sorry, " + std::string(label) + " for " + std::string(title) + " was just taken" +
         (alternatives ? " — here are other times:" : ". Tell me another day or time that suits you.");
}

std::string DetectLanguage(std::string_view text, std::string_view fallback) {
  size_t cyrillic = 0;
  size_t latin = 0;
  for (size_t at = 0; at < text.size();) {
    char32_t code = NextCodePoint(text, at);
    if (IsCyrillic(code)) ++cyrillic;
    if (IsLatinLetter(code)) ++latin;
  }
  if (cyrillic > 0 && cyrillic >= latin) return "ru";
  if (latin > 0) return "en";
  return std::string(fallback);
}

}  // namespace x8::assistant
