#include "modules/assistant/domain/when.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace x8::assistant {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int kDayMinutes = 24 * 60;

const date::time_zone* Zone(std::string_view timezone) {
  try {
    return date::locate_zone(timezone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> Number(std::string_view text) {
  if (!AllDigits(text) || text.size() > 4) return std::nullopt;
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool OneOf(std::string_view word, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), word) != options.end();
}

// 1–12, or 0 when `word` is not a month name (en full/abbreviated, ru any case form or abbreviation).
unsigned MonthOf(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kEnglish = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  static constexpr std::array<std::string_view, 12> kRussian = {"янв", "фев", "мар", "апр", "ма",  "июн",
                                                                "июл", "авг", "сен", "окт", "ноя", "дек"};
  if (word.size() >= 3) {
    for (size_t at = 0; at < kEnglish.size(); ++at) {
      if (StartsWith(kEnglish[at], word) || (word == "sept" && at == 8)) return static_cast<unsigned>(at + 1);
    }
  }
  if (word == "мая" || word == "май") return 5;
  for (size_t at = 0; at < kRussian.size(); ++at) {
    if (at == 4) continue;
    if (StartsWith(word, kRussian[at]) && word.size() >= kRussian[at].size()) {
      return static_cast<unsigned>(at + 1);
    }
  }
  return 0;
}

// 0 = Sunday … 6 = Saturday; -1 when `word` is not a weekday.
int WeekdayOf(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kEnglish = {"sunday",   "monday", "tuesday", "wednesday",
                                                               "thursday", "friday", "saturday"};
  if (word.size() >= 3) {
    for (size_t at = 0; at < kEnglish.size(); ++at) {
      if (StartsWith(kEnglish[at], word)) return static_cast<int>(at);
    }
  }
  static constexpr std::array<std::string_view, 7> kRussianShort = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"};
  for (size_t at = 0; at < kRussianShort.size(); ++at) {
    if (word == kRussianShort[at]) return static_cast<int>(at);
  }
  if (StartsWith(word, "воскресен")) return 0;
  if (StartsWith(word, "понедельн")) return 1;
  if (StartsWith(word, "вторник")) return 2;
  if (OneOf(word, {"среда", "среду", "среды"})) return 3;
  if (StartsWith(word, "четверг")) return 4;
  if (StartsWith(word, "пятниц")) return 5;
  if (StartsWith(word, "суббот")) return 6;
  return -1;
}

// A clock time at words[at]: "15h00", "3pm", "10h30am", "15", "3 pm", "10 утра", "3 часа дня".
struct Clock {
  int minutes = 0;  // after local midnight
  size_t count = 0;
  bool meridiem = false;  // am/pm (or утра/дня/вечера) said, or written as HH:MM
};

std::optional<Clock> ClockAt(const std::vector<Word>& words, size_t at) {
  std::string_view word = words[at].folded;
  Clock clock;
  clock.count = 1;
  int hour = 0;
  int minute = 0;
  std::optional<bool> pm;
  auto strip = [&](std::string_view suffix, bool is_pm) {
    if (word.size() > suffix.size() && word.substr(word.size() - suffix.size()) == suffix) {
      word.remove_suffix(suffix.size());
      pm = is_pm;
    }
  };
  strip("pm", true);
  if (!pm) strip("am", false);
  if (auto h = word.find('h'); h != std::string_view::npos) {
    auto hours = Number(word.substr(0, h));
    auto mins = Number(word.substr(h + 1));
    if (!hours || !mins || word.size() - h - 1 != 2) return std::nullopt;
    hour = *hours;
    minute = *mins;
    clock.meridiem = true;
  } else {
    auto hours = Number(word);
    if (!hours) return std::nullopt;
    hour = *hours;
  }
  if (hour > 24 || minute > 59) return std::nullopt;
  // What follows: "pm", "o'clock", "часов", "утра", "дня", "вечера".
  for (size_t next = at + 1; next < words.size() && next <= at + 2; ++next) {
    std::string_view following = words[next].folded;
    if (!pm && OneOf(following, {"pm", "p"})) {
      pm = true;
    } else if (!pm && OneOf(following, {"am", "утра"})) {
      pm = false;
    } else if (!pm && OneOf(following, {"дня", "вечера", "ночи"})) {
      pm = following != "ночи";
    } else if (OneOf(following, {"o'clock", "oclock", "час", "часа", "часов", "ч"})) {
    } else {
      break;
    }
    ++clock.count;
  }
  if (pm) {
    if (hour > 12) return std::nullopt;
    if (*pm && hour < 12) hour += 12;
    if (!*pm && hour == 12) hour = 0;
    clock.meridiem = true;
  } else if (!clock.meridiem && hour >= 1 && hour <= 7) {
    hour += 12;  // "after 3" in a shop's day is the afternoon
  }
  clock.minutes = hour * 60 + minute;
  return clock;
}

int64_t ToUtcMillis(const date::time_zone* zone, date::local_days day, int minutes_of_day) {
  const auto local = date::local_time<minutes>(day.time_since_epoch() + minutes(minutes_of_day));
  const auto sys = zone->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<milliseconds>(sys.time_since_epoch()).count();
}

}  // namespace

std::string JoinClockTimes(std::string_view text) {
  std::string out(text);
  for (size_t at = 1; at + 1 < out.size(); ++at) {
    if (out[at] == ':' && out[at - 1] >= '0' && out[at - 1] <= '9' && out[at + 1] >= '0' &&
        out[at + 1] <= '9') {
      out[at] = 'h';
    }
  }
  return out;
}

std::optional<When> ParseWhen(std::string_view text, std::string_view timezone, int64_t now_ms,
                              bool expect_time) {
  return ParseWhen(Analyse(JoinClockTimes(text)).words, timezone, now_ms, expect_time);
}

std::optional<When> ParseWhen(const std::vector<Word>& words, std::string_view timezone, int64_t now_ms,
                              bool expect_time) {
  const date::time_zone* zone = Zone(timezone);
  if (zone == nullptr) return std::nullopt;
  const auto now_local = zone->to_local(date::sys_time<milliseconds>(milliseconds(now_ms)));
  const auto today = date::floor<date::days>(now_local);
  const int now_minutes = static_cast<int>(std::chrono::duration_cast<minutes>(now_local - today).count());

  std::optional<date::local_days> day;
  std::optional<int> start;
  std::optional<int> end;
  std::optional<int> tentative_end;  // "до 12" without another time word
  bool exact = false;
  bool something = false;
  std::vector<bool> used(words.size(), false);
  auto use = [&](size_t from, size_t count) {
    for (size_t at = from; at < from + count && at < words.size(); ++at) used[at] = true;
  };
  auto word = [&](size_t at) -> std::string_view {
    return at < words.size() ? std::string_view(words[at].folded) : std::string_view();
  };

  for (size_t at = 0; at < words.size(); ++at) {
    if (used[at]) continue;
    const std::string_view current = word(at);
    // Days.
    if (current == "day" && word(at + 1) == "after" && word(at + 2) == "tomorrow") {
      day = today + date::days(2);
      use(at, 3);
      continue;
    }
    if (OneOf(current, {"today", "tonight", "сегодня"})) {
      day = today;
      use(at, 1);
      if (current == "tonight") start = 17 * 60;
      continue;
    }
    if (OneOf(current, {"tomorrow", "завтра", "tmrw"})) {
      day = today + date::days(1);
      use(at, 1);
      continue;
    }
    if (current == "послезавтра") {
      day = today + date::days(2);
      use(at, 1);
      continue;
    }
    // Dates: "28.11", "28.11.2026", "28 Nov", "Nov 28", "28 ноября".
    if (auto dot = current.find('.'); dot != std::string_view::npos && words[at].has_digit) {
      std::string_view rest = current.substr(dot + 1);
      std::optional<int> year;
      if (auto second = rest.find('.'); second != std::string_view::npos) {
        year = Number(rest.substr(second + 1));
        rest = rest.substr(0, second);
      }
      auto d = Number(current.substr(0, dot));
      auto m = Number(rest);
      if (d && m && *d >= 1 && *d <= 31 && *m >= 1 && *m <= 12 && rest.size() <= 2) {
        int y = year ? (*year < 100 ? 2000 + *year : *year) : 0;
        const auto ymd_today = date::year_month_day(today);
        if (!year) y = static_cast<int>(ymd_today.year());
        auto ymd =
            date::year(y) / date::month(static_cast<unsigned>(*m)) / date::day(static_cast<unsigned>(*d));
        if (ymd.ok()) {
          if (!year && date::local_days(ymd) < today) ymd = date::year(y + 1) / ymd.month() / ymd.day();
          if (ymd.ok()) {
            day = date::local_days(ymd);
            use(at, 1);
            continue;
          }
        }
      }
    }
    if (const unsigned month = MonthOf(current); month != 0 && !words[at].has_digit) {
      std::optional<size_t> day_word;
      if (at > 0 && !used[at - 1] && Number(word(at - 1))) day_word = at - 1;
      if (!day_word && at + 1 < words.size() && Number(word(at + 1))) day_word = at + 1;
      if (day_word) {
        const int d = *Number(word(*day_word));
        const auto ymd_today = date::year_month_day(today);
        auto ymd = ymd_today.year() / date::month(month) / date::day(static_cast<unsigned>(d));
        if (d >= 1 && ymd.ok()) {
          if (date::local_days(ymd) < today)
            ymd = (ymd_today.year() + date::years(1)) / date::month(month) / ymd.day();
          day = date::local_days(ymd);
          use(at, 1);
          use(*day_word, 1);
          continue;
        }
      }
    }
    if (const int weekday = WeekdayOf(current); weekday >= 0 && !day) {
      const auto today_weekday = date::weekday(today).c_encoding();
      const unsigned ahead = (static_cast<unsigned>(weekday) + 7 - today_weekday) % 7;
      day = today + date::days(ahead);
      use(at, 1);
      if (at > 0 && OneOf(word(at - 1), {"next", "this", "on", "в", "во"})) use(at - 1, 1);
      continue;
    }
    // Parts of the day ("good morning" is a greeting, not a time).
    const bool after_good = at > 0 && OneOf(word(at - 1), {"good", "добрый", "доброе", "доброй"});
    if (!after_good && OneOf(current, {"morning", "утром", "утро", "morning's"})) {
      start = 0;
      end = 12 * 60;
      use(at, 1);
      if (at > 0 && OneOf(word(at - 1), {"in", "the"})) use(at - 1, 1);
      continue;
    }
    if (!after_good && OneOf(current, {"afternoon", "днём", "днем"})) {
      start = 12 * 60;
      end = 17 * 60;
      use(at, 1);
      continue;
    }
    if (!after_good && OneOf(current, {"evening", "вечером", "вечер"})) {
      start = 17 * 60;
      end = kDayMinutes;
      use(at, 1);
      continue;
    }
    if (OneOf(current, {"noon", "midday", "полдень", "полудня"})) {
      const bool before = at > 0 && OneOf(word(at - 1), {"before", "до", "until", "till"});
      const bool after = at > 0 && OneOf(word(at - 1), {"after", "после", "from", "с"});
      if (before) {
        end = 12 * 60;
        use(at - 1, 1);
      } else if (after) {
        start = 12 * 60;
        use(at - 1, 1);
      } else {
        start = 12 * 60;
        exact = true;
      }
      use(at, 1);
      continue;
    }
    // Clock times with what comes before them.
    const bool after = OneOf(current, {"after", "после", "from", "с", "со", "since"});
    const bool before = OneOf(current, {"before", "до", "until", "till", "by"});
    const bool at_word = OneOf(current, {"at", "в", "во", "к", "around", "около", "about"});
    if ((after || before || at_word) && at + 1 < words.size() && !used[at + 1]) {
      if (auto clock = ClockAt(words, at + 1)) {
        if (after) {
          start = clock->minutes;
        } else if (before) {
          tentative_end = clock->minutes;
          if (!start) {
            // "from 10 to 12" pairs resolve here too; a lone "до 12" waits for another time word.
          }
        } else if (OneOf(current, {"around", "около", "about"})) {
          start = std::max(0, clock->minutes - 60);
          end = std::min(kDayMinutes, clock->minutes + 60);
        } else {
          start = clock->minutes;
          exact = true;
        }
        if (!before) something = true;
        use(at, 1 + clock->count);
        continue;
      }
    }
    if (OneOf(current, {"to", "-"}) && start && at + 1 < words.size()) {
      if (auto clock = ClockAt(words, at + 1)) {
        end = clock->minutes;
        exact = false;
        use(at, 1 + clock->count);
        continue;
      }
    }
    // A bare "15:00" or "3pm".
    if (words[at].has_digit) {
      auto clock = ClockAt(words, at);
      if (clock && clock->meridiem) {
        start = clock->minutes;
        exact = true;
        something = true;
        use(at, clock->count);
        continue;
      }
    }
  }
  something = something || day || start || end;
  if (tentative_end && (something || expect_time)) {
    end = *tentative_end;
    exact = false;
    something = true;
  }
  if (!something) return std::nullopt;

  When when;
  when.day_named = day.has_value();
  when.exact = exact;
  int from_minutes = start.value_or(0);
  int to_minutes = exact ? from_minutes + 1 : end.value_or(kDayMinutes);
  if (to_minutes <= from_minutes) to_minutes = kDayMinutes;
  if (!day) day = today + date::days(now_minutes >= (exact ? from_minutes : to_minutes) ? 1 : 0);
  when.from = ToUtcMillis(zone, *day, from_minutes);
  when.to = ToUtcMillis(zone, *day, to_minutes);
  if (when.to <= when.from) when.to = when.from + 60'000;
  for (size_t at = 0; at < used.size(); ++at) {
    if (used[at]) when.words.push_back(at);
  }
  return when;
}

LocalTime ToLocal(int64_t unix_ms, std::string_view timezone) {
  const date::time_zone* zone = Zone(timezone);
  const auto sys = date::sys_time<milliseconds>(milliseconds(unix_ms));
  const auto local =
      zone != nullptr ? zone->to_local(sys) : date::local_time<milliseconds>(sys.time_since_epoch());
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd(day);
  const auto time = date::make_time(std::chrono::duration_cast<minutes>(local - day));
  return LocalTime{.year = static_cast<int>(ymd.year()),
                   .month = static_cast<unsigned>(ymd.month()),
                   .day = static_cast<unsigned>(ymd.day()),
                   .weekday = date::weekday(day).c_encoding(),
                   .hour = static_cast<int>(time.hours().count()),
                   .minute = static_cast<int>(time.minutes().count())};
}

std::optional<int64_t> ParseLocalIso(std::string_view text, std::string_view timezone, bool end_of_day) {
  const date::time_zone* zone = Zone(timezone);
  if (zone == nullptr || text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = Number(text.substr(0, 4));
  auto m = Number(text.substr(5, 2));
  auto d = Number(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const auto ymd =
      date::year(*y) / date::month(static_cast<unsigned>(*m)) / date::day(static_cast<unsigned>(*d));
  if (!ymd.ok()) return std::nullopt;
  const date::local_days day(ymd);
  if (text.size() == 10) return ToUtcMillis(zone, end_of_day ? day + date::days(1) : day, 0);
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  std::string_view rest = text.substr(11);
  if (rest.size() < 5 || rest[2] != ':') return std::nullopt;
  auto hour = Number(rest.substr(0, 2));
  auto minute = Number(rest.substr(3, 2));
  if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  rest.remove_prefix(5);
  if (rest.size() >= 3 && rest[0] == ':' && Number(rest.substr(1, 2))) rest.remove_prefix(3);
  if (!rest.empty() && rest[0] == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') rest.remove_prefix(1);
  }
  const int minutes_of_day = *hour * 60 + *minute;
  if (rest.empty()) return ToUtcMillis(zone, day, minutes_of_day);
  int offset = 0;
  if (rest == "Z" || rest == "z") {
    offset = 0;
  } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
    auto oh = Number(rest.substr(1, 2));
    auto om = Number(rest.substr(4, 2));
    if (!oh || !om) return std::nullopt;
    offset = (*oh * 60 + *om) * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const int64_t local_ms = std::chrono::duration_cast<milliseconds>(day.time_since_epoch()).count() +
                           int64_t{minutes_of_day} * 60'000;
  return local_ms - int64_t{offset} * 60'000;
}

std::string LocalIso(int64_t unix_ms, std::string_view timezone) {
  const LocalTime local = ToLocal(unix_ms, timezone);
  char out[32];
  std::snprintf(out, sizeof(out), "%04d-%02u-%02uT%02d:%02d", local.year, local.month, local.day, local.hour,
                local.minute);
  return out;
}

std::string SlotLabel(int64_t unix_ms, std::string_view timezone, std::string_view language) {
  static constexpr std::array<std::string_view, 7> kDaysEn = {"Sun", "Mon", "Tue", "Wed",
                                                              "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 7> kDaysRu = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"};
  static constexpr std::array<std::string_view, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr std::array<std::string_view, 12> kMonthsRu = {
      "янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."};
  const LocalTime local = ToLocal(unix_ms, timezone);
  const bool ru = language == "ru";
  char clock[8];
  std::snprintf(clock, sizeof(clock), "%02d:%02d", local.hour, local.minute);
  return std::string(ru ? kDaysRu[local.weekday] : kDaysEn[local.weekday]) + " " + std::to_string(local.day) +
         " " + std::string(ru ? kMonthsRu[local.month - 1] : kMonthsEn[local.month - 1]) + ", " + clock;
}

}  // namespace x8::assistant
