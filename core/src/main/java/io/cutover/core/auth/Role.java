package io.cutover.core.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a token may do. {@code viewer} reads; {@code deployer} also changes apps, deployments and routes;
 * {@code admin} may do everything, tokens included. {@code router} is apart: only the routing protocol
 * (watch, acknowledgements, heartbeats, the table), nothing of the rest of the API.
 */
public enum Role {
    VIEWER, DEPLOYER, ADMIN, ROUTER;

    /** Whether a token of this role may call an endpoint that needs {@code needed}. */
    public boolean permits(Role needed) {
        return switch (this) {
            case ADMIN -> true;
            case DEPLOYER -> needed == DEPLOYER || needed == VIEWER;
            case VIEWER -> needed == VIEWER;
            case ROUTER -> needed == ROUTER;
        };
    }

    /** The role's name as the API and the CLI write it: {@code viewer}, {@code deployer}, … */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code text} ({@code viewer}, {@code deployer}, {@code admin}, {@code router}).
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.word().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a role (expected one of: " + words() + ")");
    }

    /** Every role's word, comma-separated. */
    public static String words() {
        return Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", "));
    }
}
