package dev.threadline.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * How every benchmark program runs its picocli command: {@code --help} prints the usage to stdout (exit 0), a wrong
 * command line prints the error and the usage to stderr (exit 2), an exception of the program its stack trace (exit 1).
 * A program that ends normally with 0 returns from {@code main} without {@code System.exit}, as these programs did
 * before they had a parser: the JVM ends when its last non-daemon thread does, after the shutdown hooks they register.
 */
public final class Cli {

    private Cli() {
    }

    /** Runs {@code command} with {@code args}; exits the JVM with the command's exit code unless it is 0. */
    public static void run(Object command, String[] args) {
        int code = commandLine(command).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command line the programs use (also what the tests parse with). */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setUsageHelpAutoWidth(true);
    }

    /** For a command whose subcommand is missing: the error and the usage, exit 2. */
    public static ParameterException missingSubcommand(CommandSpec spec) {
        return new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** {@code -h, --help} for every command and subcommand (added with {@code @Mixin}). */
    public static final class Help {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;
    }

    /** A {@code MIN-MAX} range of whole numbers, as {@code --content 100-200}. */
    public record Range(int min, int max) {

        public Range {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("MIN-MAX with 0 <= MIN <= MAX expected: " + min + "-" + max);
            }
        }

        public static Range parse(String value) {
            String[] parts = value.strip().split("-", -1);
            if (parts.length != 2) {
                throw new CommandLine.TypeConversionException("MIN-MAX expected, e.g. 100-200, got '" + value + "'");
            }
            try {
                return new Range(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("MIN-MAX expected, e.g. 100-200, got '" + value + "'");
            }
        }

        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    /** picocli's converter for {@link Range}. */
    public static final class RangeConverter implements CommandLine.ITypeConverter<Range> {
        @Override
        public Range convert(String value) {
            return Range.parse(value);
        }
    }
}
