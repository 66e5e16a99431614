// Times in words (en/ru) for offering slots: "tomorrow after 3pm", "Friday morning", "28.11 at 10",
// "Nov 28", "10:30", "before noon", "в субботу утром", "завтра после 15", "послезавтра". Resolved in the
// company's IANA zone relative to "now". Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/assistant/domain/text.h"

namespace x8::assistant {

struct When {
  int64_t from = 0;  // unix ms UTC, inclusive
  int64_t to = 0;    // exclusive
  bool day_named = false;
  // An exact start ("at 10", "10:30", "28.11 15:00"): the local time the customer named.
  bool exact = false;
  std::vector<size_t> words;  // indexes of the words the expression used
};

// "15:00" → "15h00", so the clock time stays one word through Analyse (which splits at ':').
std::string JoinClockTimes(std::string_view text);

// The first time expression in `words` (Analyse of JoinClockTimes(text)); nullopt when there is none or
// the zone is unknown. `expect_time`: a bare "before 12" / "до 12" counts as a time (otherwise it needs
// another time word beside it, since "до 12" is also a price bound).
std::optional<When> ParseWhen(const std::vector<Word>& words, std::string_view timezone, int64_t now_ms,
                              bool expect_time = false);
std::optional<When> ParseWhen(std::string_view text, std::string_view timezone, int64_t now_ms,
                              bool expect_time = false);

// Local wall-clock fields of an instant in `timezone` (UTC when unknown).
struct LocalTime {
  int year = 0;
  unsigned month = 0;  // 1–12
  unsigned day = 0;
  unsigned weekday = 0;  // 0 = Sunday
  int hour = 0;
  int minute = 0;
};
LocalTime ToLocal(int64_t unix_ms, std::string_view timezone);

// A local date "2026-11-28" (its midnight; with `end_of_day` the next midnight) or date and time
// "2026-11-28T15:00[:00]" in `timezone`, as unix ms; an instant with "Z" or an offset is taken as is.
// nullopt when malformed or the zone is unknown.
std::optional<int64_t> ParseLocalIso(std::string_view text, std::string_view timezone,
                                     bool end_of_day = false);
// "2026-11-28T15:00" in `timezone`.
std::string LocalIso(int64_t unix_ms, std::string_view timezone);

// "Sat 28 Nov, 15:00" / "сб 28 нояб., 15:00" in `timezone`.
std::string SlotLabel(int64_t unix_ms, std::string_view timezone, std::string_view language);

}  // namespace x8::assistant
