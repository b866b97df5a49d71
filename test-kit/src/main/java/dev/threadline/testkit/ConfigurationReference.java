package dev.threadline.testkit;

import dev.threadline.localstack.ServiceProcess;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the configuration table of docs/configuration.md against what a service really reads, so the table cannot
 * drift from the code: every {@code threadline.*} setting of the service's configuration records and
 * {@code application.yml} has a row, every row of the service names a setting that exists, and the default a row gives
 * is the default the service uses — {@code application.yml}'s value, or the record component's
 * {@code @Bindable(defaultValue)}, which must agree where both are given. A service's test calls {@link #problems} and
 * expects none.
 *
 * <p>Micronaut maps an environment variable to a property by lower-casing it and reading {@code _} as {@code .} or
 * {@code -} (so {@code THREADLINE_KAFKA_MAX_POLL_RECORDS} sets {@code threadline.kafka.max-poll-records}); a row and a
 * property match when they agree with separators left out. A property set from a placeholder
 * ({@code ${KAFKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}}) is documented under the placeholder's variable.
 */
public final class ConfigurationReference {

    private static final Pattern ROW = Pattern.compile("^\\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \\| ([^|]+) \\| ([^|]*) \\|");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$");
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");
    private static final Pattern FIRST_CODE = Pattern.compile("^`([^`]*)`");
    private static final String BINDABLE = "io.micronaut.core.bind.annotation.Bindable";
    private static final String CONFIGURATION_PROPERTIES = "io.micronaut.context.annotation.ConfigurationProperties";

    /** One row of docs/configuration.md's table: the variable, the services that read it, the default column as written. */
    public record Row(String variable, String usedBy, String defaultCell) {

        boolean concerns(String service) {
            return usedBy.contains(service) || usedBy.trim().equals("all");
        }

        /**
         * The default when the column starts with a literal value in backticks; empty for a described default, such
         * as "host name + HTTP port" or {@code <java.io.tmpdir>/threadline-stats}.
         */
        Optional<String> literalDefault() {
            Matcher code = FIRST_CODE.matcher(defaultCell.trim());
            return code.find() && !code.group(1).contains("<") ? Optional.of(code.group(1)) : Optional.empty();
        }
    }

    /** A setting the service reads: its property, the variable that documents it, and its default (null: none). */
    public record Setting(String property, String variable, String defaultValue) {
    }

    private ConfigurationReference() {
    }

