"""The batch job: schedule the year's programme in one solve (`job.run_batch`), explain
the seats left empty (`unfilled`) and write the result files (`outputs`)."""
