package dev.threadline.thread.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.ConversationReadModel;
import dev.threadline.thread.service.LiveEvents;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /v1/conversations/{id}/events}: Server-Sent Events of the conversation's events as
 * this instance applies them; {@code event} is the payload type, {@code id} the event id.
 * A {@code heartbeat} event at once and then every 20 s: the first one makes the server send the
 * status line and headers immediately (a response is committed with its first item), so clients
 * and proxies see the stream open on a quiet conversation; the later ones keep idle connections
 * open through proxies and the server's idle timeout. Browsers' EventSource ignores named events
 * nobody listens for.
 */
@Controller("/v1/conversations")
@ProblemResponses
class LiveEventsController {

    static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final ConversationReadModel readModel;
    private final LiveEvents liveEvents;
    private final ReadAccess access;

    LiveEventsController(ConversationReadModel readModel, LiveEvents liveEvents, ReadAccess access) {
        this.readModel = readModel;
        this.liveEvents = liveEvents;
        this.access = access;
    }

    @Get(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Publisher<Event<Object>> events(@PathVariable String id, HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        query.pathUuid("id", id);
        query.check();
        if (!readModel.exists(id, scope)) {
            throw ConversationQueryController.notFound(id);
        }
        Flux<Event<Object>> events = liveEvents.subscribe(id)
                .map(event -> Event.<Object>of(event).name(event.type()).id(event.eventId()));
        Flux<Event<Object>> heartbeats = Flux.interval(Duration.ZERO, HEARTBEAT).map(tick -> Event.<Object>of(Map.of()).name("heartbeat"));
        return Flux.merge(events, heartbeats);
    }
}
