package org.carpd.daemon;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * One log line as logback's pattern {@value LogbackDefaults#PATTERN} lays it out: local time to
 * the millisecond, the level padded to five, the message, and a throwable's trace below it (as
 * logback adds to any pattern). Written out rather than given to {@code PatternLayout}, whose
 * table of converters links some sixty method references when first used: a tenth of carpd's
 * start-up before the configuration is read (docs/benchmarks.md, "Start-up"); the time by
 * {@link LocalTimestamp}, not by logback's {@code java.time} formatter ("Memory").
 * {@code LogLineLayoutTest} holds it to PatternLayout's bytes.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private static final String LEVEL_PADDING = "     ";

    private final LocalTimestamp time = new LocalTimestamp();
    private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();

    @Override
    public void start() {
        throwable.setContext(getContext());
        throwable.start();
        super.start();
    }

    @Override
    public void stop() {
        throwable.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String level = event.getLevel().toString();
        StringBuilder line = new StringBuilder(128).append(time.format(event.getTimeStamp())).append(' ')
                .append(level);
        if (level.length() < LEVEL_PADDING.length()) {
            line.append(LEVEL_PADDING, level.length(), LEVEL_PADDING.length());
        }
        line.append(' ').append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            line.append(throwable.convert(event));
        }
        return line.toString();
    }
}
