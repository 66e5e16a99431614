// Errors are values: every fallible operation returns Result<T>. The codes are a closed set;
// platform/http maps them to HTTP statuses and the JSON error body in one place.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <string_view>

namespace x8 {

enum class ErrorCode {
  kInvalidArgument,       // 400: the caller sent something wrong (field, line, position in details)
  kUnauthenticated,       // 401
  kPermissionDenied,      // 403
  kNotFound,              // 404: also what another tenant's id gets
  kMethodNotAllowed,      // 405
  kConflict,              // 409
  kFailedPrecondition,    // 412/422-style: the request is valid but the state forbids it
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kRateLimited,           // 429
  kUnavailable,           // 503: a dependency is down; retrying may help
  kInternal,              // 500: a bug; details are logged, never returned
};

std::string_view ToString(ErrorCode code);
int HttpStatus(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  boost::json::object details;  // e.g. {"field":"price"} or {"line":3,"column":7}

  Error() = default;
  Error(ErrorCode c, std::string msg, boost::json::object d = {})
      : code(c), message(std::move(msg)), details(std::move(d)) {}

  Error&& With(std::string_view key, boost::json::value value) && {
    details[key] = std::move(value);
    return std::move(*this);
  }
  Error& With(std::string_view key, boost::json::value value) & {
    details[key] = std::move(value);
    return *this;
  }
  Error&& With(std::string_view key, std::string_view text) && {
    return std::move(*this).With(key, boost::json::value(boost::json::string(text.data(), text.size())));
  }
  Error& With(std::string_view key, std::string_view text) & {
    return With(key, boost::json::value(boost::json::string(text.data(), text.size())));
  }
  Error&& With(std::string_view key, const char* text) && {
    return std::move(*this).With(key, std::string_view(text));
  }
  Error& With(std::string_view key, const char* text) & { return With(key, std::string_view(text)); }
};

// Shorthands that read well at the call site: `return InvalidArgument("price must be positive")`.
inline Error InvalidArgument(std::string msg) { return {ErrorCode::kInvalidArgument, std::move(msg)}; }
inline Error NotFound(std::string msg) { return {ErrorCode::kNotFound, std::move(msg)}; }
inline Error Conflict(std::string msg) { return {ErrorCode::kConflict, std::move(msg)}; }
inline Error Unavailable(std::string msg) { return {ErrorCode::kUnavailable, std::move(msg)}; }
inline Error Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg)}; }
inline Error FailedPrecondition(std::string msg) { return {ErrorCode::kFailedPrecondition, std::move(msg)}; }

// Thrown only when a caller calls .value() on a failed Result — a bug, not control flow.
class ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error e);
  const Error& error() const { return error_; }

 private:
  Error error_;
};

[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, Error>;
using Status = boost::system::result<void, Error>;

inline Status Ok() { return {}; }

}  // namespace x8

// Propagates a failed Result from the enclosing function: `X8_TRY(auto rows, db.Query(...));`
#define X8_CONCAT_INNER(a, b) a##b
#define X8_CONCAT(a, b) X8_CONCAT_INNER(a, b)
#define X8_TRY(decl, expr) X8_TRY_IMPL(X8_CONCAT(x8_try_, __LINE__), decl, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): `decl` is a declaration, which parentheses would break.
#define X8_TRY_IMPL(tmp, decl, expr)       \
  auto tmp = (expr);                       \
  if (!tmp) return std::move(tmp).error(); \
  decl = std::move(*tmp)
// NOLINTEND(bugprone-macro-parentheses)
#define X8_TRY_STATUS(expr)                                \
  do {                                                     \
    auto x8_status_ = (expr);                              \
    if (!x8_status_) return std::move(x8_status_).error(); \
  } while (0)
