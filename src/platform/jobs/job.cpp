#include "platform/jobs/job.h"

namespace x8::jobs {

std::string_view ToString(JobState state) {
  switch (state) {
    case JobState::kPending:
      return "pending";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kDead:
      return "dead";
  }
  return "pending";
}

Result<JobState> ParseJobState(std::string_view text) {
  for (JobState state : {JobState::kPending, JobState::kRunning, JobState::kDone, JobState::kDead}) {
    if (ToString(state) == text) return state;
  }
  return InvalidArgument("unknown job state: " + std::string(text));
}

Result<Job> JobFromRow(const storage::Row& row) {
  X8_TRY(auto state, ParseJobState(row.Text("state")));
  return Job{
      .id = row.Text("id"),
      .kind = row.Text("kind"),
      .payload = row.Text("payload"),
      .state = state,
      .attempts = row.Int("attempts"),
      .max_attempts = row.Int("max_attempts"),
      .scheduled_at = row.Int("scheduled_at"),
      .run_at = row.Int("run_at"),
      .unique_key = row.OptText("unique_key"),
      .serial_key = row.OptText("serial_key"),
      .locked_by = row.OptText("locked_by"),
      .lease_expires_at = row.OptInt("lease_expires_at"),
      .last_error = row.OptText("last_error"),
      .created_at = row.Int("created_at"),
      .updated_at = row.Int("updated_at"),
      .finished_at = row.OptInt("finished_at"),
  };
}

}  // namespace x8::jobs
