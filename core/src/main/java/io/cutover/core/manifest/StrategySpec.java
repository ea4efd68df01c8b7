package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a new revision replaces the running one.
 *
 * @param type {@code rolling} (default), {@code canary}, {@code blueGreen} or {@code recreate}
 * @param minimumHealthCapacity rolling: the share of {@code instances} that stays healthy, 0..1. Default 1
 * @param maximumOverCapacity rolling: the share of {@code instances} that may run on top, 0..1. Default 1
 */
public record StrategySpec(Type type, Double minimumHealthCapacity, Double maximumOverCapacity) {

    /** The deployment strategies. */
    public enum Type {
        @JsonProperty("rolling") ROLLING,
        @JsonProperty("canary") CANARY,
        @JsonProperty("blueGreen") BLUE_GREEN,
        @JsonProperty("recreate") RECREATE
    }

    public StrategySpec {
        type = type == null ? Type.ROLLING : type;
        minimumHealthCapacity = minimumHealthCapacity == null ? 1.0 : minimumHealthCapacity;
        maximumOverCapacity = maximumOverCapacity == null ? 1.0 : maximumOverCapacity;
    }
}
