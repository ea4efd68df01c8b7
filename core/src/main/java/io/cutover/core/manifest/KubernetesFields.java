package io.cutover.core.manifest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the fields the Kubernetes runtime uses: {@code run.image}, {@code run.args},
 * {@code run.port}, {@code resources} and {@code kubernetes}. Kubernetes' own syntax (quantities, label
 * keys and values, names) is checked here, so a manifest is refused with the field named before any pod
 * is made. Whether the server's runtime takes these fields at all is {@link RuntimeFit}'s question.
 */
final class KubernetesFields {

    private static final Pattern CPU = Pattern.compile("([0-9]+(\\.[0-9]+)?)(m?)");
    private static final Pattern MEMORY = Pattern.compile("([0-9]+(\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** The annotation Cutover sets on the pod it is about to remove, so Kubernetes removes that one. */
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final Set<String> OPERATORS = Set.of("Equal", "Exists");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Map<String, BigDecimal> MEMORY_UNITS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)), Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)), Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)), Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)), Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private KubernetesFields() {}

    static void check(AppSpec spec, List<Problem> problems) {
        checkRun(spec.run(), problems);
        if (spec.resources() != null) {
            checkResources(spec.resources(), problems);
        }
        if (spec.kubernetes() != null) {
            checkPod(spec.kubernetes(), problems);
        }
    }

    private static void checkRun(RunSpec run, List<Problem> problems) {
        String image = run.image();
        if (image != null && (image.isBlank() || image.chars().anyMatch(Character::isWhitespace))) {
            problems.add(new Problem("run.image", "\"" + image + "\" (expected: an image reference such as registry.example/hello:1.0)"));
        }
        if (!run.args().isEmpty() && !run.command().isBlank()) {
            problems.add(new Problem("run.args", "give run.command (run with /bin/sh -c) or run.args (to the image's entrypoint), not both"));
        }
        for (int i = 0; i < run.args().size(); i++) {
            if (run.args().get(i) == null) {
                problems.add(new Problem("run.args[" + i + "]", "must not be empty"));
            }
        }
        if (run.port() != null && (run.port() < 1 || run.port() > 65535)) {
            problems.add(new Problem("run.port", run.port() + " (expected: 1..65535)"));
        }
    }

    private static void checkResources(Resources resources, List<Problem> problems) {
        BigDecimal cpuRequest = null;
        BigDecimal memoryRequest = null;
        if (resources.requests() != null) {
            cpuRequest = cpu("resources.requests.cpu", resources.requests().cpu(), problems);
            memoryRequest = memory("resources.requests.memory", resources.requests().memory(), problems);
        }
        if (resources.limits() != null) {
            BigDecimal cpuLimit = cpu("resources.limits.cpu", resources.limits().cpu(), problems);
            BigDecimal memoryLimit = memory("resources.limits.memory", resources.limits().memory(), problems);
            if (resources.requests() != null) {
                notAbove("resources.requests.cpu", cpuRequest, resources.requests().cpu(), cpuLimit, resources.limits().cpu(), problems);
                notAbove("resources.requests.memory", memoryRequest, resources.requests().memory(), memoryLimit,
                        resources.limits().memory(), problems);
            }
        }
    }

    private static void notAbove(String field, @Nullable BigDecimal request, @Nullable String requested, @Nullable BigDecimal limit,
            @Nullable String limitText, List<Problem> problems) {
        if (request != null && limit != null && request.compareTo(limit) > 0) {
            problems.add(new Problem(field, requested + " is more than the limit " + limitText + " (a request cannot exceed its limit)"));
        }
    }

    private static @Nullable BigDecimal cpu(String field, @Nullable String value, List<Problem> problems) {
        if (value == null) {
            return null;
        }
        Matcher m = CPU.matcher(value);
        if (!m.matches() || new BigDecimal(m.group(1)).signum() == 0) {
            problems.add(new Problem(field, "\"" + value + "\" (expected: cores such as 2 or 0.5, or millicores such as 500m)"));
            return null;
        }
        BigDecimal cores = new BigDecimal(m.group(1));
        return m.group(3).isEmpty() ? cores : cores.movePointLeft(3);
    }

    private static @Nullable BigDecimal memory(String field, @Nullable String value, List<Problem> problems) {
        if (value == null) {
            return null;
        }
        Matcher m = MEMORY.matcher(value);
        if (!m.matches() || new BigDecimal(m.group(1)).signum() == 0) {
            problems.add(new Problem(field, "\"" + value + "\" (expected: bytes with an optional suffix, such as 256Mi, 1Gi or 500M)"));
            return null;
        }
        return new BigDecimal(m.group(1)).multiply(MEMORY_UNITS.get(m.group(3) == null ? "" : m.group(3)));
    }

    private static void checkPod(PodSettings pod, List<Problem> problems) {
        if (pod.serviceAccountName() != null) {
            name("kubernetes.serviceAccountName", pod.serviceAccountName(), problems);
        }
        for (int i = 0; i < pod.imagePullSecrets().size(); i++) {
            name("kubernetes.imagePullSecrets[" + i + "]", pod.imagePullSecrets().get(i), problems);
        }
        labels("kubernetes.nodeSelector", pod.nodeSelector(), true, false, problems);
        labels("kubernetes.labels", pod.labels(), true, true, problems);
        labels("kubernetes.annotations", pod.annotations(), false, true, problems);
        for (int i = 0; i < pod.tolerations().size(); i++) {
            toleration("kubernetes.tolerations[" + i + "]", pod.tolerations().get(i), problems);
        }
    }

    private static void toleration(String field, PodSettings.@Nullable Toleration t, List<Problem> problems) {
        if (t == null) {
            problems.add(new Problem(field, "must not be empty"));
            return;
        }
        String operator = t.operator() == null ? "Equal" : t.operator();
        if (!OPERATORS.contains(operator)) {
            problems.add(new Problem(field + ".operator", "\"" + operator + "\" (expected: Equal or Exists)"));
        }
        if (operator.equals("Exists") && t.value() != null && !t.value().isEmpty()) {
            problems.add(new Problem(field + ".value", "must be empty with operator Exists"));
        }
        if (operator.equals("Equal") && (t.key() == null || t.key().isEmpty())) {
            problems.add(new Problem(field + ".key", "is required with operator Equal (an empty key matches every taint only with Exists)"));
        }
        if (t.key() != null && !t.key().isEmpty()) {
            String problem = keyProblem(t.key());
            if (problem != null) {
                problems.add(new Problem(field + ".key", problem));
            }
        }
        if (t.effect() != null && !t.effect().isEmpty() && !EFFECTS.contains(t.effect())) {
            problems.add(new Problem(field + ".effect", "\"" + t.effect() + "\" (expected: NoSchedule, PreferNoSchedule or NoExecute)"));
        }
        if (t.tolerationSeconds() != null && !"NoExecute".equals(t.effect())) {
            problems.add(new Problem(field + ".tolerationSeconds", "only with effect NoExecute"));
        }
    }

    /**
     * Label (or annotation) keys as Kubernetes takes them; label values too when {@code values}; Cutover's
     * own keys refused when {@code reserved}.
     */
    private static void labels(String field, Map<String, String> map, boolean values, boolean reserved, List<Problem> problems) {
        map.forEach((key, value) -> {
            String problem = keyProblem(key);
            if (problem != null) {
                problems.add(new Problem(field + "." + key, problem));
            } else if (reserved && (key.startsWith("cutover.io/") || key.equals(values ? "app.kubernetes.io/name" : DELETION_COST))) {
                problems.add(new Problem(field + "." + key, "is Cutover's own (cutover.io/*, the label app.kubernetes.io/name, "
                        + "the annotation " + DELETION_COST + ")"));
            }
            if (values && value != null && !value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
                problems.add(new Problem(field + "." + key, "\"" + value
                        + "\" (expected: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"));
            }
            if (value == null) {
                problems.add(new Problem(field + "." + key, "wrong type (expected: a string; quote numbers)"));
            }
        });
    }

    private static @Nullable String keyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            return "the prefix \"" + prefix + "\" (expected: a DNS subdomain such as example.com)";
        }
        if (!LABEL_NAME.matcher(name).matches()) {
            return "\"" + key + "\" (expected: [prefix/]name, the name at most 63 letters, digits, '-', '_' or '.', "
                    + "starting and ending with a letter or digit)";
        }
        return null;
    }

    private static void name(String field, @Nullable String value, List<Problem> problems) {
        if (value == null || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            problems.add(new Problem(field, "\"" + value + "\" (expected: a Kubernetes name: lower-case letters, digits, '-' and '.')"));
        }
    }
}
