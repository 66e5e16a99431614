#include "platform/mail/delivery.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/json.h"
#include "platform/mail/outbox.h"

namespace x8::mail {
namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The worker only knows "retry, then dead-letter after max_attempts"; a rejected recipient will never
// be accepted, so the job is moved to `dead` here, guarded by this attempt's lease exactly as the
// worker's own state changes are. The worker's failure bookkeeping then finds no running row and
// leaves it alone.
Status DeadLetterNow(storage::Database& db, const std::string& worker_id, const jobs::Job& job,
                     const std::string& reason) {
  int64_t now = NowMillis();
  X8_TRY(auto changed,
         db.Exec("UPDATE jobs SET state = 'dead', last_error = ?, finished_at = ?, updated_at = ?, "
                 "locked_by = NULL, lease_expires_at = NULL "
                 "WHERE id = ? AND locked_by = ? AND attempts = ? AND state = 'running'",
                 {"permanent: " + reason, now, now, job.id, worker_id, job.attempts}));
  if (changed == 1) spdlog::error("mail: job {} dead-lettered: {}", job.id, reason);
  return Ok();
}

jobs::Handler MakeHandler(Mailer& mailer, storage::Database* db, std::string worker_id) {
  return [&mailer, db, worker_id = std::move(worker_id)](const jobs::Job& job, storage::Tx& tx) -> Status {
    auto message = MessageFromJson(job.payload);
    Status sent = message ? mailer.Send(*message) : Status(message.error());
    if (!sent) {
      Error error = sent.error();
      if (error.code == ErrorCode::kInvalidArgument && db != nullptr) {
        X8_TRY_STATUS(DeadLetterNow(*db, worker_id, job, error.message));
      }
      return error;
    }
    boost::json::object scrubbed{{"tag", message->tag}, {"sent", true}};
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

void RegisterMailJobs(jobs::Worker& worker, Mailer& mailer, storage::Database& db) {
  worker.Register(std::string(kSendJobKind), MakeHandler(mailer, &db, worker.worker_id()));
}

void RegisterMailJobs(jobs::Worker& worker, Mailer& mailer) {
  worker.Register(std::string(kSendJobKind), MakeHandler(mailer, nullptr, worker.worker_id()));
}

Result<std::unique_ptr<Mailer>> MakeMailer(const SmtpOptions& options, storage::Database& db) {
  if (options.smtp_url.empty()) return std::unique_ptr<Mailer>(std::make_unique<OutboxMailer>(db));
  X8_TRY(auto smtp, SmtpMailer::Create(options));
  return std::unique_ptr<Mailer>(std::move(smtp));
}

}  // namespace x8::mail
