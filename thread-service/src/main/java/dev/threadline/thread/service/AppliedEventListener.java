package dev.threadline.thread.service;

import dev.threadline.events.ConversationEvent;
import java.util.List;

/**
 * Told about events once the transaction that applied them has committed, so what it passes on is
 * already readable through the API. The projection calls it on its consumer thread: an
 * implementation must return at once and must not throw.
 */
public interface AppliedEventListener {

    /** Events of one committed batch, in partition order; dead-lettered records are not among them. */
    void applied(List<ConversationEvent> events);
}
