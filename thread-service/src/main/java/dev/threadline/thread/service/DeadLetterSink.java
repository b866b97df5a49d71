package dev.threadline.thread.service;

import java.util.List;

/** Where records the projection cannot apply go, so their partition keeps moving and nothing is lost. */
public interface DeadLetterSink {

    /** Publishes the records and returns only once the broker acknowledged all of them. */
    void publish(List<RejectedRecord> rejected);
}
