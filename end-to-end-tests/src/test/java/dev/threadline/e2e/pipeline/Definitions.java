package dev.threadline.e2e.pipeline;

/** How each figure of the summary is measured, as the summary states it. */
final class Definitions {

    private static final String TEXT = """
            ## How each figure is measured

            - **Offered rate**: messages per second the load generator (the chaos suite's `LoadGenerator`, in the test JVM)
              sends through `POST /v1/batch` in batches of the conversation mix: ~5 % conversation starts with a first
              message, ~80 % messages by users, agents and assistants, ~8 % status changes open → pending → resolved →
              open, ~7 % read receipts; a command rate of offered ÷ 0.85. Each sender owns its conversations, sends one
              batch at a time on a fixed schedule and does not burst to catch up, so an ingest that answers slowly gets
              less than offered (coordinated omission shows as a lower acknowledged rate, not as latency).
            - **Acknowledged rate**: messages (and events) of the items ingest answered 202, ÷ the time from the step's
              first batch to its last answer. **non-202**: commands not acknowledged, with the batch answers.
            - **Lag in records**: end offsets of conversation-events minus the consumer's position, summed over the 12
              partitions, once a second: thread-service and its search indexer by the offsets they store in PostgreSQL in
              the same transaction as their rows (`consumer_offsets`, groups `thread-service`, `thread-service-search`),
              stats-streams by its group's committed offsets. Transaction markers count as offsets.
            - **Lag in seconds**: for each partition, the first committed record at or after the consumer's position
              (read with `read_committed`, one record batch per partition), aged by now − its timestamp (set by ingest's
              producer when it sent the record); the lag is the largest over the partitions, 0 when the consumer has
              applied every committed record. It says how long the oldest record a consumer has not applied has waited.
            - **Sustained**: the load ran its full time, ingest acknowledged ≥ 95 % of the offered messages/s and
              answered every batch 202, and every lag sample of thread-service and stats-streams taken while the load ran
              was under the lag limit. A step stops early once a lag passes the abort limit (it grows without bound);
              after each step the run waits until both consumers caught up (lag under half the lag limit: the probes
              keep a record or two on its way) and ends the steps if they do not within the drain time, or after the
              first step that was not sustained (unless all steps are asked for).
            - **End-to-end latency**: probe messages, a few per second, each a `POST /v1/batch` of one `postMessage` into
              a probe conversation of its own partition (12 conversations, one per partition), sent while the load runs.
              To the read model: from the 202 until the thread service's event stream
              (`GET /v1/conversations/{id}/events`, which sends after the applying transaction committed and after
              looking up the message's seq) delivers it. To the metrics: from the 202 until a committed value of the
              conversation on `conversation-metrics` (read with `read_committed`, as consoles read it) counts the
              message. No API is polled. A message visible before its 202 arrived counts as 0 ms. `latency.csv` also
              has each probe's time from sending the request.
            - **CPU**: user + system time from `/proc/<pid>/stat` of each process ÷ wall time; PostgreSQL is the
              postmaster, its living backends and (through `cutime`/`cstime`) those that exited. Machine busy from
              `/proc/stat` (user, nice, system, irq, softirq, steal).
            - **Heap**: each JVM logs its collections (`-Xlog:gc`, via `JAVA_TOOL_OPTIONS` for the services); per step
              the peak heap used after a collection, the peak before one and the committed heap (`–`: no collection in
              the step); RSS is `VmRSS` of `/proc/<pid>/status`, sampled once a second. The heap target is judged on the
              peak after a collection over all measured steps; a service without any collection in them never filled
              its young generation, and its committed heap is given instead.
            - **Anchors**: run after the steps on the same broker and PostgreSQL while the services idle;
              `ConsumerPerformance` reads all of conversation-events `read_committed`; `ProducerPerformance` writes records
              of the events' average size with the ingest producer's settings in 100-ms transactions into its own
              12-partition topic; binary COPY (`dev.threadline.bench.thread.ThreadBench (bench module) anchors --limit-variants copy`) writes rows shaped
              like the run's messages (their average content size) into `LIKE messages INCLUDING ALL`, i.e. the same
              primary key `(conversation_id, id)` and `(conversation_id, seq)` index, 500 rows per COPY, one connection.
            - **Correctness**: after the last step and the drain, the chaos suite's audits against the acknowledged
              commands: every acknowledged message stored exactly once, counters, `last_seq`, `last_message_at` and read
              horizons equal to a recount of the messages table; stats-streams' metrics of the first conversations of
              each step and of the probe conversations equal to `StatsReference` computed from their acknowledged
              commands alone; no acknowledged event on a dead-letter topic.
            """;

    private Definitions() {
    }

    static void write(StringBuilder md) {
        md.append(TEXT);
    }
}
