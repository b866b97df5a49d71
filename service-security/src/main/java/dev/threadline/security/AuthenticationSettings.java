package dev.threadline.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.StaticJwksSignatureConfiguration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checked at start: with authentication on (the default), a service that could verify no token would turn every caller
 * away, so it refuses to start and says what to configure; with authentication turned off, it warns at every start.
 */
public final class AuthenticationSettings {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationSettings.class);

    private AuthenticationSettings() {
    }

    /** Authentication on: at least one verification key. */
    @Context
    @Requires(property = "micronaut.security.enabled", notEquals = "false")
    public static final class KeysRequired {

        public KeysRequired(List<SignatureConfiguration> keys, List<JwksSignatureConfiguration> jwksUrls,
                            List<StaticJwksSignatureConfiguration> jwksFiles) {
            int sources = keys.size() + jwksUrls.size() + jwksFiles.size();
            if (sources == 0) {
                throw new ConfigurationException("Authentication is on but no key to verify bearer tokens is configured: set "
                        + "THREADLINE_JWT_SECRET (HS256, at least 32 bytes), THREADLINE_JWT_PUBLIC_KEY (a PEM file, RS256/ES256) "
                        + "or MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_IDP_URL (a JWKS URL); or turn authentication off "
                        + "with THREADLINE_AUTH_ENABLED=false (never where real clients can reach the service)");
            }
            LOG.info("Authentication on: bearer JWTs verified by {} key(s) and {} JWK set(s)", keys.size(),
                    jwksUrls.size() + jwksFiles.size());
        }
    }

    /** Authentication off: said loudly at every start. */
    @Context
    @Requires(property = "micronaut.security.enabled", value = "false")
    public static final class Off {

        public Off() {
            LOG.warn("AUTHENTICATION IS OFF (THREADLINE_AUTH_ENABLED=false): every caller is trusted, with no identity, "
                    + "roles or tenant. Never run it this way where real clients can reach the service.");
        }
    }
}
