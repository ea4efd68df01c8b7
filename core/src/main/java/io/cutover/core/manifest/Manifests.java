package io.cutover.core.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads app manifests from YAML or JSON, and writes specs back as JSON.
 *
 * <p>Parsing reports every unknown field (not just the first) and every invalid value, each with its
 * field path, in one {@link InvalidManifestException}.
 */
public final class Manifests {

    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final ObjectMapper YAML = configure(new YAMLMapper(new YAMLFactory()));

    private Manifests() {}

    /**
     * Parses and validates a manifest. YAML is a superset of JSON, so either works.
     *
     * @throws InvalidManifestException listing every problem
     */
    public static AppSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidManifestException(List.of(new Problem("", "the manifest is empty")));
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> secretsInEnv = Set.of();
        AppSpec spec;
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new InvalidManifestException(List.of(new Problem("", "the manifest is empty")));
            }
            if (!tree.isObject()) {
                throw new InvalidManifestException(
                        List.of(new Problem("", "expected a mapping of fields (name, instances, run...), got " + kind(tree))));
            }
            secretsInEnv = RunEnvironment.readSecretForm(tree, problems);
            spec = YAML.readerFor(AppSpec.class)
                    .withHandler(new UnknownFieldCollector(problems))
                    .readValue(tree);
        } catch (InvalidManifestException e) {
            throw e;
        } catch (MismatchedInputException e) {
            problems.add(new Problem(path(e), mismatch(e)));
            throw new InvalidManifestException(RunEnvironment.whereWritten(problems, secretsInEnv));
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(List.of(new Problem("", "malformed manifest" + where(e.getLocation())
                    + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidManifestException(List.of(new Problem("", "unreadable manifest: " + e.getMessage())));
        }
        problems.addAll(ManifestValidator.validate(spec));
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(RunEnvironment.whereWritten(problems, secretsInEnv));
        }
        return spec;
    }

    /**
     * The spec (or any value) as JSON, with every default filled in and every {@link Secret} shown as
     * {@link Secret#MASK}: the form for the API, events and logs.
     */
    public static String toJson(Object value) {
        return write(JSON.writer(), value);
    }

    /**
     * The spec as JSON with its secrets' values, for the store to keep and {@link #fromStoredJson} to
     * read back; nothing else may write them.
     */
    public static String toStoredJson(Object value) {
        return write(JSON.writer().withAttribute(Secret.WRITTEN_AS, UnaryOperator.<String>identity()), value);
    }

    /** The value as JSON with each secret's value written as {@code secrets} makes it. */
    static String toJson(Object value, UnaryOperator<String> secrets) {
        return write(JSON.writer().withAttribute(Secret.WRITTEN_AS, secrets), value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a spec {@link #toStoredJson} wrote; no validation (it was validated when it was first applied). */
    public static AppSpec fromStoredJson(String json) {
        try {
            return JSON.readValue(json, AppSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored spec is not readable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The mapper used for manifests, for callers that embed a spec in a larger JSON document; it writes
     * secrets as {@link Secret#MASK}.
     */
    public static ObjectMapper json() {
        return JSON;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        mapper.configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        mapper.findAndRegisterModules();
        return mapper;
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String mismatch(MismatchedInputException e) {
        String expected = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
        if (e instanceof InvalidFormatException f) {
            return "\"" + f.getValue() + "\" (expected: " + expected + ")";
        }
        return "wrong type (expected: " + expected + ")";
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Secret.class) {
            return "a string";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(enumName((Enum<?>) constant));
            }
            return "one of " + String.join(", ", names);
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return type.getSimpleName();
    }

    private static String enumName(Enum<?> constant) {
        try {
            var annotation = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return annotation == null ? constant.name() : annotation.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "a string";
        }
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Records unknown fields instead of failing on the first, so the user sees them all at once. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {
        private final List<Problem> problems;

        UnknownFieldCollector(List<Problem> problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            String parent = parentPath(p);
            problems.add(new Problem(parent.isEmpty() ? propertyName : parent + "." + propertyName, "unknown field"));
            p.skipChildren();
            return true;
        }

        private static String parentPath(JsonParser p) {
            // The parser's context is at the unknown field; its parents name the enclosing objects.
            List<String> names = new ArrayList<>();
            var context = p.getParsingContext();
            if (p.currentToken() != null && p.currentToken().isStructStart()) {
                context = context.getParent(); // the value's own context; step out to the field's
            }
            context = context.getParent();
            while (context != null && !context.inRoot()) {
                if (context.inObject() && context.getCurrentName() != null) {
                    names.add(0, context.getCurrentName());
                } else if (context.inArray()) {
                    names.add(0, "[" + context.getCurrentIndex() + "]");
                }
                context = context.getParent();
            }
            return String.join(".", names).replace(".[", "[");
        }
    }
}