    /** The rows of the table under the "## Configuration" heading of docs/configuration.md. */
    public static List<Row> readmeRows(Path readme) throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.find()) {
                // A row may document several variables with their defaults in the same order: `A`, `B` | … | `1`, `2`
                String[] variables = row.group(1).replace("`", "").split(", ");
                String[] defaults = row.group(3).trim().split(", ");
                for (int i = 0; i < variables.length; i++) {
                    String defaultCell = variables.length == defaults.length ? defaults[i] : row.group(3).trim();
                    rows.add(new Row(variables[i], row.group(2).trim(), defaultCell));
                }
            }
        }
        return rows;
    }

    /** {@link #problems(String, List, Map, List, Map)} against the repository's docs/configuration.md. */
    public static List<String> problems(String service, Map<String, Object> yaml, List<Class<?>> records,
                                        Map<String, String> extra) throws IOException {
        return problems(service, readmeRows(ServiceProcess.locateRepoRoot().resolve("docs/configuration.md")), yaml, records, extra);
    }

    /**
     * The {@code threadline.*} settings of a service and the placeholders of its {@code application.yml}.
     *
     * @param yaml    the service's {@code application.yml}, flattened to dotted keys (as Micronaut loads it)
     * @param records the service's {@code @ConfigurationProperties} records
     * @param extra   properties read elsewhere (e.g. by {@code @Requires}), with their defaults
     */
    public static List<String> problems(String service, List<Row> rows, Map<String, Object> yaml, List<Class<?>> records,
                                        Map<String, String> extra) {
        List<String> problems = new ArrayList<>();
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Class<?> record : records) {
            String prefix = prefixOf(record);
            for (RecordComponent component : record.getRecordComponents()) {
                String property = prefix + "." + kebab(component.getName());
                settings.put(property, new Setting(property, variableOf(property), bindableDefault(component)));
            }
        }
        extra.forEach((property, value) -> settings.put(property, new Setting(property, variableOf(property), value)));
        logbackSettings().forEach(setting -> settings.put(setting.property(), setting));
        for (var entry : yaml.entrySet()) {
            String value = String.valueOf(entry.getValue());
            Matcher placeholder = PLACEHOLDER.matcher(value);
            Setting known = settings.get(entry.getKey());
            if (placeholder.matches()) {
                // Micronaut reads a default holding colons from backticks.
                String defaultValue = placeholder.group(2).replaceAll("^`(.*)`$", "$1");
                settings.put(entry.getKey(), new Setting(entry.getKey(), placeholder.group(1), defaultValue));
            } else if (entry.getKey().startsWith("threadline.")) {
                if (known != null && known.defaultValue() != null && !known.defaultValue().equals(value)) {
                    problems.add("%s: application.yml says %s, the record's @Bindable default %s — keep one"
                            .formatted(entry.getKey(), value, known.defaultValue()));
                }
                settings.put(entry.getKey(), new Setting(entry.getKey(), variableOf(entry.getKey()), value));
            }
        }
        Map<String, Row> documented = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.concerns(service)) {
                documented.put(normalized(row.variable()), row);
            }
        }
        Map<String, Row> unread = new LinkedHashMap<>(documented);
        for (Setting setting : settings.values()) {
            // One variable may feed several properties (e.g. both halves of the metrics); one row documents it.
            Row row = documented.get(normalized(setting.variable()));
            unread.remove(normalized(setting.variable()));
            if (row == null) {
                problems.add("%s (%s, default %s) has no row in the README's configuration table for %s"
                        .formatted(setting.variable(), setting.property(), setting.defaultValue(), service));
                continue;
            }
            Optional<String> literal = row.literalDefault();
            if (setting.defaultValue() != null && literal.isPresent() && !literal.get().equals(setting.defaultValue())) {
                problems.add("%s: the README's default is %s, the service's %s"
                        .formatted(row.variable(), literal.get(), setting.defaultValue()));
            }
            if (setting.defaultValue() == null && literal.isPresent()) {
                problems.add("%s: the README gives the default %s, but the service has none (describe how it is worked out)"
                        .formatted(row.variable(), literal.get()));
            }
        }
        for (Row row : unread.values()) {
            if (row.variable().startsWith("THREADLINE_")) {
                problems.add("%s is in the README's configuration table for %s, but %s reads no such setting"
                        .formatted(row.variable(), service, service));
            }
        }
        return problems;
    }

    /** The variables the service's {@code logback.xml} (on the class path) reads, as {@code ${VARIABLE:-default}}. */
    private static List<Setting> logbackSettings() {
        List<Setting> settings = new ArrayList<>();
        try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream("logback.xml")) {
            if (in == null) {
                return settings;
            }
            Matcher variable = LOGBACK_VARIABLE.matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            while (variable.find()) {
                settings.add(new Setting("logback.xml " + variable.group(1), variable.group(1), variable.group(2)));
            }
            return settings;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String prefixOf(Class<?> record) {
        for (Annotation annotation : record.getAnnotations()) {
            if (annotation.annotationType().getName().equals(CONFIGURATION_PROPERTIES)) {
                return (String) invoke(annotation, "value");
            }
        }
        throw new IllegalArgumentException(record.getName() + " is not annotated @ConfigurationProperties");
    }

    private static String bindableDefault(RecordComponent component) {
        for (Annotation annotation : component.getAnnotations()) {
            if (annotation.annotationType().getName().equals(BINDABLE)) {
                String value = (String) invoke(annotation, "defaultValue");
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static Object invoke(Annotation annotation, String member) {
        try {
            return annotation.annotationType().getMethod(member).invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + member + " of " + annotation, e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String variableOf(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String normalized(String name) {
        return name.replace("_", "").replace(".", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
