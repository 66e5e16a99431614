// Prometheus-style metrics: counters, gauges and histograms grouped in labelled families, rendered in
// the text exposition format 0.0.4.
//
// Hot path: resolve a child once with family.With({...}) and keep the reference (it stays valid for
// the registry's lifetime); updates on it are lock-free atomics. With() itself takes a shared lock
// and allocates only the first time a label combination is seen.
//
// Misuse (invalid names, wrong number of label values, one name registered twice with a different
// shape) is a programming error and throws std::invalid_argument.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace x8::metrics {

class Counter {
 public:
  void Inc() { whole_.fetch_add(1, std::memory_order_relaxed); }
  // Counters only go up: a negative or NaN amount is ignored.
  void Inc(double amount);
  double Value() const;

 private:
  // Whole increments use an integer add (one instruction); fractional ones a CAS loop on a double.
  std::atomic<uint64_t> whole_{0};
  std::atomic<double> fraction_{0.0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double amount) { value_.fetch_add(amount, std::memory_order_relaxed); }
  void Inc() { Add(1.0); }
  void Dec() { Add(-1.0); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  // `upper_bounds` must be strictly increasing; a trailing +Inf is implied (and dropped if given).
  explicit Histogram(std::shared_ptr<const std::vector<double>> upper_bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;         // without +Inf
    std::vector<uint64_t> cumulative_counts;  // one per bound, then one for +Inf (== count)
    double sum = 0.0;
    uint64_t count = 0;
  };
  Snapshot Collect() const;

 private:
  std::shared_ptr<const std::vector<double>> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> bucket_counts_;  // per bucket, not cumulative; last is +Inf
  std::atomic<double> sum_{0.0};
};

// 0.5 ms … 10 s, for request latencies measured in seconds.
const std::vector<double>& DefaultLatencyBuckets();

namespace detail {

// Orders label-value tuples; transparent so a lookup with string_views allocates nothing.
struct LabelValuesLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](std::string_view x, std::string_view y) { return x < y; });
  }
};

class FamilyBase {
 public:
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  virtual std::string_view type() const = 0;
  virtual void RenderTo(std::string& out) const = 0;

 protected:
  FamilyBase(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

}  // namespace detail

template <class Metric>
class Family final : public detail::FamilyBase {
 public:
  // `upper_bounds` is used by histogram families only.
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::shared_ptr<const std::vector<double>> upper_bounds = nullptr);

  // Label values in the order of the family's label names. The reference stays valid as long as the
  // registry lives: cache it on the hot path.
  Metric& With(std::initializer_list<std::string_view> label_values) {
    return With(std::span<const std::string_view>(label_values.begin(), label_values.size()));
  }
  Metric& With(std::span<const std::string_view> label_values);

  const std::shared_ptr<const std::vector<double>>& upper_bounds() const { return upper_bounds_; }
  std::string_view type() const override;
  void RenderTo(std::string& out) const override;

 private:
  std::shared_ptr<const std::vector<double>> upper_bounds_;
  mutable std::shared_mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>, detail::LabelValuesLess> children_;
};

using CounterFamily = Family<metrics::Counter>;
using GaugeFamily = Family<metrics::Gauge>;
using HistogramFamily = Family<metrics::Histogram>;

extern template class Family<metrics::Counter>;
extern template class Family<metrics::Gauge>;
extern template class Family<metrics::Histogram>;

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Registering the same name again with the same type, help and labels returns the same family.
  CounterFamily& Counter(std::string_view name, std::string_view help,
                         std::vector<std::string> label_names = {});
  GaugeFamily& Gauge(std::string_view name, std::string_view help, std::vector<std::string> label_names = {});
  HistogramFamily& Histogram(std::string_view name, std::string_view help,
                             std::vector<std::string> label_names = {},
                             std::vector<double> upper_bounds = DefaultLatencyBuckets());

  // Text exposition format 0.0.4; families sorted by name, children by label values.
  std::string Render() const;

 private:
  template <class Metric>
  Family<Metric>& Register(std::string_view name, std::string_view help, std::vector<std::string> label_names,
                           std::shared_ptr<const std::vector<double>> upper_bounds);

  mutable std::shared_mutex mutex_;
  std::map<std::string, std::unique_ptr<detail::FamilyBase>, std::less<>> families_;
};

// Escaping for the exposition format, exposed for tests and other exporters.
std::string EscapeLabelValue(std::string_view value);  // backslash, double quote, newline
std::string EscapeHelp(std::string_view help);         // backslash, newline
std::string FormatValue(double value);                 // shortest round-trip (%g style), +Inf/-Inf/NaN

}  // namespace x8::metrics
