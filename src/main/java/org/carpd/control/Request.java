package org.carpd.control;

/**
 * What a client may ask of a running carpd over the control socket: one type shared by the CLI,
 * which builds a request and sends its {@link #line()}, and the daemon, which {@link #parse parses}
 * the line it received back into the same type (as ospfctl and ospfd share their imsg types). The
 * wire form is one text line, so that {@code echo status | nc -U} keeps working.
 */
public sealed interface Request {
    /** The default wait of {@code maintenance on} for the peers to take over. */
    int MAINTENANCE_TIMEOUT_SECONDS = 10;
    /** The longest numbers the line carries (a demotion is capped at 240 anyway). */
    int MAX_DIGITS = 4;

    /** The request as one line, without its newline. */
    String line();

    /** {@code status} (text) or {@code status json}. */
    record Status(boolean json) implements Request {
        @Override
        public String line() {
            return json ? "status json" : "status";
        }
    }

    /** {@code reload}: what SIGHUP does, with the outcome as the answer. */
    record Reload() implements Request {
        @Override
        public String line() {
            return "reload";
        }
    }

    /** {@code demote [+N|-N]}: adds {@code adjustment} to the global demotion; 0 only reads it. */
    record Demote(int adjustment) implements Request {
        public Demote {
            if (Math.abs(adjustment) > 9999) {
                throw new IllegalArgumentException("a demotion adjustment has at most " + MAX_DIGITS + " digits");
            }
        }

        @Override
        public String line() {
            return adjustment == 0 ? "demote" : String.format("demote %+d", adjustment);
        }
    }

    /**
     * {@code maintenance on|off [SECONDS]}: on demotes by 240 and waits up to {@code timeoutSeconds}
     * for the peers to take over; off undoes it.
     */
    record Maintenance(boolean on, int timeoutSeconds) implements Request {
        @Override
        public String line() {
            return "maintenance " + (on ? "on" : "off") + " " + timeoutSeconds;
        }
    }

    /** {@code events}: a stream of JSON lines until the client goes away. */
    record Events() implements Request {
        @Override
        public String line() {
            return "events";
        }
    }

    /** A line that is no request: {@code error} is the answer's text, without "error: " and newline. */
    record Invalid(String error) implements Request {
        @Override
        public String line() {
            throw new UnsupportedOperationException("an invalid request is never sent: " + error);
        }
    }

    /** The requests a line may hold, for the answer to an unknown one. */
    String KNOWN = "status, status json, reload, demote [+N|-N], maintenance on|off [SECONDS], events";

    /**
     * The request a received line holds, or {@link Invalid} saying what is wrong with it. Lenient
     * where carpd always was: words after a complete request are ignored, and a maintenance
     * timeout that is not a number of at most four digits is the default.
     */
    static Request parse(String line) {
        String[] words = line.strip().split("\\s+");
        switch (words[0]) {
            case "status":
                return new Status(words.length > 1 && words[1].equals("json"));
            case "reload":
                return new Reload();
            case "events":
                return words.length == 1 ? new Events() : unknown(line); // a stream, never with arguments
            case "demote":
                if (words.length == 1) {
                    return new Demote(0);
                }
                if (!words[1].matches("[+-]?[0-9]{1," + MAX_DIGITS + "}")) {
                    return new Invalid("demote takes +N or -N, not '" + words[1] + "'");
                }
                return new Demote(Integer.parseInt(words[1].startsWith("+") ? words[1].substring(1) : words[1]));
            case "maintenance":
                if (words.length < 2 || !(words[1].equals("on") || words[1].equals("off"))) {
                    return new Invalid("maintenance takes on or off");
                }
                int timeout = words.length > 2 && words[2].matches("[0-9]{1," + MAX_DIGITS + "}")
                        ? Integer.parseInt(words[2]) : MAINTENANCE_TIMEOUT_SECONDS;
                return new Maintenance(words[1].equals("on"), timeout);
            default:
                return unknown(line);
        }
    }

    private static Invalid unknown(String line) {
        return new Invalid("unknown request '" + line.strip() + "' (known: " + KNOWN + ")");
    }
}
