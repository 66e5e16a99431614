#include "tests/emulators/openai_emulator.h"

#include <boost/json.hpp>
#include <chrono>
#include <regex>
#include <set>
#include <thread>
#include <vector>

namespace x8::emulators {
namespace {

namespace bj = boost::json;
using http::Request;
using http::Response;

Response OpenAiError(int status, std::string message, std::string_view type, bj::value code = nullptr,
                     bj::value param = nullptr) {
  return Json(bj::object{{"error", bj::object{{"message", std::move(message)},
                                              {"type", type},
                                              {"param", std::move(param)},
                                              {"code", std::move(code)}}}},
              status);
}

bool IsText(const bj::value* value) { return value != nullptr && (value->is_string() || value->is_array()); }

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string ChatRequestProblem(const bj::object& body, std::string& param) {
  const auto* model = body.if_contains("model");
  if (model == nullptr || !model->is_string() || model->as_string().empty()) {
    param = "model";
    return "you must provide a model parameter";
  }
  const auto* messages = body.if_contains("messages");
  if (messages == nullptr || !messages->is_array() || messages->as_array().empty()) {
    param = "messages";
    return "'messages' must be a non-empty array";
  }
  static const std::set<std::string, std::less<>> kRoles{"system", "developer", "user", "assistant", "tool"};
  std::set<std::string> awaited;  // tool_call ids of the last assistant message still unanswered
  const auto& list = messages->as_array();
  for (size_t position = 0; position < list.size(); ++position) {
    const std::string where = "messages.[" + std::to_string(position) + "]";
    if (!list[position].is_object()) {
      param = where;
      return "each message must be an object";
    }
    const auto& message = list[position].as_object();
    const auto* role = message.if_contains("role");
    if (role == nullptr || !role->is_string() || !kRoles.contains(std::string_view(role->as_string()))) {
      param = where + ".role";
      return "Invalid value for 'role': each message needs one of system, developer, user, assistant, tool.";
    }
    const std::string_view role_name = role->as_string();
    if (role_name != "tool" && !awaited.empty()) {
      param = "messages.[" + std::to_string(position) + "].role";
      std::string ids;
      for (const auto& id : awaited) ids += (ids.empty() ? "" : ", ") + id;
      return "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
             "'tool_call_id'. The following tool_call_ids did not have response messages: " +
             ids;
    }
    const auto* content = message.if_contains("content");
    if (role_name == "tool") {
      const auto* id = message.if_contains("tool_call_id");
      if (id == nullptr || !id->is_string() || !awaited.contains(std::string(id->as_string()))) {
        param = where + ".tool_call_id";
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with "
               "'tool_calls'.";
      }
      awaited.erase(std::string(id->as_string()));
      if (!IsText(content)) {
        param = where + ".content";
        return "a tool message needs string content";
      }
      continue;
    }
    if (role_name == "assistant") {
      const auto* calls = message.if_contains("tool_calls");
      const bool has_calls = calls != nullptr && calls->is_array() && !calls->as_array().empty();
      if (!has_calls && !IsText(content)) {
        param = where + ".content";
        return "an assistant message needs content or tool_calls";
      }
      if (calls != nullptr && !calls->is_null() && !calls->is_array()) {
        param = where + ".tool_calls";
        return "tool_calls must be an array";
      }
      if (has_calls) {
        size_t call_position = 0;
        for (const auto& entry : calls->as_array()) {
          const std::string call_where = where + ".tool_calls.[" + std::to_string(call_position++) + "]";
          const auto* call = entry.if_object();
          const auto* id = call != nullptr ? call->if_contains("id") : nullptr;
          const auto* type = call != nullptr ? call->if_contains("type") : nullptr;
          const auto* function = call != nullptr ? call->if_contains("function") : nullptr;
          if (id == nullptr || !id->is_string() || id->as_string().empty()) {
            param = call_where + ".id";
            return "a tool call needs an id";
          }
          if (type == nullptr || !type->is_string() || type->as_string() != "function") {
            param = call_where + ".type";
            return "a tool call's type must be 'function'";
          }
          const auto* name = function != nullptr && function->is_object()
                                 ? function->as_object().if_contains("name")
                                 : nullptr;
          const auto* arguments = function != nullptr && function->is_object()
                                      ? function->as_object().if_contains("arguments")
                                      : nullptr;
          if (name == nullptr || !name->is_string() || arguments == nullptr || !arguments->is_string()) {
            param = call_where + ".function";
            return "a tool call's function needs a name and arguments as a JSON string";
          }
          awaited.insert(std::string(id->as_string()));
        }
      }
      continue;
    }
    if (!IsText(content)) {
      param = where + ".content";
      return "a " + std::string(role_name) + " message needs content";
    }
  }
  if (!awaited.empty()) {
    param = "messages";
    return "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
           "'tool_call_id'.";
  }
  const auto* tools = body.if_contains("tools");
  if (tools != nullptr && !tools->is_null()) {
    if (!tools->is_array()) {
      param = "tools";
      return "tools must be an array";
    }
    static const std::regex kName("^[a-zA-Z0-9_-]{1,64}$");
    size_t position = 0;
    for (const auto& entry : tools->as_array()) {
      const std::string where = "tools.[" + std::to_string(position++) + "]";
      const auto* tool = entry.if_object();
      const auto* type = tool != nullptr ? tool->if_contains("type") : nullptr;
      const auto* function = tool != nullptr ? tool->if_contains("function") : nullptr;
      if (type == nullptr || !type->is_string() || type->as_string() != "function" || function == nullptr ||
          !function->is_object()) {
        param = where;
        return "each tool needs type 'function' and a function object";
      }
      const auto* name = function->as_object().if_contains("name");
      if (name == nullptr || !name->is_string() || !std::regex_match(std::string(name->as_string()), kName)) {
        param = where + ".function.name";
        return "a function name must match ^[a-zA-Z0-9_-]{1,64}$";
      }
      const auto* parameters = function->as_object().if_contains("parameters");
      if (parameters != nullptr && !parameters->is_object()) {
        param = where + ".function.parameters";
        return "parameters must be a JSON schema object";
      }
    }
  }
  if (const auto* choice = body.if_contains("tool_choice"); choice != nullptr && !choice->is_null()) {
    const bool has_tools = tools != nullptr && tools->is_array() && !tools->as_array().empty();
    if (!has_tools) {
      param = "tool_choice";
      return "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.";
    }
    const bool valid_text =
        choice->is_string() &&
        (choice->as_string() == "none" || choice->as_string() == "auto" || choice->as_string() == "required");
    if (!valid_text && !choice->is_object()) {
      param = "tool_choice";
      return "tool_choice must be none, auto, required or a named function";
    }
  }
  return "";
}

OpenAiEmulator::OpenAiEmulator(OpenAiOptions options)
    : defaults_(std::move(options)), api_key_(defaults_.api_key) {}

void OpenAiEmulator::Reset() {
  std::lock_guard lock(mu_);
  api_key_ = defaults_.api_key;
  script_.clear();
  requests_.clear();
  completions_ = 0;
  calls_ = 0;
}

void OpenAiEmulator::Register(http::Router& router) {
  router.Add(
      "POST", "/v1/chat/completions", [this](Request& r) { return ChatCompletions(r); }, PublicRoute());
  router.Add(
      "POST", "/__control/openai/script", [this](Request& r) { return Script(r); }, PublicRoute());
  router.Add(
      "GET", "/__control/openai/requests", [this](Request&) { return Requests(); }, PublicRoute());
  router.Add(
      "POST", "/__control/openai/key", [this](Request& r) { return SetKey(r); }, PublicRoute());
}

Response OpenAiEmulator::ChatCompletions(const Request& request) {
  {
    std::lock_guard lock(mu_);
    auto authorization = request.headers.Get("Authorization");
    if (!authorization || *authorization != "Bearer " + api_key_) {
      return OpenAiError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
  }
  boost::system::error_code ec;
  auto parsed = bj::parse(request.body, ec);
  if (ec || !parsed.is_object()) {
    return OpenAiError(400, "We could not parse the JSON body of your request.", "invalid_request_error");
  }
  const bj::object& body = parsed.as_object();
  std::string param;
  std::string problem = ChatRequestProblem(body, param);

  bj::object step;
  {
    std::lock_guard lock(mu_);
    requests_.push_back(bj::object{{"status", problem.empty() ? 200 : 400}, {"body", body}});
    if (!problem.empty())
      return OpenAiError(400, problem, "invalid_request_error", nullptr, bj::value(param));
    if (!script_.empty()) {
      step = std::move(script_.front());
      script_.pop_front();
    }
  }
  if (const auto* delay = step.if_contains("delay_ms"); delay != nullptr && delay->is_int64()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay->as_int64()));
  }
  const int64_t status =
      step.contains("status") && step.at("status").is_int64() ? step.at("status").as_int64() : 200;
  if (status != 200) {
    bj::object error{
        {"message", status == 429 ? "Rate limit reached for requests" : "The server had an error"},
        {"type", status == 429 ? "requests" : "server_error"},
        {"param", nullptr},
        {"code", status == 429 ? bj::value("rate_limit_exceeded") : bj::value(nullptr)}};
    if (const auto* custom = step.if_contains("error"); custom != nullptr && custom->is_object()) {
      for (const auto& [key, value] : custom->as_object()) error[key] = value;
    }
    Response response = Json(bj::object{{"error", std::move(error)}}, static_cast<int>(status));
    if (const auto* retry = step.if_contains("retry_after_s"); retry != nullptr && retry->is_int64()) {
      response.headers.Set("Retry-After", std::to_string(retry->as_int64()));
    }
    return response;
  }

