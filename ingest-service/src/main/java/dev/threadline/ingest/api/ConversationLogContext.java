package dev.threadline.ingest.api;

import dev.threadline.schemas.logging.LogContext;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command about an existing conversation logs with its id: the id in the request's path goes into the logging
 * context ({@link LogContext#CONVERSATION_ID}) for the whole request, on whichever thread handles it.
 */
@ServerFilter("/v1/conversations/**")
class ConversationLogContext {

    private static final Pattern CONVERSATION_PATH = Pattern.compile("^/v1/conversations/([^/]+)");

    @RequestFilter
    void putConversationId(HttpRequest<?> request, MutablePropagatedContext context) {
        Matcher path = CONVERSATION_PATH.matcher(request.getPath());
        if (path.find()) {
            context.add(new MdcPropagationContext(Map.of(LogContext.CONVERSATION_ID, path.group(1))));
        }
    }
}
