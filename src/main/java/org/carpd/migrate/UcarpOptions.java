package org.carpd.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * ucarp's command line, parsed as its getopt_long does: the option table of ucarp 1.5.2
 * (src/ucarp_p.h: {@code i:s:v:p:Pa:hb:k:x:nu:d:r:zf:Bo:SM}, plus {@code -m/--mcast} and
 * {@code -D/--debug}, which 1.5.2's --help lists), short options clustered ({@code -PzB}) or with
 * their argument attached ({@code -v1}), long options as {@code --vhid=1} or {@code --vhid 1} and
 * abbreviated to any unambiguous prefix ({@code --adv} is ambiguous, {@code --advb} is not).
 * Problem texts name the option, never a value (a value may be the password).
 */
final class UcarpOptions {
    record Option(char shortName, String longName, boolean hasArgument) {
    }

    /** One option as given; {@code value} is null for a flag. */
    record Given(Option option, String value, boolean unresolved, int line) {
        String name() {
            return option.longName;
        }
    }

    record Parsed(List<Given> options, List<String> problems) {
        Given last(String longName) {
            Given found = null;
            for (Given g : options) {
                if (g.option.longName.equals(longName)) {
                    found = g;
                }
            }
            return found;
        }

        boolean has(String longName) {
            return last(longName) != null;
        }
    }

    static final List<Option> TABLE = List.of(
            new Option('i', "interface", true), new Option('s', "srcip", true), new Option('m', "mcast", true),
            new Option('v', "vhid", true), new Option('p', "pass", true), new Option('o', "passfile", true),
            new Option('P', "preempt", false), new Option('n', "neutral", false), new Option('a', "addr", true),
            new Option('h', "help", false), new Option('b', "advbase", true), new Option('k', "advskew", true),
            new Option('u', "upscript", true), new Option('d', "downscript", true), new Option('r', "deadratio", true),
            new Option('D', "debug", false), new Option('z', "shutdown", false), new Option('B', "daemonize", false),
            new Option('S', "ignoreifstate", false), new Option('M', "nomcast", false),
            new Option('f', "facility", true), new Option('x', "xparam", true));

    private UcarpOptions() {
    }

    static Parsed parse(List<ShellLexer.Word> words) {
        List<Given> given = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            ShellLexer.Word word = words.get(i);
            String text = word.text();
            if (text.equals("--")) {
                if (i + 1 < words.size()) {
                    problems.add((words.size() - i - 1) + " argument(s) after '--', which ucarp ignores");
                }
                break;
            }
            if (text.startsWith("--")) {
                int eq = text.indexOf('=');
                String name = eq < 0 ? text.substring(2) : text.substring(2, eq);
                Option option = longOption(name, problems);
                if (option == null) {
                    continue;
                }
                if (!option.hasArgument) {
                    if (eq >= 0) {
                        problems.add("--" + option.longName + " takes no argument");
                    }
                    given.add(new Given(option, null, false, word.line()));
                } else if (eq >= 0) {
                    given.add(new Given(option, text.substring(eq + 1), word.unresolved(), word.line()));
                } else if (i + 1 < words.size()) {
                    ShellLexer.Word value = words.get(++i);
                    given.add(new Given(option, value.text(), value.unresolved(), word.line()));
                } else {
                    problems.add("--" + option.longName + " has no value");
                }
                continue;
            }
            if (text.startsWith("-") && text.length() > 1) {
                for (int k = 1; k < text.length(); k++) {
                    char c = text.charAt(k);
                    Option option = TABLE.stream().filter(o -> o.shortName == c).findFirst().orElse(null);
                    if (option == null) {
                        problems.add("-" + (Character.isLetterOrDigit(c) ? String.valueOf(c) : "?")
                                + " is not a ucarp option");
                        break;
                    }
                    if (!option.hasArgument) {
                        given.add(new Given(option, null, false, word.line()));
                        continue;
                    }
                    if (k + 1 < text.length()) {
                        given.add(new Given(option, text.substring(k + 1), word.unresolved(), word.line()));
                    } else if (i + 1 < words.size()) {
                        ShellLexer.Word value = words.get(++i);
                        given.add(new Given(option, value.text(), value.unresolved(), word.line()));
                    } else {
                        problems.add("-" + c + " (--" + option.longName + ") has no value");
                    }
                    break;
                }
                continue;
            }
            problems.add("an argument that is no option (not shown), which ucarp ignores");
        }
        return new Parsed(List.copyOf(given), List.copyOf(problems));
    }

    /** getopt_long's matching: an exact name, else the one option the prefix abbreviates. */
    private static Option longOption(String name, List<String> problems) {
        String shown = name.matches("[A-Za-z0-9-]{1,20}") ? "--" + name : "a long option (not shown)";
        for (Option o : TABLE) {
            if (o.longName.equals(name)) {
                return o;
            }
        }
        List<Option> matches = name.isEmpty() ? List.of()
                : TABLE.stream().filter(o -> o.longName.startsWith(name)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        problems.add(matches.isEmpty() ? shown + " is not a ucarp option" : shown + " is ambiguous ("
                + String.join(", ", matches.stream().map(o -> "--" + o.longName).toList()) + ")");
        return null;
    }
}
