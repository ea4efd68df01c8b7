package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What an instance's container asks for and may use, on Kubernetes: Kubernetes quantities, as a pod's
 * {@code resources} takes them ({@code cpu: 500m}, {@code memory: 256Mi}).
 *
 * @param requests what the scheduler reserves; null for nothing
 * @param limits the most the container may use; null for no limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(@Nullable Quantities requests, @Nullable Quantities limits) {

    /**
     * A cpu and a memory quantity, each optional.
     *
     * @param cpu cores: {@code 2}, {@code 0.5} or millicores {@code 500m}
     * @param memory bytes with an optional suffix: {@code 256Mi}, {@code 1Gi}, {@code 500M}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quantities(@Nullable String cpu, @Nullable String memory) {}
}