  bj::object message{{"role", "assistant"}};
  std::string finish_reason = "stop";
  size_t completion_bytes = 0;
  const auto* calls = step.if_contains("tool_calls");
  if (calls != nullptr && calls->is_array() && !calls->as_array().empty()) {
    bj::array out;
    for (const auto& entry : calls->as_array()) {
      const auto& call = entry.as_object();
      std::string id;
      {
        std::lock_guard lock(mu_);
        id = call.contains("id") ? std::string(call.at("id").as_string())
                                 : "call_emu_" + std::to_string(++calls_);
      }
      const auto& arguments = call.contains("arguments") ? call.at("arguments") : bj::value(bj::object{});
      std::string arguments_text =
          arguments.is_string() ? std::string(arguments.as_string()) : bj::serialize(arguments);
      completion_bytes += arguments_text.size();
      out.push_back(
          bj::object{{"id", id},
                     {"type", "function"},
                     {"function", bj::object{{"name", call.at("name")}, {"arguments", arguments_text}}}});
    }
    message["content"] = step.contains("content") ? step.at("content") : bj::value(nullptr);
    message["tool_calls"] = std::move(out);
    finish_reason = "tool_calls";
  } else {
    const auto* content = step.if_contains("content");
    std::string text = content != nullptr && content->is_string() ? std::string(content->as_string()) : "OK";
    completion_bytes += text.size();
    message["content"] = text;
  }
  int64_t number = 0;
  {
    std::lock_guard lock(mu_);
    number = ++completions_;
  }
  const auto prompt_tokens = static_cast<int64_t>(request.body.size() / 4);
  const auto completion_tokens = static_cast<int64_t>(completion_bytes / 4 + 1);
  return Json(bj::object{{"id", "chatcmpl-emu-" + std::to_string(number)},
                         {"object", "chat.completion"},
                         {"created", NowSeconds()},
                         {"model", body.at("model")},
                         {"choices", bj::array{bj::object{{"index", 0},
                                                          {"message", std::move(message)},
                                                          {"logprobs", nullptr},
                                                          {"finish_reason", finish_reason}}}},
                         {"usage", bj::object{{"prompt_tokens", prompt_tokens},
                                              {"completion_tokens", completion_tokens},
                                              {"total_tokens", prompt_tokens + completion_tokens}}}});
}

Response OpenAiEmulator::Script(const Request& request) {
  bj::object body;
  Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  const auto* responses = body.if_contains("responses");
  if (responses == nullptr || !responses->is_array()) {
    return Json(bj::object{{"error", "responses must be an array"}}, 400);
  }
  for (const auto& entry : responses->as_array()) {
    if (!entry.is_object()) return Json(bj::object{{"error", "each response must be an object"}}, 400);
    if (const auto* calls = entry.as_object().if_contains("tool_calls"); calls != nullptr) {
      if (!calls->is_array()) return Json(bj::object{{"error", "tool_calls must be an array"}}, 400);
      for (const auto& call : calls->as_array()) {
        if (!call.is_object() || !call.as_object().contains("name") ||
            !call.as_object().at("name").is_string()) {
          return Json(bj::object{{"error", "each tool call needs a name"}}, 400);
        }
      }
    }
  }
  std::lock_guard lock(mu_);
  if (const auto* replace = body.if_contains("replace");
      replace != nullptr && replace->is_bool() && replace->as_bool()) {
    script_.clear();
  }
  for (const auto& entry : responses->as_array()) script_.push_back(entry.as_object());
  return Json(bj::object{{"queued", script_.size()}});
}

Response OpenAiEmulator::Requests() {
  std::lock_guard lock(mu_);
  return Json(bj::object{{"requests", requests_}, {"count", requests_.size()}});
}

Response OpenAiEmulator::SetKey(const Request& request) {
  bj::object body;
  Response error;
  if (!ParseJsonBody(request, body, error)) return error;
  const auto* key = body.if_contains("api_key");
  if (key == nullptr || !key->is_string())
    return Json(bj::object{{"error", "api_key must be a string"}}, 400);
  std::lock_guard lock(mu_);
  api_key_ = std::string(key->as_string());
  return http::Response::NoContent();
}

}  // namespace x8::emulators
