package io.cutover.core.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a valid manifest can run on the server's runtime: the local runtime starts commands and has no
 * use for an image, pod resources or pod settings; Kubernetes starts images. Refused fields are named
 * with the reason, never dropped silently.
 */
public final class RuntimeFit {

    /**
     * The port of a pod's identity container, which routers ask who the pod is before using a new
     * connection to it; an app's container port cannot be this one.
     */
    public static final int IDENTITY_PORT = 15201;

    private RuntimeFit() {}

    /** What keeps {@code spec} from running on {@code runtime}; empty when it can. */
    public static List<Problem> problems(AppSpec spec, RuntimeKind runtime) {
        List<Problem> problems = new ArrayList<>();
        RunSpec run = spec.run();
        switch (runtime) {
            case LOCAL -> {
                String elsewhere = " is for the Kubernetes runtime; this server runs local processes (cutover server --runtime local)";
                if (run.image() != null) {
                    problems.add(new Problem("run.image", "an image" + elsewhere + ": give run.command, the shell command that starts the app"));
                }
                if (!run.args().isEmpty()) {
                    problems.add(new Problem("run.args", "container arguments" + elsewhere + ": put them in run.command"));
                }
                if (run.port() != null) {
                    problems.add(new Problem("run.port", "a container port" + elsewhere
                            + ": the local runtime picks a free port and passes it in PORT"));
                }
                if (spec.resources() != null) {
                    problems.add(new Problem("resources", "pod resources" + elsewhere));
                }
                if (spec.kubernetes() != null) {
                    problems.add(new Problem("kubernetes", "pod settings" + elsewhere));
                }
            }
            case KUBERNETES -> {
                if (run.image() == null) {
                    problems.add(new Problem("run.image", "is required on the Kubernetes runtime: a pod runs an image "
                            + "(run.command, if given, runs in its container with /bin/sh -c)"));
                }
                if (run.port() != null && run.port() == IDENTITY_PORT) {
                    problems.add(new Problem("run.port", IDENTITY_PORT + " is the port of the pod's identity container "
                            + "(routers ask it who the pod is); choose another"));
                }
            }
        }
        return problems;
    }
}
