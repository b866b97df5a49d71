package dev.threadline.localstack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./threadline token --sub ID --role ROLE [--role ROLE ...] [--tenant T] [--ttl 1h]}: prints a bearer token that
 * the services of {@code ./threadline up} accept, signed with the stack's development secret (made at first use).
 */
public final class ThreadlineToken {

    static final String USAGE = "usage: ./threadline token --sub ID --role user|agent|admin|ops|service|import [--role ...] "
            + "[--tenant T] [--ttl 1h|30m|90s]";
    static final Set<String> ROLES = Set.of("user", "agent", "admin", "ops", "service", "import");
    private static final Pattern TTL = Pattern.compile("^(\\d+)([smhd])$");

    private ThreadlineToken() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String subject = null;
        String tenant = null;
        Duration ttl = Duration.ofHours(1);
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                err.println("threadline: " + option + " needs a value; " + USAGE);
                return 2;
            }
            String value = args.get(++i);
            switch (option) {
                case "--sub" -> subject = value;
                case "--tenant" -> tenant = value;
                case "--role" -> roles.add(value);
                case "--ttl" -> {
                    Matcher matcher = TTL.matcher(value);
                    if (!matcher.matches()) {
                        err.println("threadline: --ttl " + value + " is not a duration like 90s, 30m, 12h or 7d; " + USAGE);
                        return 2;
                    }
                    try {
                        ttl = Duration.parse((matcher.group(2).equals("d") ? "P" : "PT") + matcher.group(1)
                                + matcher.group(2).toUpperCase());
                    } catch (DateTimeParseException e) {
                        err.println("threadline: --ttl " + value + ": " + e.getMessage());
                        return 2;
                    }
                }
                default -> {
                    err.println("threadline: unknown option " + option + "; " + USAGE);
                    return 2;
                }
            }
        }
        if (subject == null || subject.isBlank() || roles.isEmpty()) {
            err.println("threadline: --sub and at least one --role are needed; " + USAGE);
            return 2;
        }
        List<String> unknown = roles.stream().filter(role -> !ROLES.contains(role)).toList();
        if (!unknown.isEmpty()) {
            err.println("threadline: unknown role " + String.join(", ", unknown) + "; roles are " + String.join(", ",
                    ROLES.stream().sorted().toList()) + "; " + USAGE);
            return 2;
        }
        LocalStackSettings settings = LocalStackSettings.from(ServiceProcess.locateRepoRoot(), environment);
        out.println(DevelopmentTokens.mint(DevelopmentTokens.secret(settings.home()), subject, roles, tenant, ttl));
        return 0;
    }
}
