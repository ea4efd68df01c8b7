package io.cutover.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules of {@code run.env} and {@code run.secretEnv}: reading a secret written in {@code env} as
 * {@code NAME: {secret: value}}, and which names and values are allowed. No problem ever quotes a
 * secret's value.
 */
final class RunEnvironment {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED = Set.of("PORT", "PORT0", "PORTS");
    private static final String SHAPE = "expected: a string, or {secret: \"...\"}";

    private RunEnvironment() {}

    /**
     * Moves every {@code run.env.NAME: {secret: value}} of a manifest's tree into {@code run.secretEnv},
     * so the spec holds each secret in one place, and turns scalar secrets into strings (as {@code env}'s
     * values are). Entries it cannot read are reported and dropped, so binding does not report them again.
     *
     * @return the names moved, to report their later problems where the manifest wrote them
     */
    static Set<String> readSecretForm(JsonNode manifest, List<Problem> problems) {
        Set<String> moved = new HashSet<>();
        if (!(manifest.get("run") instanceof ObjectNode run)) {
            return moved;
        }
        if (run.get("secretEnv") instanceof ObjectNode secretEnv) {
            for (String name : names(secretEnv)) {
                JsonNode value = secretEnv.get(name);
                if (value.isContainerNode()) {
                    problems.add(new Problem("run.secretEnv." + name, "wrong type (expected: a string)"));
                    secretEnv.remove(name);
                } else if (value.isValueNode() && !value.isTextual() && !value.isNull()) {
                    secretEnv.set(name, TextNode.valueOf(value.asText()));
                }
            }
        }
        if (!(run.get("env") instanceof ObjectNode env)) {
            return moved;
        }
        for (String name : names(env)) {
            if (env.get(name) instanceof ObjectNode marked) {
                env.remove(name);
                if (secret(name, marked, run, problems)) {
                    moved.add(name);
                }
            }
        }
        return moved;
    }

    private static boolean secret(String name, ObjectNode marked, ObjectNode run, List<Problem> problems) {
        String field = "run.env." + name;
        if (marked.isEmpty()) {
            problems.add(new Problem(field, "an empty mapping (" + SHAPE + ")"));
            return false;
        }
        boolean readable = true;
        for (String other : names(marked)) {
            if (!other.equals("secret")) {
                problems.add(new Problem(field + "." + other, "unknown field (" + SHAPE + ")"));
                readable = false;
            }
        }
        JsonNode value = marked.get("secret");
        if (!readable || value == null) {
            return false;
        }
        if (value.isNull()) {
            problems.add(new Problem(field + ".secret", "has no value (write \"\" for an empty one)"));
            return false;
        }
        if (value.isContainerNode()) {
            problems.add(new Problem(field + ".secret", "wrong type (expected: a string)"));
            return false;
        }
        JsonNode secretEnv = run.get("secretEnv");
        if (secretEnv == null || secretEnv.isNull()) {
            secretEnv = run.putObject("secretEnv");
        }
        if (!(secretEnv instanceof ObjectNode secrets)) {
            return false; // binding reports secretEnv's type
        }
        if (secrets.has(name)) {
            problems.add(new Problem(field, "is also in run.secretEnv (give it once)"));
            return false;
        }
        secrets.put(name, value.asText());
        return true;
    }

    /** Every problem of the variables' names and values. */
    static void check(RunSpec run, List<Problem> problems) {
        for (Map.Entry<String, String> e : run.env().entrySet()) {
            String problem = nameProblem(e.getKey());
            if (problem == null && e.getValue() == null) {
                problem = "has no value (write \"\" for an empty one)";
            }
            if (problem != null) {
                problems.add(new Problem("run.env." + e.getKey(), problem));
            }
        }
        for (Map.Entry<String, Secret> e : run.secretEnv().entrySet()) {
            String problem = nameProblem(e.getKey());
            if (problem == null && run.env().containsKey(e.getKey())) {
                problem = "is also in run.env (a variable is secret or not)";
            } else if (problem == null && e.getValue() == null) {
                problem = "has no value (write \"\" for an empty one)";
            } else if (problem == null && e.getValue().value().equals(Secret.MASK)) {
                problem = "\"" + Secret.MASK + "\" is how Cutover shows a secret (expected: the value itself)";
            }
            if (problem != null) {
                problems.add(new Problem("run.secretEnv." + e.getKey(), problem));
            }
        }
    }

    /** {@code problems} with those of the secrets moved out of {@code env} named where the manifest wrote them. */
    static List<Problem> whereWritten(List<Problem> problems, Set<String> moved) {
        if (moved.isEmpty()) {
            return problems;
        }
        List<Problem> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            String name = p.field().startsWith("run.secretEnv.") ? p.field().substring("run.secretEnv.".length()) : null;
            out.add(name != null && moved.contains(name) ? new Problem("run.env." + name, p.problem()) : p);
        }
        return out;
    }

    private static @Nullable String nameProblem(String name) {
        if (!NAME.matcher(name).matches()) {
            return "not a valid variable name (expected: letters, digits, _)";
        }
        if (RESERVED.contains(name)) {
            return "is set by Cutover (the instance's port)";
        }
        return null;
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
