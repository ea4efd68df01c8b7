package io.cutover.controller.events;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Who caused what the current thread does: the name of the API token whose call it serves. Every event
 * appended meanwhile records it as {@code by} (docs/security.md, "Audit"). Work handed to another thread
 * carries it along with {@link #carry}.
 */
public final class Actor {

    private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

    private Actor() {}

    /** The name of the token the current thread acts for, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code work} acting for {@code name} (null: for nobody), then restores what was before. */
    public static <T> T as(@Nullable String name, Callable<T> work) throws Exception {
        String before = CURRENT.get();
        CURRENT.set(name);
        try {
            return work.call();
        } finally {
            CURRENT.set(before);
        }
    }

    /** {@code work}, to be run on another thread acting for whoever the current thread acts for. */
    public static <T> Callable<T> carry(Callable<T> work) {
        String name = CURRENT.get();
        return () -> as(name, work);
    }
}
