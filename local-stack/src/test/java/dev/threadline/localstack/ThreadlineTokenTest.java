package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./threadline token}: what it prints, and how it answers a wrong option. */
class ThreadlineTokenTest {

    @TempDir
    Path home;

    @Test
    void printsATokenSignedWithTheStacksSecretWithTheGivenClaims() throws Exception {
        // When a token is minted for an agent of tenant acme, valid for 30 minutes
        Result result = run("--sub", "agent-7", "--role", "agent", "--role", "user", "--tenant", "acme", "--ttl", "30m");

        // Then it is signed with the secret the stack's services get, and says who, what and for how long
        assertThat(result.exitCode()).isZero();
        String secret = DevelopmentTokens.secret(home);
        SignedJWT jwt = SignedJWT.parse(result.out().trim());
        assertThat(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("agent-7");
        assertThat(claims.getStringListClaim("roles")).containsExactly("agent", "user");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(Duration.between(Instant.now(), claims.getExpirationTime().toInstant()))
                .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }

    @Test
    void theSecretIsMadeOnceReadableByItsOwnerOnlyAndLongEnoughForHs256() throws Exception {
        String first = DevelopmentTokens.secret(home);

        assertThat(DevelopmentTokens.secret(home)).isEqualTo(first);
        assertThat(first.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(DevelopmentTokens.SECRET_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void aWrongOptionIsExplainedWithExitCode2() {
        for (List<String> args : List.of(List.of("--sub", "u1"), List.of("--sub", "u1", "--role", "boss"),
                List.of("--sub", "u1", "--role", "user", "--ttl", "forever"), List.of("--sub"),
                List.of("--sub", "u1", "--role", "user", "--color", "blue"))) {
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(args.toString()).isEqualTo(2);
            assertThat(result.err()).as(args.toString()).startsWith("threadline: ").contains("usage: ./threadline token")
                    .satisfiesAnyOf(err -> assertThat(err).contains("unknown role boss"), err -> assertThat(err).contains("--"));
            assertThat(result.out()).isEmpty();
        }
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ThreadlineToken.run(List.of(args), Map.of("THREADLINE_HOME", home.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
