package dev.threadline.ingest.api;

import dev.threadline.ingest.messaging.KafkaUnavailableException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Kafka did not commit within the caller's wait: 503 problem+json with Retry-After. Its detail says
 * whether nothing was published (retry freely) or the outcome is not known yet (retry with the same
 * Idempotency-Key, which is answered with the original response and never publishes twice).
 */
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
