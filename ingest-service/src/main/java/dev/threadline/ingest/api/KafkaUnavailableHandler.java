package dev.threadline.ingest.api;

import dev.threadline.ingest.messaging.KafkaUnavailableException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Kafka did not acknowledge in time: 503 with Retry-After; nothing was accepted, so the caller may retry. */
@Singleton
class KafkaUnavailableHandler extends ErrorResponseProcessorExceptionHandler<KafkaUnavailableException> {

    KafkaUnavailableHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(KafkaUnavailableException exception) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", String.valueOf(exception.retryAfter().toSeconds()));
    }
}
