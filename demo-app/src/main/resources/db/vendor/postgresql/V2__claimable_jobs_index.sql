-- The claim query walks the pending jobs in id order. Without this index the planner may walk the
-- primary key and filter out every done job on each claim (it does whenever the statistics still say
-- that most jobs are pending, for example after a bulk insert), so each claim gets slower as jobs are
-- done. The partial index holds only pending jobs, whatever the statistics say.
CREATE INDEX jobs_claimable ON jobs (id) WHERE status = 'PENDING';
