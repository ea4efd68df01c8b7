package io.cutover.core.deploy;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event a plan records (its type and data, as the event log and the API show them), in the order its
 * data was given.
 */
public record Event(String type, Map<String, Object> data) {

    public Event {
        requireNonNull(type, "type");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** An event about deployment {@code id}: its id first, then {@code pairs} (name, value, name, value…). */
    public static Event of(String type, long id, Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs: " + pairs.length + " (expected: names and values in pairs)");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deployment", id);
        for (int i = 0; i < pairs.length; i += 2) {
            data.put((String) pairs[i], pairs[i + 1]);
        }
        return new Event(type, data);
    }
}
