package dev.threadline.stats.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.HealthAccess;
import dev.threadline.testkit.OpenApiSpec;
import dev.threadline.testkit.TestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may ask stats-streams, over HTTP against a real instance on the real broker: only a bearer JWT signed by a
 * configured key, in force, with the ops or admin role. Every refusal is problem+json; probes, the OpenAPI spec and
 * its Swagger UI need no token.
 */
class StatsAuthenticationIT {

    private static final String SECRET = DevelopmentTokens.processSecret();
    private static final String COUNTS = "/v1/stats/status-counts?dimension=all";

    private static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, settings(Map.of("threadline.jwt.secret", SECRET)));
        awaitReady(server);
    }

    @AfterAll
    static void stop() {
        server.getApplicationContext().close();
    }

    @Test
    void opsAndAdminTokensAreAnswered() {
        for (String role : List.of("ops", "admin")) {
            assertThat(get(COUNTS, token(role)).statusCode()).as(role).isEqualTo(200);
        }
    }

    @Test
    void theConsoleLoadsWithoutATokenButItsDataDoesNot() {
        // Given no token, the console's page, script and style load
        HttpResponse<String> page = get("/console", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Threadline ops console");
        assertThat(get("/console/console.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/console/console.css", null).statusCode()).isEqualTo(200);

        // Then what it shows still needs an ops or admin token
        for (String data : List.of("/v1/stats/pipeline", "/v1/stats/windows")) {
            assertThat(get(data, null).statusCode()).as(data).isEqualTo(401);
            assertThat(get(data, token("agent")).statusCode()).as(data).isEqualTo(403);
            assertThat(get(data, token("ops")).statusCode()).as(data).isEqualTo(200);
        }
        assertThat(get("/v1/stats/windows", token("ops")).body()).contains("\"name\":\"1h\"").contains("\"name\":\"1d\"");
    }

    @Test
    void aRequestWithoutATokenIs401ProblemWithABearerChallenge() {
        HttpResponse<String> answer = get(COUNTS, null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(answer, 401, "A bearer token is required");
    }

    @Test
    void everyTokenThatIsNotValidIs401() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder ops = new JWTClaimsSet.Builder().subject("ops-1").claim("roles", List.of("ops"));
        String valid = token("user");
        String[] parts = valid.split("\\.");
        String opsClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ops.expirationTime(Date.from(now.plusSeconds(3600))).build().toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> invalid = Map.of(
                "malformed", "not-a-jwt",
                "expired", DevelopmentTokens.sign(SECRET, ops.issueTime(Date.from(now.minusSeconds(7200)))
                        .expirationTime(Date.from(now.minusSeconds(60))).build()),
                "not yet valid", DevelopmentTokens.sign(SECRET, ops.issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now.plusSeconds(600))).expirationTime(Date.from(now.plusSeconds(3600))).build()),
                "signed with another key", DevelopmentTokens.mint(UUID.randomUUID() + "-" + UUID.randomUUID(), "ops-1",
                        List.of("ops"), null, Duration.ofHours(1)),
                "alg none", new PlainJWT(new JWTClaimsSet.Builder().subject("ops-1").claim("roles", List.of("ops"))
                        .expirationTime(Date.from(now.plusSeconds(3600))).build()).serialize(),
                "claims changed after signing (user made ops)", parts[0] + "." + opsClaims + "." + parts[2],
                "no subject", DevelopmentTokens.sign(SECRET, new JWTClaimsSet.Builder().claim("roles", List.of("ops"))
                        .expirationTime(Date.from(now.plusSeconds(3600))).build()));

        invalid.forEach((what, token) -> {
            HttpResponse<String> answer = get(COUNTS, token);
            assertThat(answer.statusCode()).as(what).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer error=\"invalid_token\"");
            assertProblem(answer, 401, "The bearer token is not valid");
        });
    }

    @Test
    void aValidTokenWithoutTheOpsOrAdminRoleIs403Problem() {
        for (String role : List.of("user", "agent", "service")) {
            HttpResponse<String> answer = get("/v1/stats/conversations/" + UUID.randomUUID(), token(role));
            assertThat(answer.statusCode()).as(role).isEqualTo(403);
            assertProblem(answer, 403, "roles do not allow");
        }
        assertThat(get(COUNTS, DevelopmentTokens.mint(SECRET, "nobody", List.of(), null, Duration.ofHours(1))).statusCode())
                .as("no roles").isEqualTo(403);
    }

    @Test
    void probesNeedNoTokenButOnlyOpsAndAdminSeeTheDetails() {
        assertThat(HealthAccess.problems(server.getURI(), "user")).isEmpty();
    }

    @Test
    void theOpenApiSpecAndSwaggerUiNeedNoTokenAndTheSpecHoldsEveryRoute() {
        assertThat(OpenApiSpec.problems(server.getURI(), "stats-streams", server.getApplicationContext().getBean(Router.class)))
                .isEmpty();
    }

    @Test
    void tokensSignedByAConfiguredRsaOrEcPublicKeyAreVerifiedWithIt() throws Exception {
        for (String algorithm : List.of("RSA", "EC")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            KeyPair keys = generator.generateKeyPair();
            Path pem = Files.createTempFile("threadline-jwt", ".pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            EmbeddedServer withKey = ApplicationContext.run(EmbeddedServer.class,
                    settings(Map.of("threadline.jwt.public-key", pem.toString())));
            try {
                awaitReady(withKey);
                assertThat(get(withKey, COUNTS, signed(keys.getPrivate())).statusCode()).as(algorithm).isEqualTo(200);
                assertThat(get(withKey, COUNTS, token("ops")).statusCode()).as("HS256 where only " + algorithm + " is trusted")
                        .isEqualTo(401);
            } finally {
                withKey.getApplicationContext().close();
                Files.deleteIfExists(pem);
            }
        }
    }

    @Test
    void tokensOfAnIdentityProviderAreVerifiedWithTheKeysOfItsJwksUrl() throws Exception {
        // Given an identity provider that publishes its RSA signing key as a JWK set over HTTP
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("idp-1").build()).toString();
        HttpServer idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.start();
        // When stats-streams trusts that JWKS URL only (Micronaut's own setting, as docs/security.md says)
        EmbeddedServer withJwks = ApplicationContext.run(EmbeddedServer.class, settings(Map.of(
                "micronaut.security.token.jwt.signatures.jwks.idp.url",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/jwks.json")));
        try {
            awaitReady(withJwks);
            // Then the provider's tokens are let in, and tokens of the development secret are not
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("ops-idp").claim("roles", List.of("ops"))
                    .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").build(), claims);
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            assertThat(get(withJwks, COUNTS, jwt.serialize()).statusCode()).isEqualTo(200);
            assertThat(get(withJwks, COUNTS, token("ops")).statusCode()).isEqualTo(401);
        } finally {
            withJwks.getApplicationContext().close();
            idp.stop(0);
        }
    }

    @Test
    void withoutAnyKeyTheServiceRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, settings(Map.of())).close())
                .hasStackTraceContaining("no key to verify bearer tokens is configured")
                .hasStackTraceContaining("THREADLINE_JWT_SECRET");
    }

    @Test
    void authenticationTurnedOffExplicitlyLetsEveryoneIn() throws Exception {
        EmbeddedServer open = ApplicationContext.run(EmbeddedServer.class, settings(Map.of("micronaut.security.enabled", false)));
        try {
            awaitReady(open);
            assertThat(get(open, COUNTS, null).statusCode()).isEqualTo(200);
        } finally {
            open.getApplicationContext().close();
        }
    }

    private static Map<String, Object> settings(Map<String, Object> security) throws IOException {
        TestProperties settings = TestProperties.create();
        security.forEach(settings::with);
        return settings.kafka()
                .with("threadline.stats.application-id", "stats-auth-" + UUID.randomUUID())
                .with("threadline.stats.state-dir", Files.createTempDirectory("stats-auth").toString())
                .with("micronaut.server.port", -1)
                .testEnvironment().objects();
    }

    private static void awaitReady(EmbeddedServer instance) throws InterruptedException {
        assertThat(Eventually.until(Duration.ofMinutes(2), Duration.ofMillis(200),
                () -> get(instance, "/health/readiness", null).statusCode(), status -> status == 200))
                .as("stats-streams ready within 2 minutes").isEqualTo(200);
    }

    private static String token(String role) {
        return DevelopmentTokens.mint(SECRET, role + "-1", List.of(role), "acme", Duration.ofHours(1));
    }

    private static String signed(PrivateKey key) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("ops-idp").claim("roles", List.of("ops"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        SignedJWT jwt;
        if (key instanceof RSAPrivateKey rsa) {
            jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(rsa));
        } else {
            jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
            jwt.sign(new ECDSASigner((ECPrivateKey) key));
        }
        return jwt.serialize();
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String detail) {
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"status\":" + status).contains(detail);
    }

    private static HttpResponse<String> get(String target, String token) {
        return get(server, target, token);
    }

    private static HttpResponse<String> get(EmbeddedServer instance, String target, String token) {
        return HealthAccess.get(instance.getURI(), target, token);
    }
}
