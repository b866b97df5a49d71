package dev.threadline.testkit;

import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with the OpenAPI spec a running service serves (docs/api.md, "The OpenAPI spec"), asked the way a
 * caller without a token asks: {@code /openapi/<service>.yml} must answer anyone, be a spec swagger's parser reads
 * without a message, declare the bearer-JWT scheme and require it, describe errors with the problem+json
 * {@code Problem} schema, and hold exactly the routes of the service's router, method and path template alike; the
 * Swagger UI at {@code /swagger-ui/} must answer anyone and load its scripts, styles and the spec from the service
 * itself, nothing from another host. A service's test calls {@link #problems} and expects none.
 *
 * <p>Two kinds of route are not held against the spec: {@code HEAD}, which Micronaut adds to every {@code GET} and
 * which answers as the {@code GET} does; and the routes Micronaut itself declares (its management endpoints, security's
 * {@code /token_info}), which are not Threadline's API, except the health endpoint, which the spec includes and the
 * probes use.
 */
public final class OpenApiSpec {

    /** The scheme {@code BearerJwtScheme} (service-security) declares. */
    public static final String SECURITY_SCHEME = "bearerJwt";

    private static final Pattern UI_RESOURCE = Pattern.compile("contextPath \\+ [\"']([^\"']+)[\"']");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^/}:?]+)(:[^}]*)?}");

    private OpenApiSpec() {
    }

    /** The problems of the spec and Swagger UI that the service {@code service} at {@code base} serves. */
    public static List<String> problems(URI base, String service, Router router) {
        List<String> problems = new ArrayList<>();
        HttpResponse<String> answer = get(base, "/openapi/" + service + ".yml");
        if (answer.statusCode() != 200) {
            problems.add("/openapi/" + service + ".yml without a token: " + answer.statusCode() + " " + answer.body());
            return problems;
        }
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(answer.body(), null, null);
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(message -> problems.add("the spec does not validate: " + message));
        }
        OpenAPI spec = parsed.getOpenAPI();
        if (spec == null) {
            problems.add("the spec could not be read");
            return problems;
        }
        problems.addAll(securityProblems(spec));
        problems.addAll(problemSchemaProblems(spec));
        problems.addAll(routeProblems(spec, router));
        problems.addAll(swaggerUiProblems(base, "/openapi/" + service + ".yml"));
        return problems;
    }

    /** Each route of {@code router} the spec must hold, as {@code METHOD /path/{variable}}, the way the spec writes it. */
    public static Set<String> routes(Router router) {
        Set<String> routes = new TreeSet<>();
        router.uriRoutes().filter(OpenApiSpec::isApi)
                .forEach(route -> paths(route).forEach(path -> routes.add(route.getHttpMethod() + " " + path)));
        return routes;
    }

    private static boolean isApi(UriRouteInfo<?, ?> route) {
        return route.getHttpMethod() != HttpMethod.HEAD && (route.getDeclaringType().getName().startsWith("dev.threadline.")
                || route.getUriMatchTemplate().toPathString().startsWith("/health"));
    }

    /** Each operation of {@code spec} as {@code METHOD /path/{variable}}. */
    public static Set<String> operations(OpenAPI spec) {
        Set<String> operations = new TreeSet<>();
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }

    private static List<String> securityProblems(OpenAPI spec) {
        List<String> problems = new ArrayList<>();
        Map<String, SecurityScheme> schemes = spec.getComponents() == null ? null : spec.getComponents().getSecuritySchemes();
        SecurityScheme scheme = schemes == null ? null : schemes.get(SECURITY_SCHEME);
        if (scheme == null || scheme.getType() != SecurityScheme.Type.HTTP || !"bearer".equals(scheme.getScheme())
                || !"JWT".equals(scheme.getBearerFormat())) {
            problems.add("no bearer-JWT security scheme " + SECURITY_SCHEME + ": " + schemes);
        }
        List<SecurityRequirement> required = spec.getSecurity();
        if (required == null || required.stream().noneMatch(requirement -> requirement.containsKey(SECURITY_SCHEME))) {
            problems.add("the spec does not require " + SECURITY_SCHEME + " globally: " + required);
        }
        return problems;
    }

    private static List<String> problemSchemaProblems(OpenAPI spec) {
        List<String> problems = new ArrayList<>();
        Schema<?> problem = spec.getComponents() == null || spec.getComponents().getSchemas() == null ? null
                : spec.getComponents().getSchemas().get("Problem");
        if (problem == null || problem.getProperties() == null
                || !problem.getProperties().keySet().containsAll(List.of("type", "title", "status", "detail", "instance", "errors"))) {
            problems.add("no Problem schema with the RFC 9457 members and errors: " + problem);
        }
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (path.startsWith("/v1/") && !answersBadRequestWithProblem(operation)) {
                problems.add(method + " " + path + " does not describe its 400 as application/problem+json Problem");
            }
        }));
        return problems;
    }

    private static boolean answersBadRequestWithProblem(Operation operation) {
        ApiResponse badRequest = operation.getResponses() == null ? null : operation.getResponses().get("400");
        MediaType problem = badRequest == null || badRequest.getContent() == null ? null
                : badRequest.getContent().get("application/problem+json");
        return problem != null && problem.getSchema() != null && "#/components/schemas/Problem".equals(problem.getSchema().get$ref());
    }

    private static List<String> routeProblems(OpenAPI spec, Router router) {
        List<String> problems = new ArrayList<>();
        Set<String> routes = routes(router);
        Set<String> operations = operations(spec);
        routes.stream().filter(route -> !operations.contains(route)).forEach(route -> problems.add("route not in the spec: " + route));
        operations.stream().filter(operation -> !routes.contains(operation))
                .forEach(operation -> problems.add("in the spec but no route: " + operation));
        return problems;
    }

    private static List<String> swaggerUiProblems(URI base, String specPath) {
        List<String> problems = new ArrayList<>();
        HttpResponse<String> page = get(base, "/swagger-ui/");
        if (page.statusCode() != 200 || !page.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            problems.add("/swagger-ui/ without a token: " + page.statusCode() + " " + page.headers().firstValue("Content-Type"));
            return problems;
        }
        if (page.body().contains("://")) {
            problems.add("/swagger-ui/ refers to another host");
        }
        List<String> resources = new ArrayList<>();
        Matcher matcher = UI_RESOURCE.matcher(page.body());
        while (matcher.find()) {
            resources.add(matcher.group(1));
        }
        if (!resources.contains(specPath) || resources.stream().noneMatch(resource -> resource.endsWith("swagger-ui-bundle.js"))) {
            problems.add("/swagger-ui/ does not load the bundle and " + specPath + ": " + resources);
        }
        for (String resource : resources) {
            int status = get(base, resource).statusCode();
            if (status != 200) {
                problems.add("/swagger-ui/ loads " + resource + ": " + status);
            }
        }
        return problems;
    }

    /** The paths the spec writes for a route: an optional segment such as {@code {/selector}} is a path with and one without it. */
    private static List<String> paths(UriRouteInfo<?, ?> route) {
        String template = route.getUriMatchTemplate().toPathString();
        Matcher optional = Pattern.compile("\\{/([^}]+)}").matcher(template);
        if (optional.find()) {
            String without = template.substring(0, optional.start()) + template.substring(optional.end());
            String with = template.substring(0, optional.start()) + "/{" + optional.group(1) + "}" + template.substring(optional.end());
            return List.of(variables(without.isEmpty() ? "/" : without), variables(with));
        }
        return List.of(variables(template));
    }

    private static String variables(String template) {
        return VARIABLE.matcher(template).replaceAll("{$1}");
    }

    private static HttpResponse<String> get(URI base, String path) {
        return TestHttp.withBearer(null).get(base, path);
    }
}
