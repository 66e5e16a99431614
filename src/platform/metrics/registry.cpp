#include "platform/metrics/registry.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace x8::metrics {
namespace {

bool IsNameChar(char c, bool first, bool allow_colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (allow_colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

bool IsValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, allow_colon)) return false;
  }
  return true;
}

void ValidateFamily(std::string_view name, const std::vector<std::string>& label_names, bool histogram) {
  if (!IsValidName(name, /*allow_colon=*/true)) {
    throw std::invalid_argument("invalid metric name: " + std::string(name));
  }
  for (size_t i = 0; i < label_names.size(); ++i) {
    const std::string& label = label_names[i];
    if (!IsValidName(label, /*allow_colon=*/false) || label.starts_with("__") ||
        (histogram && label == "le")) {
      throw std::invalid_argument("invalid label name '" + label + "' for metric " + std::string(name));
    }
    for (size_t j = 0; j < i; ++j) {
      if (label_names[j] == label) {
        throw std::invalid_argument("duplicate label name '" + label + "' for metric " + std::string(name));
      }
    }
  }
}

std::vector<double> NormalizeBounds(std::string_view name, std::vector<double> bounds) {
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0) bounds.pop_back();
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      throw std::invalid_argument("histogram buckets must be finite and strictly increasing: " +
                                  std::string(name));
    }
  }
  return bounds;
}

// Appends `{a="x",b="y"}` (with an optional extra `le` pair), or nothing when there are no labels.
void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  std::span<const std::string> values, std::string_view le = {}) {
  if (names.empty() && le.empty()) return;
  out += '{';
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    out += EscapeLabelValue(values[i]);
    out += '"';
  }
  if (!le.empty()) {
    if (!names.empty()) out += ',';
    out += "le=\"";
    out += le;
    out += '"';
  }
  out += '}';
}

void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  const std::vector<std::string>& label_names, std::span<const std::string> values,
                  double value, std::string_view le = {}) {
  out += name;
  out += suffix;
  AppendLabels(out, label_names, values, le);
  out += ' ';
  out += FormatValue(value);
  out += '\n';
}

void RenderChild(std::string& out, const detail::FamilyBase& family, std::span<const std::string> values,
                 const Counter& counter) {
  AppendSample(out, family.name(), "", family.label_names(), values, counter.Value());
}

void RenderChild(std::string& out, const detail::FamilyBase& family, std::span<const std::string> values,
                 const Gauge& gauge) {
  AppendSample(out, family.name(), "", family.label_names(), values, gauge.Value());
}

void RenderChild(std::string& out, const detail::FamilyBase& family, std::span<const std::string> values,
                 const Histogram& histogram) {
  const Histogram::Snapshot snapshot = histogram.Collect();
  for (size_t i = 0; i < snapshot.upper_bounds.size(); ++i) {
    AppendSample(out, family.name(), "_bucket", family.label_names(), values,
                 static_cast<double>(snapshot.cumulative_counts[i]), FormatValue(snapshot.upper_bounds[i]));
  }
  AppendSample(out, family.name(), "_bucket", family.label_names(), values,
               static_cast<double>(snapshot.count), "+Inf");
  AppendSample(out, family.name(), "_sum", family.label_names(), values, snapshot.sum);
  AppendSample(out, family.name(), "_count", family.label_names(), values,
               static_cast<double>(snapshot.count));
}

template <class Metric>
std::unique_ptr<Metric> MakeChild(const std::shared_ptr<const std::vector<double>>& upper_bounds) {
  if constexpr (std::is_same_v<Metric, Histogram>) {
    return std::make_unique<Histogram>(upper_bounds);
  } else {
    return std::make_unique<Metric>();
  }
}

}  // namespace

void Counter::Inc(double amount) {
  if (!(amount >= 0)) return;
  fraction_.fetch_add(amount, std::memory_order_relaxed);
}

double Counter::Value() const {
  return static_cast<double>(whole_.load(std::memory_order_relaxed)) +
         fraction_.load(std::memory_order_relaxed);
}

