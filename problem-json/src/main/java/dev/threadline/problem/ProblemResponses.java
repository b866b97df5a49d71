package dev.threadline.problem;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error answers every route of a Threadline service may give, each an RFC 9457 {@link Problem}, declared once for
 * the OpenAPI spec micronaut-openapi writes at compile time: a controller annotated with it documents them for each of
 * its routes, which keeps them out of the controller's code. (No {@code default} response: micronaut-openapi 6.19 writes it as
 * {@code 200}.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ApiResponse(responseCode = "400", description = "The request is invalid: `errors` names each offending field or parameter",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "No bearer token, or one that is not valid",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The token's roles or tenant do not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "A dependency (Kafka, PostgreSQL, the stores) cannot answer now; retry after `Retry-After`",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface ProblemResponses {
}
