package dev.threadline.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.config.InterceptUrlMapPattern;
import io.micronaut.security.config.SecurityConfigurationProperties;
import io.micronaut.security.rules.ConfigurationInterceptUrlMapRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.RolesFinder;
import io.micronaut.security.token.config.TokenConfigurationProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@link FirstMatchUrlMapRule} decides as Micronaut's {@link ConfigurationInterceptUrlMapRule} does: for the URL maps of
 * the three services and for generated ones (some naming HTTP methods), over awkward paths, methods and callers.
 */
class FirstMatchUrlMapRuleTest {

    private static final RolesFinder ROLES = new DefaultRolesFinder(new TokenConfigurationProperties());
    private static final List<String> ANONYMOUS = List.of("isAnonymous()");
    private static final List<String> AUTHENTICATED = List.of("isAuthenticated()");
    private static final List<String> OPERATORS = List.of("ops", "admin");
    private static final List<String> PATHS = List.of("/", "", "/v1", "/v1/", "/v1/conversations/0192/messages", "//v1/x",
            "/v1//x", "/V1/x", "/v10/x", "/v1x", "/v1/../health", "/health", "/health/", "/health/liveness",
            "/health/liveness/x", "/health/readiness", "/prometheus", "/prometheus/", "/openapi", "/openapi/threadline.yml",
            "/swagger-ui/index.html", "/console", "/console/", "/console/app.js", "/x", "/v1%20/x", "/%20/v1", "/v1/%20", "/health%20",
            "/v1/stats/conversations/a", "/a/b/c/x");
    private static final List<String> PATTERNS = List.of("/", "/**", "/v1/**", "/health", "/health/*", "/health/liveness",
            "/h?alth", "/v1/*/messages", "/**/x", "/console/**", "/prometheus", "/openapi/**", "/v1/stats/**", "/x");
    private static final List<Authentication> CALLERS = Arrays.asList(null, Authentication.build("u-1"),
            Authentication.build("u-2", List.of("user")), Authentication.build("op", List.of("ops")),
            Authentication.build("ad", List.of("admin", "user")));

    @Test
    void decidesAsMicronautForTheServicesMaps() {
        List<InterceptUrlMapPattern> api = List.of(pattern("/v1/**", AUTHENTICATED), pattern("/", ANONYMOUS),
                pattern("/health/liveness", ANONYMOUS), pattern("/health/readiness", ANONYMOUS), pattern("/prometheus", ANONYMOUS),
                pattern("/openapi/**", ANONYMOUS), pattern("/swagger-ui/**", ANONYMOUS), pattern("/health", OPERATORS),
                pattern("/**", AUTHENTICATED));
        List<InterceptUrlMapPattern> stats = List.of(pattern("/v1/**", OPERATORS), pattern("/", ANONYMOUS),
                pattern("/health/liveness", ANONYMOUS), pattern("/health/readiness", ANONYMOUS), pattern("/prometheus", ANONYMOUS),
                pattern("/openapi/**", ANONYMOUS), pattern("/swagger-ui/**", ANONYMOUS), pattern("/console", ANONYMOUS),
                pattern("/console/**", ANONYMOUS), pattern("/**", OPERATORS));
        assertThat(compare(api) + compare(stats)).isEqualTo(2 * PATHS.size() * 3 * CALLERS.size());
    }

    @Test
    void decidesAsMicronautForGeneratedMaps() {
        SplittableRandom random = new SplittableRandom(9);
        List<List<String>> accesses = List.of(ANONYMOUS, AUTHENTICATED, OPERATORS, List.of("user"), List.of());
        List<HttpMethod> methods = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE);
        for (int i = 0; i < 300; i++) {
            List<InterceptUrlMapPattern> map = new ArrayList<>();
            int size = random.nextInt(0, 7);
            boolean withMethods = random.nextInt(4) == 0;
            for (int p = 0; p < size; p++) {
                HttpMethod method = withMethods && random.nextBoolean() ? methods.get(random.nextInt(methods.size())) : null;
                map.add(new InterceptUrlMapPattern(PATTERNS.get(random.nextInt(PATTERNS.size())),
                        accesses.get(random.nextInt(accesses.size())), method));
            }
            compare(map);
        }
    }

    /** Every path, method and caller against both rules; the number of decisions compared. */
    private static int compare(List<InterceptUrlMapPattern> map) {
        SecurityConfigurationProperties configuration = new SecurityConfigurationProperties();
        configuration.setInterceptUrlMap(map);
        ConfigurationInterceptUrlMapRule micronauts = new ConfigurationInterceptUrlMapRule(ROLES, configuration, pattern -> pattern);
        FirstMatchUrlMapRule ours = new FirstMatchUrlMapRule(ROLES, configuration, pattern -> pattern);
        int compared = 0;
        for (String path : PATHS) {
            for (HttpRequest<?> request : List.of(HttpRequest.GET(path), HttpRequest.POST(path, ""), HttpRequest.DELETE(path))) {
                for (Authentication caller : CALLERS) {
                    assertThat(decision(ours.check(request, caller)))
                            .as("%s %s by %s with %s", request.getMethod(), path, caller == null ? "nobody" : caller.getRoles(), map)
                            .isEqualTo(decision(micronauts.check(request, caller)));
                    compared++;
                }
            }
        }
        return compared;
    }

    private static SecurityRuleResult decision(Publisher<SecurityRuleResult> result) {
        return Mono.from(result).block();
    }

    private static InterceptUrlMapPattern pattern(String pattern, List<String> access) {
        return new InterceptUrlMapPattern(pattern, access, null);
    }
}
