package org.carpd.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits sh(1) text (rc.conf, /etc/default files, scripts that start ucarp) into simple commands
 * of words, the way the shell would for the parts that matter here: single and double quotes,
 * backslash escapes and line continuations, comments at the start of a word, command separators
 * ({@code ; & |} and newlines), leading {@code NAME=value} assignments, and {@code $NAME} /
 * {@code ${NAME}} expanded from the assignments read so far. Anything the shell would compute at
 * run time ({@code $(...)}, backquotes, {@code ${NAME:-x}}, unknown variables) is kept as written
 * and the word is marked unresolved, so no importer mistakes it for a value.
 */
final class ShellLexer {
    /** One word after quote removal; {@code line} is where it starts. */
    record Word(String text, int line, boolean unresolved) {
        @Override
        public String toString() {
            return "Word[line " + line + "]"; // never the text: it may be a password
        }
    }

    /** {@code NAME=value} at the start of a command. */
    record Assignment(String name, Word value, Source where) {
    }

    /** One simple command: its leading assignments and its words (maybe none). */
    record Command(List<Assignment> assignments, List<Word> words, Source where) {
    }

    /** The commands of one file, or the line where it stopped making sense. */
    record Result(List<Command> commands, Finding problem) {
    }

    private final Map<String, String> variables = new HashMap<>();

    /** Lexes {@code file}; its assignments are visible to the files lexed after it. */
    Result lex(SourceFile file) {
        String text = file.text();
        List<Command> commands = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        int line = 1;
        int commandLine = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i += 2;
                line++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '\n' || c == ';' || c == '&' || c == '|') {
                if (c == '\n') {
                    line++;
                }
                i++;
                if (!assignments.isEmpty() || !words.isEmpty()) {
                    commands.add(finish(assignments, words, file.name(), commandLine));
                    assignments = new ArrayList<>();
                    words = new ArrayList<>();
                }
                continue;
            }
            // a word
            if (assignments.isEmpty() && words.isEmpty()) {
                commandLine = line;
            }
            int wordLine = line;
            StringBuilder sb = new StringBuilder();
            boolean unresolved = false;
            String assignName = null;
            if (words.isEmpty()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=")
                        .matcher(text).region(i, n);
                if (m.lookingAt()) {
                    assignName = text.substring(i, m.end() - 1);
                    i = m.end();
                }
            }
            while (i < n) {
                c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == '|') {
                    break;
                }
                if (c == '\\') {
                    if (i + 1 < n && text.charAt(i + 1) == '\n') {
                        i += 2;
                        line++;
                        continue;
                    }
                    if (i + 1 < n) {
                        sb.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        i++;
                    }
                    continue;
                }
                if (c == '\'') {
                    int end = text.indexOf('\'', i + 1);
                    if (end < 0) {
                        return new Result(commands, Finding.notConverted(new Source(file.name(), wordLine),
                                "a single quote is not closed; nothing after this line was read"));
                    }
                    String quoted = text.substring(i + 1, end);
                    line += count(quoted, '\n');
                    sb.append(quoted);
                    i = end + 1;
                    continue;
                }
                if (c == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        c = text.charAt(i);
                        if (c == '"') {
                            closed = true;
                            i++;
                            break;
                        }
                        if (c == '\\' && i + 1 < n) {
                            char next = text.charAt(i + 1);
                            if (next == '\n') {
                                i += 2;
                                line++;
                                continue;
                            }
                            if (next == '"' || next == '\\' || next == '$' || next == '`') {
                                sb.append(next);
                                i += 2;
                                continue;
                            }
                        }
                        if (c == '$' || c == '`') {
                            int[] end = {i};
                            unresolved |= expand(text, i, sb, end);
                            i = end[0];
                            continue;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        sb.append(c);
                        i++;
                    }
                    if (!closed) {
                        return new Result(commands, Finding.notConverted(new Source(file.name(), wordLine),
                                "a double quote is not closed; nothing after this line was read"));
                    }
                    continue;
                }
                if (c == '$' || c == '`') {
                    int[] end = {i};
                    unresolved |= expand(text, i, sb, end);
                    i = end[0];
                    continue;
                }
                sb.append(c);
                i++;
            }
            Word word = new Word(sb.toString(), wordLine, unresolved);
            if (assignName != null) {
                assignments.add(new Assignment(assignName, word, new Source(file.name(), wordLine)));
                if (!unresolved) {
                    variables.put(assignName, word.text());
                } else {
                    variables.remove(assignName);
                }
            } else {
                words.add(word);
            }
        }
        if (!assignments.isEmpty() || !words.isEmpty()) {
            commands.add(finish(assignments, words, file.name(), commandLine));
        }
        return new Result(commands, null);
    }

    private static Command finish(List<Assignment> assignments, List<Word> words, String file, int line) {
        return new Command(List.copyOf(assignments), List.copyOf(words), new Source(file, line));
    }

    /**
     * Expands the {@code $...} or backquote at {@code start} into {@code out}; returns true when it
     * could not be resolved (then the text is kept as written). {@code end[0]} is set past it.
     */
    private boolean expand(String text, int start, StringBuilder out, int[] end) {
        int n = text.length();
        if (text.charAt(start) == '`') {
            int close = text.indexOf('`', start + 1);
            int stop = close < 0 ? n : close + 1;
            out.append(text, start, stop);
            end[0] = stop;
            return true;
        }
        if (start + 1 < n && text.charAt(start + 1) == '{') {
            int close = text.indexOf('}', start + 2);
            if (close < 0) {
                out.append(text, start, n);
                end[0] = n;
                return true;
            }
            String inside = text.substring(start + 2, close);
            end[0] = close + 1;
            if (inside.matches("[A-Za-z_][A-Za-z0-9_]*") && variables.containsKey(inside)) {
                out.append(variables.get(inside));
                return false;
            }
            out.append(text, start, close + 1);
            return true;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(text)
                .region(start + 1, n);
        if (m.lookingAt()) {
            end[0] = m.end();
            String name = m.group();
            if (variables.containsKey(name)) {
                out.append(variables.get(name));
                return false;
            }
            out.append(text, start, m.end());
            return true;
        }
        if (start + 1 < n && text.charAt(start + 1) == '(') {
            int close = text.indexOf(')', start + 2);
            int stop = close < 0 ? n : close + 1;
            out.append(text, start, stop);
            end[0] = stop;
            return true;
        }
        out.append('$');
        end[0] = start + 1;
        return false;
    }

    private static int count(String s, char c) {
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
