package io.cutover.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-process server's logs to warnings while the demo prints its own progress, unless
 * {@code CUTOVER_LOG_LEVEL} asks for more; {@link #restore()} puts the level back.
 */
final class QuietLogs {

    private final Logger root;
    private final Level previous;

    private QuietLogs(Logger root, Level previous) {
        this.root = root;
        this.previous = previous;
    }

    static QuietLogs apply() {
        if (System.getenv("CUTOVER_LOG_LEVEL") != null
                || !(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return new QuietLogs(null, null);
        }
        Level previous = root.getLevel();
        root.setLevel(Level.WARN);
        return new QuietLogs(root, previous);
    }

    void restore() {
        if (root != null) {
            root.setLevel(previous);
        }
    }
}
