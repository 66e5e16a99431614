#include "platform/mail/delivery.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/json.h"
#include "platform/mail/outbox.h"

namespace x8::mail {
namespace {

jobs::Handler MakeHandler(Mailer& mailer) {
  return [&mailer](const jobs::Job& job, storage::Tx& tx) -> Status {
    X8_TRY(auto message, MessageFromJson(job.payload));
    X8_TRY_STATUS(mailer.Send(message));
    boost::json::object scrubbed{{"tag", message.tag}, {"sent", true}};
    X8_TRY(auto updated,
           tx.Exec("UPDATE jobs SET payload = ? WHERE id = ?", {json::Serialize(scrubbed), job.id}));
    (void)updated;
    return Ok();
  };
}

}  // namespace

std::string MessageToJson(const Message& message) {
  return json::Serialize(boost::json::object{{"to", message.to},
                                             {"subject", message.subject},
                                             {"text", message.text},
                                             {"html", message.html},
                                             {"tag", message.tag}});
}

Result<Message> MessageFromJson(std::string_view text) {
  X8_TRY(auto object, json::ParseObject(text));
  Message message;
  X8_TRY(message.to, json::RequireString(object, "to"));
  X8_TRY(message.subject, json::RequireString(object, "subject"));
  X8_TRY(message.text, json::RequireString(object, "text"));
  X8_TRY(auto html, json::OptionalString(object, "html"));
  X8_TRY(auto tag, json::OptionalString(object, "tag"));
  message.html = html.value_or("");
  message.tag = tag.value_or("");
  return message;
}

Status EnqueueMail(storage::Tx& tx, jobs::Queue& queue, const Message& message) {
  X8_TRY_STATUS(ValidateMessage(message));
  X8_TRY(auto enqueued, queue.Enqueue(tx, {.kind = std::string(kSendJobKind),
                                           .payload = MessageToJson(message),
                                           .max_attempts = kSendMaxAttempts}));
  (void)enqueued;
  return Ok();
}

void RegisterMailJobs(jobs::Worker& worker, Mailer& mailer) {
  worker.Register(std::string(kSendJobKind), MakeHandler(mailer));
}

Result<std::unique_ptr<Mailer>> MakeMailer(const SmtpOptions& options, storage::Database& db) {
  if (options.smtp_url.empty()) return std::unique_ptr<Mailer>(std::make_unique<OutboxMailer>(db));
  X8_TRY(auto smtp, SmtpMailer::Create(options));
  return std::unique_ptr<Mailer>(std::move(smtp));
}

}  // namespace x8::mail
