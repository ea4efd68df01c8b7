package io.cutover.core.manifest;

import io.cutover.core.deploy.RollingBounds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks that a parsed spec makes sense, and reports every problem with its field path. */
public final class ManifestValidator {

    /** Longest app name; leaves room for suffixes like {@code --canary} in hostnames (63 per label). */
    public static final int MAX_NAME_LENGTH = 50;
    /** Most instances one app may ask for. */
    public static final int MAX_INSTANCES = 1000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED_ENV = Set.of("PORT", "PORT0", "PORTS");

    private ManifestValidator() {}

    /** Every problem of the spec; empty when it is valid. */
    public static List<Problem> validate(AppSpec spec) {
        List<Problem> problems = new ArrayList<>();
        checkName(spec.name(), problems);
        range(problems, "instances", spec.instances(), 0, MAX_INSTANCES);
        checkRun(spec.run(), problems);
        checkRoutes(spec.routes(), problems);
        if (spec.healthCheck() != null) {
            checkHealth(spec.healthCheck(), problems);
        }
        if (spec.readinessCheck() != null) {
            checkReadiness(spec.readinessCheck(), problems);
        }
        checkStrategy(spec.strategy(), problems);
        range(problems, "killGracePeriodSeconds", spec.killGracePeriodSeconds(), 0, 3600);
        range(problems, "drainTimeoutSeconds", spec.drainTimeoutSeconds(), 0, 3600);
        range(problems, "backoffSeconds", spec.backoffSeconds(), 0, 3600);
        range(problems, "backoffFactor", spec.backoffFactor(), 1, 100);
        range(problems, "maxLaunchDelaySeconds", spec.maxLaunchDelaySeconds(), 0, 86400);
        return problems;
    }

    /**
     * Whether {@code host} is a valid route host: lower-case DNS labels, optionally a leading {@code *.};
     * the problem otherwise, or null.
     */
    public static String hostProblem(String host) {
        if (host == null || host.isEmpty()) {
            return "must not be empty";
        }
        if (host.length() > 253) {
            return "\"" + host + "\" is longer than 253 characters";
        }
        String rest = host.startsWith("*.") ? host.substring(2) : host;
        for (String label : rest.split("\\.", -1)) {
            if (label.length() > 63 || !HOST_LABEL.matcher(label).matches()) {
                return "\"" + host + "\" (expected: a hostname of lower-case letters, digits and dashes, like"
                        + " hello.localhost or *.example.com)";
            }
        }
        return null;
    }

    private static void checkName(String name, List<Problem> problems) {
        if (name.isEmpty()) {
            problems.add(new Problem("name", "is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new Problem("name", "\"" + name + "\" is longer than " + MAX_NAME_LENGTH + " characters"));
        } else if (!NAME.matcher(name).matches() || name.contains("--")) {
            problems.add(new Problem("name", "\"" + name
                    + "\" (expected: lower-case letters, digits and single dashes, starting and ending with a letter or digit)"));
        }
    }

    private static void checkRun(RunSpec run, List<Problem> problems) {
        if (run.command().isBlank()) {
            problems.add(new Problem("run.command", "is required and must not be empty"));
        }
        for (Map.Entry<String, String> e : run.env().entrySet()) {
            String field = "run.env." + e.getKey();
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                problems.add(new Problem(field, "not a valid variable name (expected: letters, digits, _)"));
            } else if (RESERVED_ENV.contains(e.getKey())) {
                problems.add(new Problem(field, "is set by Cutover (the instance's port)"));
            } else if (e.getValue() == null) {
                problems.add(new Problem(field, "has no value (write \"\" for an empty one)"));
            }
        }
        if (run.workingDir() != null && run.workingDir().isBlank()) {
            problems.add(new Problem("run.workingDir", "must not be empty when given"));
        }
    }

    private static void checkRoutes(List<String> routes, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            String field = "routes[" + i + "]";
            String route = routes.get(i);
            if (route == null) {
                problems.add(new Problem(field, "must not be empty"));
                continue;
            }
            String host = route.contains("/") ? route.substring(0, route.indexOf('/')) : route;
            String problem = hostProblem(host);
            if (problem != null) {
                problems.add(new Problem(field, problem));
            } else if (!seen.add(route)) {
                problems.add(new Problem(field, "\"" + route + "\" is listed twice"));
            }
        }
    }

    private static void checkHealth(HealthCheck check, List<Problem> problems) {
        if (check.protocol() == HealthCheck.Protocol.HTTP && !check.path().startsWith("/")) {
            problems.add(new Problem("healthCheck.path", "\"" + check.path() + "\" (expected: starts with /)"));
        }
        if (check.protocol() == HealthCheck.Protocol.COMMAND && (check.command() == null || check.command().isBlank())) {
            problems.add(new Problem("healthCheck.command", "is required when protocol is COMMAND"));
        }
        range(problems, "healthCheck.gracePeriodSeconds", check.gracePeriodSeconds(), 0, 3600);
        range(problems, "healthCheck.intervalSeconds", check.intervalSeconds(), 1, 3600);
        range(problems, "healthCheck.timeoutSeconds", check.timeoutSeconds(), 1, 3600);
        range(problems, "healthCheck.maxConsecutiveFailures", check.maxConsecutiveFailures(), 1, 1000);
    }

    private static void checkReadiness(ReadinessCheck check, List<Problem> problems) {
        if (!check.path().startsWith("/")) {
            problems.add(new Problem("readinessCheck.path", "\"" + check.path() + "\" (expected: starts with /)"));
        }
        range(problems, "readinessCheck.intervalSeconds", check.intervalSeconds(), 1, 3600);
        range(problems, "readinessCheck.timeoutSeconds", check.timeoutSeconds(), 1, 3600);
        if (check.httpStatusCodesForReady().isEmpty()) {
            problems.add(new Problem("readinessCheck.httpStatusCodesForReady", "must list at least one status"));
        }
        for (int i = 0; i < check.httpStatusCodesForReady().size(); i++) {
            Integer code = check.httpStatusCodesForReady().get(i);
            range(problems, "readinessCheck.httpStatusCodesForReady[" + i + "]", code == null ? -1 : code, 100, 599);
        }
    }

    private static void checkStrategy(StrategySpec strategy, List<Problem> problems) {
        if (strategy.type() == StrategySpec.Type.CANARY || strategy.type() == StrategySpec.Type.BLUE_GREEN) {
            problems.add(new Problem("strategy.type", (strategy.type() == StrategySpec.Type.CANARY ? "canary" : "blueGreen")
                    + " is not available yet (expected: rolling or recreate)"));
        }
        if (strategy.minimumHealthCapacity() != null) {
            range(problems, "strategy.minimumHealthCapacity", strategy.minimumHealthCapacity(), 0, 1);
        }
        if (strategy.maximumOverCapacity() != null) {
            range(problems, "strategy.maximumOverCapacity", strategy.maximumOverCapacity(), 0, 1);
        }
        problems.addAll(RollingBounds.problems(strategy));
        range(problems, "strategy.progressDeadlineSeconds", strategy.progressDeadlineSeconds(), 1, 86400);
        range(problems, "strategy.maxLaunchFailures", strategy.maxLaunchFailures(), 1, 1000);
    }

    private static void range(List<Problem> problems, String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            problems.add(new Problem(field, format(value) + " (expected: " + format(min) + ".." + format(max) + ")"));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
