package org.carpd.migrate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived.conf as a tree of statements: a statement is the words of one line, and a block in
 * braces may follow it (on the same line or the next). Read as keepalived.conf(5) describes it:
 * '#' and '!' start a comment (at the start of a word, outside quotes), words are split at
 * whitespace, double and single quotes group words and are removed ({@code "a b"c} is one word),
 * '{' and '}' stand alone even when written against a word, and {@code $NAME=VALUE} lines define
 * parameters that later {@code $NAME} and {@code ${NAME}} are replaced by. Conditional lines
 * ({@code @id ...}) depend on keepalived's -i option, which is not known here: they are reported.
 */
final class KeepalivedConfig {
    /** One statement; {@code block} is null when no braces follow it. */
    record Statement(String keyword, List<String> args, List<Statement> block, Source where) {
        String arg(int i) {
            return i < args.size() ? args.get(i) : null;
        }

        @Override
        public String toString() {
            return "Statement[" + keyword + " at " + where + "]"; // never the arguments: auth_pass is one
        }
    }

    record Parsed(List<Statement> statements, List<Finding> problems) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\s*\\$([A-Za-z_][A-Za-z0-9_]*)=(.*)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, String> parameters = new HashMap<>();

    /** Parses one file; parameters defined in it stay defined for the files parsed after it. */
    Parsed parse(SourceFile file) {
        List<Finding> problems = new ArrayList<>();
        List<Statement> top = new ArrayList<>();
        Deque<List<Statement>> open = new ArrayDeque<>();
        Deque<Source> openedAt = new ArrayDeque<>();
        open.push(top);
        String[] lines = file.text().split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Source where = new Source(file.name(), i + 1);
            String line = lines[i];
            Matcher definition = PARAMETER.matcher(line);
            if (definition.matches()) {
                if (definition.group(2).endsWith("\\")) {
                    problems.add(Finding.notConverted(where, "a parameter continued over several lines is not "
                            + "followed; its uses stay as written"));
                    continue;
                }
                parameters.put(definition.group(1), definition.group(2).strip());
                continue;
            }
            if (line.stripLeading().startsWith("@")) {
                problems.add(Finding.notConverted(where, "conditional configuration (@...) depends on keepalived's "
                        + "-i option: keep only the lines for this node, without the '@' prefix"));
                continue;
            }
            List<String> words = new ArrayList<>();
            String problem = split(substitute(line), words);
            if (problem != null) {
                problems.add(Finding.notConverted(where, problem));
                continue;
            }
            List<String> current = new ArrayList<>();
            for (String word : words) {
                if (word.equals("{")) {
                    List<Statement> siblings = open.peek();
                    Statement owner;
                    if (!current.isEmpty()) {
                        owner = new Statement(current.get(0), List.copyOf(current.subList(1, current.size())),
                                new ArrayList<>(), where);
                        siblings.add(owner);
                        current = new ArrayList<>();
                    } else if (!siblings.isEmpty() && siblings.get(siblings.size() - 1).block() == null) {
                        Statement last = siblings.remove(siblings.size() - 1);
                        owner = new Statement(last.keyword(), last.args(), new ArrayList<>(), last.where());
                        siblings.add(owner);
                    } else {
                        problems.add(Finding.notConverted(where, "'{' without a keyword before it"));
                        owner = new Statement("{", List.of(), new ArrayList<>(), where);
                        siblings.add(owner);
                    }
                    open.push(owner.block());
                    openedAt.push(owner.where());
                } else if (word.equals("}")) {
                    flush(current, open.peek(), where);
                    current = new ArrayList<>();
                    if (open.size() == 1) {
                        problems.add(Finding.notConverted(where, "'}' closes no block"));
                    } else {
                        open.pop();
                        openedAt.pop();
                    }
                } else {
                    current.add(word);
                }
            }
            flush(current, open.peek(), where);
        }
        while (open.size() > 1) {
            open.pop();
            problems.add(Finding.notConverted(openedAt.pop(), "this block is not closed by the end of the file"));
        }
        return new Parsed(top, problems);
    }

    private static void flush(List<String> words, List<Statement> into, Source where) {
        if (!words.isEmpty()) {
            into.add(new Statement(words.get(0), List.copyOf(words.subList(1, words.size())), null, where));
        }
    }

    private String substitute(String line) {
        if (line.indexOf('$') < 0) {
            return line;
        }
        Matcher m = REFERENCE.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(parameters.getOrDefault(name, m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Splits one line into words; returns a problem (never quoting the line) or null. */
    static String split(String line, List<String> words) {
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            if ((c == '#' || c == '!') && !inWord) {
                break;
            }
            if (c == '{' || c == '}') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                words.add(String.valueOf(c));
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
                continue;
            }
            word.append(c);
            inWord = true;
        }
        if (quote != 0) {
            return "a quote is not closed on this line";
        }
        if (inWord) {
            words.add(word.toString());
        }
        return null;
    }
}
