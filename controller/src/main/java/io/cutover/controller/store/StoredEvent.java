package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the ordered event log.
 *
 * @param id position in the log, growing
 * @param type the event's type ({@code instance_started}...)
 * @param app the app it concerns, or null
 * @param data the event's details as a JSON object
 */
public record StoredEvent(long id, Instant time, String type, @Nullable String app, String data) {

    public StoredEvent {
        requireNonNull(time, "time");
        requireNonNull(type, "type");
        requireNonNull(data, "data");
    }
}
