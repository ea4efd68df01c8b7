package io.cutover.controller.api;

import io.javalin.http.Context;

/** Query parameters several endpoints share; a malformed one is a 400 naming it. */
final class QueryParams {

    /** The most a list answers with at once. */
    static final int MAX_LIMIT = 10_000;

    private QueryParams() {}

    /** {@code ?limit=N}, 1..10000; {@code whenAbsent} without it. */
    static int limit(Context ctx, int whenAbsent) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return whenAbsent;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("limit", "\"" + value + "\" (expected: 1.." + MAX_LIMIT + ")");
    }
}
