#include "platform/http/router.h"

#include <stdexcept>

namespace x8::http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::map<std::string, const Route*, std::less<>> methods;
};

namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsParam(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route must start with /: " + pattern);
  Node* node = root_.get();
  for (auto seg : Split(pattern)) {
    if (IsParam(seg)) {
      std::string name(seg.substr(1, seg.size() - 2));
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param->param_name = name;
      } else if (node->param->param_name != name) {
        throw std::invalid_argument("conflicting parameter names at " + pattern);
      }
      node = node->param.get();
    } else {
      auto& child = node->literals[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (node->methods.contains(method))
    throw std::invalid_argument("duplicate route " + method + " " + pattern);
  routes_.push_back(std::make_unique<Route>(
      Route{std::move(method), std::move(pattern), std::move(handler), std::move(options)}));
  node->methods[routes_.back()->method] = routes_.back().get();
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  const Node* node = root_.get();
  for (auto seg : Split(path)) {
    if (auto it = node->literals.find(seg); it != node->literals.end()) {
      node = it->second.get();
    } else if (node->param) {
      node = node->param.get();
      match.params.emplace_back(node->param_name, std::string(seg));
    } else {
      return {};
    }
  }
  if (node->methods.empty()) return {};
  auto it = node->methods.find(method);
  if (it == node->methods.end() && method == "HEAD") it = node->methods.find("GET");
  if (it == node->methods.end()) {
    match.kind = RouteMatch::Kind::kMethodNotAllowed;
    for (const auto& [m, _] : node->methods) match.allowed_methods.push_back(m);
    match.params.clear();
    return match;
  }
  match.kind = RouteMatch::Kind::kFound;
  match.route = it->second;
  return match;
}

size_t Router::MaxBodyBytes(std::string_view method, std::string_view path, size_t fallback) const {
  auto m = Match(method, path);
  if (m.kind == RouteMatch::Kind::kFound && m.route->options.max_body_bytes > 0) {
    return m.route->options.max_body_bytes;
  }
  return fallback;
}

std::vector<const Route*> Router::Routes() const {
  std::vector<const Route*> out;
  for (const auto& r : routes_) out.push_back(r.get());
  return out;
}

}  // namespace x8::http
