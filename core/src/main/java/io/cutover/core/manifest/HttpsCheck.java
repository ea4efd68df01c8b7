package io.cutover.core.manifest;

import io.cutover.core.routing.HttpsPolicy;
import java.util.List;

/** The checks of a manifest's {@code https:} part. */
final class HttpsCheck {

    private HttpsCheck() {}

    static void check(HttpsPolicy https, List<Problem> problems) {
        long maxAge = https.hstsMaxAgeSeconds();
        if (maxAge < 0 || maxAge > HttpsPolicy.MAX_HSTS_AGE_SECONDS) {
            problems.add(new Problem("https.hstsMaxAgeSeconds", maxAge + " (expected: 0.." + HttpsPolicy.MAX_HSTS_AGE_SECONDS
                    + ", two years; 0 for no Strict-Transport-Security)"));
            return;
        }
        if (maxAge == 0) {
            for (String field : List.of("hstsIncludeSubDomains", "hstsPreload")) {
                boolean given = field.equals("hstsPreload") ? https.hstsPreload() : https.hstsIncludeSubDomains();
                if (given) {
                    problems.add(new Problem("https." + field, "only with https.hstsMaxAgeSeconds above 0"));
                }
            }
        } else if (https.hstsPreload() && (!https.hstsIncludeSubDomains() || maxAge < HttpsPolicy.MIN_PRELOAD_AGE_SECONDS)) {
            problems.add(new Problem("https.hstsPreload", "needs https.hstsIncludeSubDomains: true and https.hstsMaxAgeSeconds of at least "
                    + HttpsPolicy.MIN_PRELOAD_AGE_SECONDS + " (one year), as the browsers' preload lists require"));
        }
    }
}
