package io.cutover.controller.api;

import io.cutover.core.auth.Role;
import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an endpoint needs from its caller: nothing, or a token whose role permits one of the endpoint's
 * roles ({@link Role#permits}: admin permits everything, deployer permits viewer).
 */
enum Access implements RouteRole {
    /** No token: {@code /healthz}. */
    OPEN,
    /** {@code /metrics}: viewer, unless the server runs with {@code --metrics-open}. */
    METRICS(Role.VIEWER),
    VIEWER(Role.VIEWER),
    DEPLOYER(Role.DEPLOYER),
    ADMIN(Role.ADMIN),
    ROUTER(Role.ROUTER),
    /** The route table: what every viewer may read and every router follows. */
    VIEWER_OR_ROUTER(Role.VIEWER, Role.ROUTER);

    private final List<Role> anyOf;

    Access(Role... anyOf) {
        this.anyOf = List.of(anyOf);
    }

    /** Whether a token of {@code role} may call the endpoint. */
    boolean permits(Role role) {
        return anyOf.stream().anyMatch(role::permits);
    }

    /** What the endpoint needs, as a refusal says it: {@code deployer or admin}. */
    String needs() {
        String roles = anyOf.stream().map(Role::word).collect(Collectors.joining(" or "));
        return anyOf.contains(Role.ADMIN) ? roles : roles + " or admin";
    }

    /** The roles whose tokens may call it; empty when it needs no token. */
    List<Role> permitted() {
        return Arrays.stream(Role.values()).filter(this::permits).toList();
    }
}
