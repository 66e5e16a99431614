// Durable sending: product code enqueues a "mail.send" job in the same transaction as the change the
// mail is about (a new user, a login challenge); the job worker hands it to the Mailer, retrying
// transient failures with backoff. A mail is therefore sent iff its cause committed, at least once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "platform/jobs/queue.h"
#include "platform/jobs/worker.h"
#include "platform/mail/mailer.h"
#include "platform/mail/smtp_mailer.h"
#include "platform/storage/database.h"

namespace x8::mail {

inline constexpr std::string_view kSendJobKind = "mail.send";
// About 2.3 hours of retries (backoff base 1 s, doubling) before a mail becomes a dead letter: long
// enough to ride out an SMTP outage or a wrong password being fixed.
inline constexpr int kSendMaxAttempts = 14;

std::string MessageToJson(const Message& message);
Result<Message> MessageFromJson(std::string_view json);

// Validates the message (kInvalidArgument) and enqueues it inside `tx`.
Status EnqueueMail(storage::Tx& tx, jobs::Queue& queue, const Message& message);

// Registers the "mail.send" handler. kUnavailable from the mailer retries with backoff; a permanent
// failure (kInvalidArgument: rejected recipient, malformed payload) is dead-lettered at once by the
// worker (see jobs::Handler). After a successful send the job's payload is reduced to its tag, so
// codes and links do not outlive their delivery in the jobs table. `mailer` must outlive the worker.
void RegisterMailJobs(jobs::Worker& worker, Mailer& mailer);

// SMTP when options.smtp_url is set, otherwise the dev outbox on `db`.
Result<std::unique_ptr<Mailer>> MakeMailer(const SmtpOptions& options, storage::Database& db);

}  // namespace x8::mail
