// Catalogue search over a deterministic synthetic 10,000-item catalogue (mixed English and Russian):
// Build time, and Search latency for a mix of queries with p50/p99 reported as counters (microseconds).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "modules/knowledge/search/index.h"

namespace {

using x8::knowledge::search::Document;
using x8::knowledge::search::Index;
using x8::knowledge::search::Query;
using x8::knowledge::search::Variant;

constexpr size_t kDocumentCount = 10'000;

// A fixed linear congruential generator: the same catalogue on every machine and run.
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

constexpr std::array<std::string_view, 16> kEnglishAdjectives = {
    "red",   "white", "pink",    "yellow", "purple", "fresh",  "classic", "seasonal",
    "large", "small", "premium", "wild",   "spring", "summer", "garden",  "elegant"};
constexpr std::array<std::string_view, 24> kEnglishNouns = {
    "roses",      "lilies",  "tulips",   "orchids",  "peonies", "sunflowers", "daisies",   "carnations",
    "hydrangeas", "bouquet", "basket",   "box",      "wreath",  "succulents", "cactus",    "vase",
    "card",       "haircut", "manicure", "pedicure", "massage", "facial",     "colouring", "consultation"};
constexpr std::array<std::string_view, 14> kRussianAdjectives = {
    "красные", "белые", "розовые", "жёлтые",  "свежие",       "весенние", "летние",
    "большой", "малый", "женская", "мужская", "классический", "нежный",   "яркий"};
constexpr std::array<std::string_view, 20> kRussianNouns = {
    "розы",    "лилии",       "тюльпаны",   "орхидеи",      "пионы",   "подсолнухи", "букет",
    "корзина", "коробка",     "композиция", "венок",        "стрижка", "маникюр",    "педикюр",
    "массаж",  "окрашивание", "укладка",    "консультация", "ваза",    "открытка"};
constexpr std::array<std::string_view, 20> kSyllables = {"ka", "lo", "mi", "ra", "ne", "to", "su",
                                                         "vi", "an", "el", "mo", "ri", "da", "ze",
                                                         "po", "li", "na", "fe", "or", "us"};
constexpr std::array<std::string_view, 10> kCategories = {
    "Bouquets", "Plants", "Extras", "Hair", "Nails", "Букеты", "Растения", "Волосы", "Ногти", "Подарки"};
constexpr std::array<std::string_view, 6> kColours = {"red", "white", "pink", "красный", "белый", "mixed"};
constexpr std::array<std::string_view, 5> kSizes = {"S (11 stems)", "M (25 stems)", "L (51 stems)",
                                                    "one size", "XL"};

std::string CollectionName(Random& random) {
  std::string name;
  for (size_t syllable = 2 + random.Below(2); syllable > 0; --syllable) name += random.Pick(kSyllables);
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::vector<Document> SyntheticCatalogue() {
  Random random(20261125);
  std::vector<Document> documents;
  documents.reserve(kDocumentCount);
  for (size_t position = 0; position < kDocumentCount; ++position) {
    Document document;
    document.id = "itm_" + std::to_string(position);
    const bool russian = random.Below(2) == 0;
    std::string description;
    if (russian) {
      document.name =
          std::string(random.Pick(kRussianAdjectives)) + " " + std::string(random.Pick(kRussianNouns));
      if (random.Below(2) == 0) document.name += " " + std::string(random.Pick(kRussianNouns));
      for (size_t word = 6 + random.Below(7); word > 0; --word) {
        description +=
            std::string(word % 2 == 0 ? random.Pick(kRussianAdjectives) : random.Pick(kRussianNouns)) + " ";
      }
    } else {
      document.name =
          std::string(random.Pick(kEnglishAdjectives)) + " " + std::string(random.Pick(kEnglishNouns));
      if (random.Below(2) == 0) document.name += " " + std::string(random.Pick(kEnglishNouns));
      for (size_t word = 6 + random.Below(7); word > 0; --word) {
        description +=
            std::string(word % 2 == 0 ? random.Pick(kEnglishAdjectives) : random.Pick(kEnglishNouns)) + " ";
      }
    }
    if (random.Below(2) == 0) document.name += " " + CollectionName(random);
    document.description = std::move(description);
    document.category = std::string(random.Pick(kCategories));
    for (size_t variant_position = 0, count = 1 + random.Below(3); variant_position < count;
         ++variant_position) {
      Variant variant;
      variant.id = document.id + "-" + std::to_string(variant_position);
      variant.attributes = {{"colour", std::string(random.Pick(kColours))},
                            {"size", std::string(random.Pick(kSizes))}};
      variant.price_minor = static_cast<int64_t>(500 + random.Below(20'000));
      variant.in_stock = random.Below(10) != 0;
      variant.sku = "SKU-" + std::to_string(position) + "-" + std::to_string(variant_position);
      document.variants.push_back(std::move(variant));
    }
    documents.push_back(std::move(document));
  }
  return documents;
}

// Time this thread spent on the CPU: unlike wall time, not inflated when the machine is busy elsewhere.
double ThreadCpuMicros() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

const Index& SharedIndex() {
  static const Index index = Index::Build(SyntheticCatalogue());
  return index;
}

Query Make(std::string text, std::optional<std::string> category = std::nullopt,
           std::optional<int64_t> max_price = std::nullopt, bool in_stock_only = false) {
  Query query;
  query.text = std::move(text);
  query.category = std::move(category);
  query.max_price_minor = max_price;
  query.in_stock_only = in_stock_only;
  return query;
}

// The mix: exact, multi-word, typo, prefix (typing), filtered, Russian, browse.
std::vector<Query> QueryMix() {
  return {
      Make("roses"),
      Make("red roses bouquet"),
      Make("rsoes"),
      Make("white lilies"),
      Make("tulpis in a basket"),
      Make("orch"),
      Make("sunflowers"),
      Make("roses", "Bouquets", 5000, true),
      Make("red roses 25 stems", std::nullopt, 10000),
      Make("розы"),
      Make("букет роз"),
      Make("стрижка женская"),
      Make("маникур"),
      Make("консультац"),
      Make("", "Ногти", 3000, true),
      Make("premium haircut massage facial bouquet"),
  };
}

void BM_Build(benchmark::State& state) {
  const std::vector<Document> documents = SyntheticCatalogue();
  for (auto _ : state) {
    Index index = Index::Build(documents);
    benchmark::DoNotOptimize(index);
  }
  const Index& index = SharedIndex();
  state.counters["documents"] = static_cast<double>(index.document_count());
  state.counters["terms"] = static_cast<double>(index.term_count());
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond)->Iterations(5);

void ReportPercentiles(benchmark::State& state, std::string_view prefix, std::vector<double>& latencies_us) {
  if (latencies_us.empty()) return;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto percentile = [&latencies_us](double fraction) {
    const auto position = static_cast<size_t>(fraction * static_cast<double>(latencies_us.size() - 1));
    return latencies_us[position];
  };
  const std::string name(prefix);
  state.counters[name + "p50_us"] = percentile(0.50);
  state.counters[name + "p99_us"] = percentile(0.99);
  state.counters[name + "max_us"] = latencies_us.back();
}

// Wall-clock and thread-CPU latency of one Search call.
struct Latencies {
  std::vector<double> wall_us;
  std::vector<double> cpu_us;

  template <class Function>
  void Measure(Function&& function) {
    const double cpu_start = ThreadCpuMicros();
    const auto wall_start = std::chrono::steady_clock::now();
    function();
    wall_us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - wall_start).count());
    cpu_us.push_back(ThreadCpuMicros() - cpu_start);
  }

  void Report(benchmark::State& state) {
    ReportPercentiles(state, "", wall_us);
    ReportPercentiles(state, "cpu_", cpu_us);
  }
};

// One query per iteration, cycling through the mix; latencies recorded individually.
void BM_SearchMix(benchmark::State& state) {
  const Index& index = SharedIndex();
  const std::vector<Query> queries = QueryMix();
  Latencies latencies;
  size_t next = 0;
  for (auto _ : state) {
    latencies.Measure([&] {
      auto hits = index.Search(queries[next]);
      benchmark::DoNotOptimize(hits);
    });
    next = (next + 1) % queries.size();
  }
  latencies.Report(state);
}
BENCHMARK(BM_SearchMix)->Iterations(10'000)->Unit(benchmark::kMicrosecond);

// Each query of the mix on its own, to see which kind costs what.
void BM_SearchOne(benchmark::State& state) {
  const Index& index = SharedIndex();
  const Query query = QueryMix()[static_cast<size_t>(state.range(0))];
  state.SetLabel(query.text.empty() ? "<browse>" : query.text);
  Latencies latencies;
  for (auto _ : state) {
    latencies.Measure([&] {
      auto hits = index.Search(query);
      benchmark::DoNotOptimize(hits);
    });
  }
  latencies.Report(state);
}
BENCHMARK(BM_SearchOne)->DenseRange(0, 15)->Iterations(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
