package io.cutover.core.manifest;

import io.cutover.core.deploy.RollingBounds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks that a parsed spec makes sense, and reports every problem with its field path. */
public final class ManifestValidator {

    /** Longest app name; leaves room for suffixes like {@code --canary} in hostnames (63 per label). */
    public static final int MAX_NAME_LENGTH = 50;
    /** Most instances one app may ask for. */
    public static final int MAX_INSTANCES = 1000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private ManifestValidator() {}

    /** Every problem of the spec; empty when it is valid. */
    public static List<Problem> validate(AppSpec spec) {
        List<Problem> problems = new ArrayList<>();
        checkName(spec.name(), problems);
        range(problems, "instances", spec.instances(), 0, MAX_INSTANCES);
        checkRun(spec.run(), problems);
        KubernetesFields.check(spec, problems);
        checkRoutes(spec.routes(), problems);
        CheckValidator.check(spec, problems);
        checkStrategy(spec.strategy(), spec.instances(), problems);
        if (spec.https() != null) {
            HttpsCheck.check(spec.https(), problems);
        }
        range(problems, "killGracePeriodSeconds", spec.killGracePeriodSeconds(), 0, 3600);
        range(problems, "drainTimeoutSeconds", spec.drainTimeoutSeconds(), 0, 3600);
        range(problems, "backoffSeconds", spec.backoffSeconds(), 0, 3600);
        range(problems, "backoffFactor", spec.backoffFactor(), 1, 100);
        range(problems, "maxLaunchDelaySeconds", spec.maxLaunchDelaySeconds(), 0, 86400);
        range(problems, "revisionHistoryLimit", spec.revisionHistoryLimit(), 1, 1000);
        if (spec.hooks() != null && spec.hooks().handoff() != null) {
            checkHandoff(spec.hooks().handoff(), problems);
            if (spec.strategy().type() != StrategySpec.Type.BLUE_GREEN) {
                problems.add(new Problem("hooks.handoff", "only for strategy blueGreen (this strategy is "
                        + spec.strategy().type().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            }
        }
        return problems;
    }

    private static void checkHandoff(Hooks.Handoff h, List<Problem> problems) {
        int kinds = (h.command() != null ? 1 : 0) + (h.http() != null ? 1 : 0);
        if (kinds != 1) {
            problems.add(new Problem("hooks.handoff", "give exactly one of command and http (got " + kinds + ")"));
        }
        if (h.command() != null && h.command().isBlank()) {
            problems.add(new Problem("hooks.handoff.command", "must not be empty"));
        }
        if (h.http() != null) {
            if (h.http().path() == null || !h.http().path().startsWith("/")) {
                problems.add(new Problem("hooks.handoff.http.path", "\"" + h.http().path() + "\" (expected: a path starting with /)"));
            }
            if (!Set.of("GET", "POST", "PUT").contains(h.http().method())) {
                problems.add(new Problem("hooks.handoff.http.method", "\"" + h.http().method() + "\" (expected: GET, POST or PUT)"));
            }
        }
        range(problems, "hooks.handoff.timeoutSeconds", h.timeoutSeconds(), 1, 3600);
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
        String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (first.endsWith("--canary") || first.endsWith("--preview")) {
            return "\"" + host + "\" is reserved: APP--canary and APP--preview hosts reach an app's canary or preview revision";
        }
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
        if (run.command().isBlank() && run.image() == null) {
            problems.add(new Problem("run.command", "is required and must not be empty (or run.image, on Kubernetes)"));
        }
        RunEnvironment.check(run, problems);
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

    private static void checkStrategy(StrategySpec strategy, int instances, List<Problem> problems) {
        if (strategy.type() == StrategySpec.Type.BLUE_GREEN) {
            checkBlueGreen(strategy, problems);
        } else {
            for (String field : blueGreenFieldsGiven(strategy)) {
                problems.add(new Problem("strategy." + field, "only for type blueGreen (this strategy is "
                        + strategy.type().name().toLowerCase(java.util.Locale.ROOT) + ")"));
            }
        }
        if (strategy.type() == StrategySpec.Type.CANARY) {
            checkCanary(strategy, instances, problems);
        } else {
            for (String field : canaryFieldsGiven(strategy)) {
                problems.add(new Problem("strategy." + field, "only for type canary (this strategy is "
                        + strategy.type().name().toLowerCase(java.util.Locale.ROOT).replace("blue_green", "blueGreen") + ")"));
            }
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

    private static List<String> canaryFieldsGiven(StrategySpec s) {
        List<String> given = new ArrayList<>();
        if (s.steps() != null) {
            given.add("steps");
        }
        if (s.stepWeights() != null) {
            given.add("stepWeights");
        }
        if (s.instanceSteps() != null) {
            given.add("instanceSteps");
        }
        if (s.stepTimeoutSeconds() != null) {
            given.add("stepTimeoutSeconds");
        }
        if (s.stickySessions()) {
            given.add("stickySessions");
        }
        if (s.analysis() != null) {
            given.add("analysis");
        }
        if (s.mirror() != null) {
            given.add("mirror");
        }
        return given;
    }

    private static void checkBlueGreen(StrategySpec s, List<Problem> problems) {
        if (s.autoPromotionSeconds() != null) {
            range(problems, "strategy.autoPromotionSeconds", s.autoPromotionSeconds(), 0, 86400 * 7);
        }
        range(problems, "strategy.scaleDownDelaySeconds", s.scaleDownDelaySeconds(), 0, 86400);
        if (s.prePromotionChecks() != null) {
            for (int i = 0; i < s.prePromotionChecks().size(); i++) {
                HttpProbe probe = s.prePromotionChecks().get(i);
                String field = "strategy.prePromotionChecks[" + i + "]";
                if (probe == null || probe.path() == null || !probe.path().startsWith("/")) {
                    problems.add(new Problem(field + ".path", (probe == null ? "null" : "\"" + probe.path() + "\"")
                            + " (expected: a path starting with /)"));
                } else {
                    range(problems, field + ".status", probe.status(), 100, 599);
                }
            }
        }
        if (s.prePromotionAnalysis() != null) {
            checkAnalysis(problems, "strategy.prePromotionAnalysis", s.prePromotionAnalysis(), 1);
        }
        if (s.postPromotionAnalysis() != null) {
            checkAnalysis(problems, "strategy.postPromotionAnalysis", s.postPromotionAnalysis(), 1);
        }
    }

    private static List<String> blueGreenFieldsGiven(StrategySpec s) {
        List<String> given = new ArrayList<>();
        if (s.autoPromotionSeconds() != null) {
            given.add("autoPromotionSeconds");
        }
        if (s.scaleDownDelaySeconds() != 30) {
            given.add("scaleDownDelaySeconds");
        }
        if (s.prePromotionChecks() != null) {
            given.add("prePromotionChecks");
        }
        if (s.prePromotionAnalysis() != null) {
            given.add("prePromotionAnalysis");
        }
        if (s.postPromotionAnalysis() != null) {
            given.add("postPromotionAnalysis");
        }
        return given;
    }

    private static void checkCanary(StrategySpec s, int instances, List<Problem> problems) {
        int forms = (s.steps() != null ? 1 : 0) + (s.stepWeights() != null ? 1 : 0) + (s.instanceSteps() != null ? 1 : 0);
        if (forms == 0) {
            problems.add(new Problem("strategy.steps", "is required for a canary (or its shorthand stepWeights or instanceSteps)"));
        } else if (forms > 1) {
            problems.add(new Problem("strategy.steps", "give one of steps, stepWeights and instanceSteps, not " + forms));
        }
        range(problems, "strategy.maxInFlight", s.maxInFlight(), 1, 1000);
        if (s.stepTimeoutSeconds() != null) {
            range(problems, "strategy.stepTimeoutSeconds", s.stepTimeoutSeconds(), 1, 86400 * 7);
        }
        if (s.steps() != null) {
            checkSteps(s.steps(), instances, problems);
        }
        increasing(problems, "strategy.stepWeights", s.stepWeights(), 1, 100);
        increasing(problems, "strategy.instanceSteps", s.instanceSteps(), 1, Math.max(1, instances));
        if (s.analysis() != null) {
            checkAnalysis(problems, "strategy.analysis", s.analysis(), null);
        }
        if (s.mirror() != null) {
            if (s.mirror().percent() == null) {
                problems.add(new Problem("strategy.mirror.percent", "is required (expected: 1..100)"));
            } else {
                range(problems, "strategy.mirror.percent", s.mirror().percent(), 1, 100);
            }
        }
    }

    /** An analysis; {@code defaultCount} is its window count when none is given (null: unbounded). */
    private static void checkAnalysis(List<Problem> problems, String field, AnalysisSpec analysis, @Nullable Integer defaultCount) {
        java.time.Duration interval = Durations.parse(analysis.interval());
        if (interval == null || interval.isZero()) {
            problems.add(new Problem(field + ".interval", "\"" + analysis.interval() + "\" (expected: " + Durations.EXPECTED + ")"));
        }
        range(problems, field + ".maxErrorRate", analysis.maxErrorRate(), 0, 100);
        if (analysis.maxErrorRateIncrease() != null) {
            range(problems, field + ".maxErrorRateIncrease", analysis.maxErrorRateIncrease(), 0, 100);
        }
        range(problems, field + ".latencyTolerance", analysis.latencyTolerance(), 0, 1000);
        range(problems, field + ".confidence", analysis.confidence(), 0.5, 0.9999);
        range(problems, field + ".minSamples", analysis.minSamples(), 1, 10_000_000);
        if (analysis.count() != null) {
            range(problems, field + ".count", analysis.count(), 1, 10_000);
        }
        range(problems, field + ".failureLimit", analysis.failureLimit(), 0, 10_000);
        Integer count = analysis.count() != null ? analysis.count() : defaultCount;
        if (count != null && analysis.failureLimit() >= count) {
            problems.add(new Problem(field + ".failureLimit", analysis.failureLimit() + " (expected: less than count "
                    + count + ", or no window could fail the analysis)"));
        }
    }

    private static void checkSteps(List<CanaryStep> steps, int instances, List<Problem> problems) {
        if (steps.isEmpty()) {
            problems.add(new Problem("strategy.steps", "is empty (expected: at least one step)"));
        }
        int lastWeight = 0;
        for (int i = 0; i < steps.size(); i++) {
            String field = "strategy.steps[" + i + "]";
            CanaryStep step = steps.get(i);
            if (step == null || step.kinds() == 0) {
                problems.add(new Problem(field, "an empty step (expected: one of setWeight, pause, setCanaryScale, analysis)"));
                continue;
            }
            if (step.kinds() > 1) {
                problems.add(new Problem(field, "names " + step.kinds() + " steps (expected: one of setWeight, pause, setCanaryScale, analysis per step)"));
                continue;
            }
            if (step.setWeight() != null) {
                range(problems, field + ".setWeight", step.setWeight(), 0, 100);
                if (step.setWeight() < lastWeight) {
                    problems.add(new Problem(field + ".setWeight", step.setWeight() + " (expected: at least " + lastWeight
                            + ", the weight of the step before; weights only grow, a cancel takes them back)"));
                }
                lastWeight = Math.max(lastWeight, step.setWeight());
            }
            if (step.pause() != null && step.pause().duration() != null) {
                java.time.Duration d = Durations.parse(step.pause().duration());
                if (d == null || d.isZero()) {
                    problems.add(new Problem(field + ".pause.duration", "\"" + step.pause().duration() + "\" (expected: "
                            + Durations.EXPECTED + "; leave it out to pause until continued)"));
                }
            }
            if (step.analysis() != null) {
                checkAnalysis(problems, field + ".analysis", step.analysis(), 1);
            }
            CanaryStep.Scale scale = step.setCanaryScale();
            if (scale != null) {
                if (scale.kinds() != 1) {
                    problems.add(new Problem(field + ".setCanaryScale", "expected exactly one of instances, weight, matchTrafficWeight"));
                } else if (scale.instances() != null) {
                    range(problems, field + ".setCanaryScale.instances", scale.instances(), 0, Math.max(0, instances));
                } else if (scale.weight() != null) {
                    range(problems, field + ".setCanaryScale.weight", scale.weight(), 0, 100);
                } else if (!scale.matchTrafficWeight()) {
                    problems.add(new Problem(field + ".setCanaryScale.matchTrafficWeight", "false (expected: true, or leave it out)"));
                }
            }
        }
    }

    /** A list that must be strictly increasing, each value in min..max. */
    private static void increasing(List<Problem> problems, String field, @Nullable List<Integer> values, int min, int max) {
        if (values == null) {
            return;
        }
        if (values.isEmpty()) {
            problems.add(new Problem(field, "is empty (expected: at least one value)"));
        }
        Integer before = null;
        for (int i = 0; i < values.size(); i++) {
            Integer value = values.get(i);
            String at = field + "[" + i + "]";
            if (value == null) {
                problems.add(new Problem(at, "is empty (expected: a whole number " + min + ".." + max + ")"));
                continue;
            }
            range(problems, at, value, min, max);
            if (before != null && value <= before) {
                problems.add(new Problem(at, value + " (expected: more than " + before + ", the value before)"));
            }
            before = value;
        }
    }

    static void range(List<Problem> problems, String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            problems.add(new Problem(field, format(value) + " (expected: " + format(min) + ".." + format(max) + ")"));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
