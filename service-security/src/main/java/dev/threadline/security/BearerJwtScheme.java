package dev.threadline.security;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How every Threadline service authenticates callers, declared once for the OpenAPI spec micronaut-openapi writes at
 * compile time: a bearer JWT (docs/security.md). A service's application class carries it, and its
 * {@code @OpenAPIDefinition} requires {@link #NAME} of every operation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SecurityScheme(name = BearerJwtScheme.NAME, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A JWT signed by a configured key (HS256 secret, RSA/EC public key or JWKS), with `sub`, `roles` "
                + "and `tenant` claims; `./threadline token` mints one for the local stack")
public @interface BearerJwtScheme {

    /** The scheme's name in the spec's {@code components.securitySchemes}. */
    String NAME = "bearerJwt";
}