Histogram::Histogram(std::shared_ptr<const std::vector<double>> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      bucket_counts_(std::make_unique<std::atomic<uint64_t>[]>(upper_bounds_->size() + 1)) {}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const std::vector<double>& bounds = *upper_bounds_;
  // Buckets are `le` (less than or equal): the first bound >= value.
  const size_t index = std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin();
  bucket_counts_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Collect() const {
  Snapshot snapshot;
  snapshot.upper_bounds = *upper_bounds_;
  snapshot.cumulative_counts.reserve(upper_bounds_->size() + 1);
  // The count is derived from the buckets so that +Inf and _count always agree, even mid-update.
  uint64_t running = 0;
  for (size_t i = 0; i <= upper_bounds_->size(); ++i) {
    running += bucket_counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

const std::vector<double>& DefaultLatencyBuckets() {
  static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  return kBuckets;
}

template <class Metric>
Family<Metric>::Family(std::string name, std::string help, std::vector<std::string> label_names,
                       std::shared_ptr<const std::vector<double>> upper_bounds)
    : FamilyBase(std::move(name), std::move(help), std::move(label_names)),
      upper_bounds_(std::move(upper_bounds)) {
  // A family without labels has exactly one child; create it so it renders (as 0) from the start.
  if (this->label_names().empty())
    children_.emplace(std::vector<std::string>{}, MakeChild<Metric>(upper_bounds_));
}

template <class Metric>
Metric& Family<Metric>::With(std::span<const std::string_view> label_values) {
  if (label_values.size() != label_names().size()) {
    throw std::invalid_argument("metric " + name() + " expects " + std::to_string(label_names().size()) +
                                " label values, got " + std::to_string(label_values.size()));
  }
  {
    std::shared_lock lock(mutex_);
    if (auto it = children_.find(label_values); it != children_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto it = children_.find(label_values);
  if (it == children_.end()) {
    it = children_
             .emplace(std::vector<std::string>(label_values.begin(), label_values.end()),
                      MakeChild<Metric>(upper_bounds_))
             .first;
  }
  return *it->second;
}

template <class Metric>
std::string_view Family<Metric>::type() const {
  if constexpr (std::is_same_v<Metric, Counter>) return "counter";
  if constexpr (std::is_same_v<Metric, Gauge>) return "gauge";
  if constexpr (std::is_same_v<Metric, Histogram>) return "histogram";
}

template <class Metric>
void Family<Metric>::RenderTo(std::string& out) const {
  std::shared_lock lock(mutex_);
  if (children_.empty()) return;
  out += "# HELP ";
  out += name();
  out += ' ';
  out += EscapeHelp(help());
  out += "\n# TYPE ";
  out += name();
  out += ' ';
  out += type();
  out += '\n';
  for (const auto& [values, child] : children_) RenderChild(out, *this, values, *child);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <class Metric>
Family<Metric>& Registry::Register(std::string_view name, std::string_view help,
                                   std::vector<std::string> label_names,
                                   std::shared_ptr<const std::vector<double>> upper_bounds) {
  ValidateFamily(name, label_names, std::is_same_v<Metric, metrics::Histogram>);
  std::unique_lock lock(mutex_);
  if (auto it = families_.find(name); it != families_.end()) {
    auto* existing = dynamic_cast<Family<Metric>*>(it->second.get());
    const bool same_bounds =
        existing != nullptr && (upper_bounds == nullptr || *existing->upper_bounds() == *upper_bounds);
    if (existing == nullptr || existing->help() != help || existing->label_names() != label_names ||
        !same_bounds) {
      throw std::invalid_argument("metric " + std::string(name) +
                                  " is already registered with another shape");
    }
    return *existing;
  }
  auto family = std::make_unique<Family<Metric>>(std::string(name), std::string(help), std::move(label_names),
                                                 std::move(upper_bounds));
  Family<Metric>& result = *family;
  families_.emplace(std::string(name), std::move(family));
  return result;
}

CounterFamily& Registry::Counter(std::string_view name, std::string_view help,
                                 std::vector<std::string> label_names) {
  return Register<metrics::Counter>(name, help, std::move(label_names), nullptr);
}

GaugeFamily& Registry::Gauge(std::string_view name, std::string_view help,
                             std::vector<std::string> label_names) {
  return Register<metrics::Gauge>(name, help, std::move(label_names), nullptr);
}

HistogramFamily& Registry::Histogram(std::string_view name, std::string_view help,
                                     std::vector<std::string> label_names, std::vector<double> upper_bounds) {
  auto bounds = std::make_shared<const std::vector<double>>(NormalizeBounds(name, std::move(upper_bounds)));
  return Register<metrics::Histogram>(name, help, std::move(label_names), std::move(bounds));
}

std::string Registry::Render() const {
  std::string out;
  std::shared_lock lock(mutex_);
  for (const auto& [name, family] : families_) family->RenderTo(out);
  return out;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general);
  return std::string(buffer, result.ptr);
}

}  // namespace x8::metrics
