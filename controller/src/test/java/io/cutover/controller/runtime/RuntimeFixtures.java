package io.cutover.controller.runtime;

import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.RunSpec;
import io.cutover.core.model.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What runtime tests launch. */
public final class RuntimeFixtures {

    private RuntimeFixtures() {}

    /** A launch of {@code command} as instance {@code id} of revision 1 of an app "a". */
    public static InstanceRuntime.Launch launch(String id, String command, Duration grace) {
        RunSpec run = new RunSpec(command, Map.of(), null);
        Revision revision = new Revision("a", 1, "0123456789ab",
                Manifests.parse(Manifests.toJson(Map.of("name", "a", "run", Map.of("command", command)))), Instant.now());
        return new InstanceRuntime.Launch(id, revision, run, grace);
    }
}
