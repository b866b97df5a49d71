package dev.threadline.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Tokens for the local runtime: the HS256 secret that {@code ./threadline up} gives every service (made at first start
 * under the stack's home, never committed), and bearer JWTs signed with it, as an identity provider would issue them:
 * {@code sub}, {@code roles}, {@code tenant}, {@code iat}, {@code nbf}, {@code exp}.
 */
public final class DevelopmentTokens {

    /** The environment variable the services read the secret from. */
    public static final String SECRET_VARIABLE = "THREADLINE_JWT_SECRET";
    static final String SECRET_FILE = "jwt-secret";

    private static final String PROCESS_SECRET = randomSecret();

    private DevelopmentTokens() {
    }

    /**
     * A secret made for this JVM, for the services a test or a benchmark starts from it: they get it as
     * {@link #SECRET_VARIABLE}, and the same JVM mints the tokens it calls them with.
     */
    public static String processSecret() {
        return PROCESS_SECRET;
    }

    /** A token of {@link #processSecret()} for {@code subject} with {@code roles}, no tenant, valid for 12 hours. */
    public static String processToken(String subject, String... roles) {
        return mint(PROCESS_SECRET, subject, List.of(roles), null, Duration.ofHours(12));
    }

    private static String randomSecret() {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The stack's secret in {@code home}, made (48 random bytes, base64url, readable by the owner only) if absent. */
    public static String secret(Path home) {
        Path file = home.resolve(SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                Path fresh = Files.createTempFile(home, SECRET_FILE, ".tmp");
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(fresh, randomSecret());
                Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the development signing secret " + file, e);
        }
    }

    /**
     * A token the services of {@code ./threadline up} accept: signed with the stack's secret in its home (the
     * repository's {@code .threadline}, or {@code THREADLINE_HOME} from {@code environment}), made there if absent.
     */
    public static String stackToken(Map<String, String> environment, String subject, List<String> roles, String tenant,
                                    Duration ttl) {
        Path home = LocalStackSettings.from(ServiceProcess.locateRepoRoot(), environment).home();
        return mint(secret(home), subject, roles, tenant, ttl);
    }

    /** The secret of the local stack whose home {@code environment} names ({@code THREADLINE_HOME}, default .threadline). */
    public static String stackSecret(Map<String, String> environment) {
        return secret(LocalStackSettings.from(ServiceProcess.locateRepoRoot(), environment).home());
    }

    /** A token for {@code subject} with {@code roles} in {@code tenant} (none if null), valid from now for {@code ttl}. */
    public static String mint(String secret, String subject, List<String> roles, String tenant, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", List.copyOf(roles))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return sign(secret, claims.build());
    }

    /** Any claims, signed HS256 with {@code secret}: for tests of what the services accept. */
    public static String sign(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Cannot sign a development token: " + e.getMessage(), e);
        }
    }
}
