package org.carpd.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CARP rules of a devd.conf(5) file: {@code notify N { match "system" "CARP"; match
 * "subsystem" "1@em0"; match "type" "MASTER"; action "/usr/local/sbin/promote-pg.sh"; };}. devd
 * matches each value as a regular expression searched in the event's variable; kernel CARP's
 * events have system CARP, subsystem {@code VHID@INTERFACE} (the carpN interface before FreeBSD
 * 10) and type MASTER, BACKUP or INIT. Only notify blocks whose system match is CARP are kept.
 */
final class DevdRules {
    /** One rule; a match that is absent is null (it matches everything). */
    record Rule(String subsystem, String type, String action, Source where) {
        boolean appliesTo(String subsystemValue) {
            return subsystem == null || find(subsystem, subsystemValue);
        }

        boolean firesOn(String typeValue) {
            return type == null || find(type, typeValue);
        }

        private static boolean find(String regex, String value) {
            try {
                return Pattern.compile(regex).matcher(value).find();
            } catch (java.util.regex.PatternSyntaxException e) {
                return false;
            }
        }
    }

    private static final Pattern DEVD = Pattern.compile("(?m)^\\s*(notify|attach|detach|nomatch|options)\\s+[0-9]*\\s*\\{");

    private DevdRules() {
    }

    static boolean looksLikeDevd(SourceFile file) {
        return DEVD.matcher(file.text()).find();
    }

    /** The CARP notify rules of {@code file}; problems go into {@code findings}. */
    static List<Rule> carpRules(SourceFile file, List<Finding> findings) {
        List<Rule> rules = new ArrayList<>();
        List<String[]> tokens = tokens(file, findings); // {text, line, quoted?}
        int depth = 0;
        boolean inNotify = false;
        String system = null;
        String subsystem = null;
        String type = null;
        String action = null;
        int start = 0;
        List<String> statement = new ArrayList<>();
        for (String[] token : tokens) {
            String text = token[0];
            boolean quoted = token[2] != null;
            if (!quoted && text.equals("{")) {
                if (depth == 0) {
                    inNotify = !statement.isEmpty() && statement.get(0).equals("notify");
                    start = Integer.parseInt(token[1]);
                    system = subsystem = type = action = null;
                }
                depth++;
                statement.clear();
            } else if (!quoted && text.equals("}")) {
                depth = Math.max(0, depth - 1);
                if (depth == 0 && inNotify && "CARP".equals(system)) {
                    if (action == null) {
                        findings.add(Finding.notConverted(new Source(file.name(), start), "devd CARP rule without an action"));
                    } else {
                        rules.add(new Rule(subsystem, type, action, new Source(file.name(), start)));
                    }
                }
                statement.clear();
            } else if (!quoted && text.equals(";")) {
                if (depth == 1 && inNotify && statement.size() == 3 && statement.get(0).equals("match")) {
                    switch (statement.get(1)) {
                        case "system" -> system = statement.get(2);
                        case "subsystem" -> subsystem = statement.get(2);
                        case "type" -> type = statement.get(2);
                        default -> {
                            // other variables do not occur in CARP events
                        }
                    }
                } else if (depth == 1 && inNotify && statement.size() == 2 && statement.get(0).equals("action")) {
                    action = statement.get(1);
                }
                statement.clear();
            } else {
                statement.add(text);
            }
        }
        return rules;
    }

    /** Words, quoted strings (quotes removed, \" kept as "), and the tokens { } ; with their lines. */
    private static List<String[]> tokens(SourceFile file, List<Finding> findings) {
        List<String[]> tokens = new ArrayList<>();
        String text = file.text();
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '#') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}' || c == ';') {
                tokens.add(new String[] {String.valueOf(c), Integer.toString(line), null});
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int startLine = line;
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    if (text.charAt(i) == '\n') {
                        line++;
                    }
                    sb.append(text.charAt(i));
                    i++;
                }
                if (i >= text.length()) {
                    findings.add(Finding.notConverted(new Source(file.name(), startLine), "a devd string is not closed"));
                    return tokens;
                }
                tokens.add(new String[] {sb.toString(), Integer.toString(startLine), "quoted"});
            } else if (!Character.isWhitespace(c)) {
                StringBuilder sb = new StringBuilder();
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "{};\"#".indexOf(text.charAt(i)) < 0) {
                    sb.append(text.charAt(i));
                    i++;
                }
                i--;
                tokens.add(new String[] {sb.toString(), Integer.toString(line), null});
            }
        }
        return tokens;
    }
}
