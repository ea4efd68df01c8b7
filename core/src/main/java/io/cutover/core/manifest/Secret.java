package io.cutover.core.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * A value that must not be shown: an environment variable marked secret in the manifest
 * ({@code run.secretEnv}). It prints as {@link #MASK}, and JSON shows it as {@link #MASK} too, unless the
 * writer carries a {@link #WRITTEN_AS} attribute that says otherwise: only the store (which must keep
 * the value) and {@link RevisionHash} (which digests it) set one. So an API view, an event or a log line
 * that includes a spec cannot give a secret away by forgetting to hide it.
 *
 * @param value the value itself; read it only to hand it to the instance
 */
@JsonSerialize(using = Secret.Json.class)
public record Secret(String value) {

    /** How a secret is shown: {@value}. */
    public static final String MASK = "***";

    /**
     * The writer attribute ({@code ObjectWriter.withAttribute}) holding a {@code UnaryOperator<String>}
     * that turns a secret's value into what is written; without it, {@link #MASK} is written.
     */
    public static final Object WRITTEN_AS = Secret.class.getName() + ".writtenAs";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Secret {
        requireNonNull(value, "value");
    }

    /** {@link #MASK}: never the value. */
    @Override
    public String toString() {
        return MASK;
    }

    /** Writes {@link #MASK}, or what the writer's {@link #WRITTEN_AS} attribute makes of the value. */
    static final class Json extends StdSerializer<Secret> {
        Json() {
            super(Secret.class);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void serialize(Secret secret, JsonGenerator out, SerializerProvider provider) throws IOException {
            Object writtenAs = provider.getAttribute(WRITTEN_AS);
            out.writeString(writtenAs == null ? MASK : ((UnaryOperator<String>) writtenAs).apply(secret.value()));
        }
    }
}
