// Guided assistant turn latency on a deterministic generated catalogue of 1,000 rows (variants), mixed
// English and Russian, plus the flower-shop sample and its FAQ, behind the real knowledge search index
// (assistant::testing::IndexedCatalogue), so search cost is real. Reports p50/p99 per turn (microseconds,
// wall clock) as counters.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "modules/assistant/domain/guided_engine.h"
#include "modules/assistant/testing/indexed_catalogue.h"

namespace {

using namespace x8;
using assistant::testing::IndexedCatalogue;
using assistant::testing::KnowledgeBase;

constexpr size_t kRows = 1'000;

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state_ >> 33);
  }
  size_t Below(size_t bound) { return Next() % bound; }
  template <class Container>
  const auto& Pick(const Container& items) {
    return items[Below(items.size())];
  }

 private:
  uint64_t state_;
};

constexpr std::array<std::string_view, 12> kAdjectives = {"red",     "white",   "pink",   "yellow",
                                                          "fresh",   "classic", "spring", "garden",
                                                          "красные", "белые",   "нежный", "яркий"};
constexpr std::array<std::string_view, 16> kNouns = {
    "carnations", "lilies", "tulips", "orchids", "peonies", "basket", "box",   "wreath",
    "cactus",     "candle", "розы",   "пионы",   "корзина", "венок",  "свеча", "композиция"};
constexpr std::array<std::string_view, 6> kCategories = {"Bouquets", "Plants",   "Gifts",
                                                         "Букеты",   "Растения", "Подарки"};
constexpr std::array<std::string_view, 4> kSizes = {"S", "M", "L", "XL"};

KnowledgeBase Generated() {
  Random random(20261125);
  KnowledgeBase kb{.kb_id = "gen", .kind = knowledge::KbKind::kProduct, .items = {}};
  size_t rows = 0;
  while (rows < kRows) {
    knowledge::Item item;
    const size_t position = kb.items.size() + 1;
    item.id = "itm_gen_" + std::to_string(position);
    item.name = std::string(random.Pick(kAdjectives)) + " " + std::string(random.Pick(kNouns)) + " " +
                std::to_string(position);
    item.category = std::string(random.Pick(kCategories));
    item.description = "A " + std::string(random.Pick(kAdjectives)) + " " + std::string(random.Pick(kNouns)) +
                       " with " + std::string(random.Pick(kNouns));
    const size_t variants = std::min<size_t>(1 + random.Below(3), kRows - rows);
    for (size_t v = 0; v < variants; ++v) {
      knowledge::Variant variant;
      variant.id = "var_gen_" + std::to_string(position) + "_" + std::to_string(v + 1);
      variant.attributes["size"] = std::string(kSizes[v]);
      variant.price_minor = static_cast<int64_t>(500 + random.Below(20'000));
      variant.currency = "EUR";
      variant.in_stock = random.Below(10) != 0;
      item.variants.push_back(std::move(variant));
    }
    rows += variants;
    kb.items.push_back(std::move(item));
  }
  return kb;
}

IndexedCatalogue& SharedCatalogue() {
  static IndexedCatalogue catalogue = [] {
    using assistant::testing::LoadCsv;
    return IndexedCatalogue(
        {LoadCsv("flowers", knowledge::KbKind::kProduct, assistant::testing::FlowerShopCsv(), "EUR"),
         LoadCsv("faq", knowledge::KbKind::kFaq, assistant::testing::FaqCsv(), "EUR"), Generated()});
  }();
  return catalogue;
}

assistant::TurnInput BaseInput() {
  assistant::TurnInput input;
  input.company = {
      .id = "cmp_bench", .name = "Fleur", .type = "PRODUCT", .currency = "EUR", .timezone = "UTC"};
  return input;
}

void ReportPercentiles(benchmark::State& state, std::vector<double>& latencies_us) {
  if (latencies_us.empty()) return;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto at = [&](double fraction) {
    return latencies_us[static_cast<size_t>(fraction * static_cast<double>(latencies_us.size() - 1))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = latencies_us.back();
}

// One first-turn message each: greeting, product questions (exact, typo, Russian, with size and quantity),
// FAQ, cart, nonsense.
void BM_GuidedFirstTurn(benchmark::State& state) {
  auto engine = assistant::MakeGuidedEngine();
  auto& catalogue = SharedCatalogue();
  const std::vector<std::string> messages = {"Hello",
                                             "red roses",
                                             "I want 2 red roses bouquets size M",
                                             "rsoes",
                                             "белые пионы",
                                             "tulips",
                                             "do you deliver on sundays?",
                                             "cart",
                                             "garden basket x3",
                                             "qwzx blorp",
                                             "хочу две розы",
                                             "Bouquets"};
  std::vector<double> latencies;
  size_t next = 0;
  for (auto _ : state) {
    auto input = BaseInput();
    input.new_messages = {messages[next++ % messages.size()]};
    const auto start = std::chrono::steady_clock::now();
    auto result = engine->Run(input, catalogue);
    latencies.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    benchmark::DoNotOptimize(result);
  }
  ReportPercentiles(state, latencies);
  state.counters["catalogue_rows"] = static_cast<double>(kRows + 10);
}
BENCHMARK(BM_GuidedFirstTurn)->Unit(benchmark::kMicrosecond);

// The demo dialogue, five turns carrying cart and state: "Hello", "red roses", "M", "make it 2", "checkout".
void BM_GuidedDemoDialogue(benchmark::State& state) {
  auto engine = assistant::MakeGuidedEngine();
  auto& catalogue = SharedCatalogue();
  const std::array<std::string_view, 5> turns = {"Hello", "red roses", "M", "make it 2", "checkout"};
  std::vector<double> latencies;
  for (auto _ : state) {
    auto input = BaseInput();
    for (auto turn : turns) {
      input.new_messages = {std::string(turn)};
      const auto start = std::chrono::steady_clock::now();
      auto result = engine->Run(input, catalogue);
      latencies.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
      if (!result) {
        state.SkipWithError(result.error().message.c_str());
        return;
      }
      input.cart = result->cart;
      input.state = result->state;
      input.language = result->language;
    }
    if (input.cart.lines.empty() || input.cart.lines[0].quantity_milli != 2000) {
      state.SkipWithError("the demo dialogue did not end with 2 bouquets");
      return;
    }
  }
  ReportPercentiles(state, latencies);  // per turn
}
BENCHMARK(BM_GuidedDemoDialogue)->Unit(benchmark::kMicrosecond);

// A burst of five messages answered in one turn.
void BM_GuidedBurst(benchmark::State& state) {
  auto engine = assistant::MakeGuidedEngine();
  auto& catalogue = SharedCatalogue();
  std::vector<double> latencies;
  for (auto _ : state) {
    auto input = BaseInput();
    input.new_messages = {"hi", "red roses", "M", "add a glass vase", "total"};
    const auto start = std::chrono::steady_clock::now();
    auto result = engine->Run(input, catalogue);
    latencies.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    benchmark::DoNotOptimize(result);
  }
  ReportPercentiles(state, latencies);
}
BENCHMARK(BM_GuidedBurst)->Unit(benchmark::kMicrosecond);

}  // namespace
