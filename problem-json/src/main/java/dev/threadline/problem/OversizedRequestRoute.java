package dev.threadline.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.netty.handler.codec.TooLongFrameException;

/**
 * The global route for 413. Micronaut gives a request its decoder failed on (a URL or headers over the limits) status
 * 413 without asking anyone; with this route present it raises the decoder's exception instead, before this method
 * runs, so {@link OversizedRequestHandler} can answer it with the status that fits. Any other 413 is answered here.
 */
@Controller
class OversizedRequestRoute {

    private final OversizedRequestHandler handler;

    OversizedRequestRoute(OversizedRequestHandler handler) {
        this.handler = handler;
    }

    @Error(status = HttpStatus.REQUEST_ENTITY_TOO_LARGE, global = true)
    HttpResponse<?> tooLarge(HttpRequest<?> request) {
        return handler.handle(request, new TooLongFrameException("The request is too large"));
    }
}
