package io.cutover.core.manifest;

import io.cutover.core.model.AppProtocol;
import java.util.List;

/** The problems of a spec's health and readiness checks, for {@link ManifestValidator}. */
final class CheckValidator {

    private CheckValidator() {}

    static void check(AppSpec spec, List<Problem> problems) {
        if (spec.healthCheck() != null) {
            checkHealth(spec.healthCheck(), problems);
            if (spec.healthCheck().protocol() == HealthCheck.Protocol.GRPC && spec.run().speaks() != AppProtocol.H2C) {
                problems.add(new Problem("healthCheck.protocol", "GRPC needs run.protocol: h2c (gRPC is HTTP/2)"));
            }
        }
        if (spec.readinessCheck() != null) {
            checkReadiness(spec.readinessCheck(), problems);
        }
    }

    private static void checkHealth(HealthCheck check, List<Problem> problems) {
        if (check.protocol() == HealthCheck.Protocol.HTTP && !check.path().startsWith("/")) {
            problems.add(new Problem("healthCheck.path", "\"" + check.path() + "\" (expected: starts with /)"));
        }
        if (check.protocol() == HealthCheck.Protocol.COMMAND && (check.command() == null || check.command().isBlank())) {
            problems.add(new Problem("healthCheck.command", "is required when protocol is COMMAND"));
        }
        if (check.service() != null && check.protocol() != HealthCheck.Protocol.GRPC) {
            problems.add(new Problem("healthCheck.service", "is only for protocol GRPC (the gRPC service to ask about)"));
        }
        ManifestValidator.range(problems, "healthCheck.gracePeriodSeconds", check.gracePeriodSeconds(), 0, 3600);
        ManifestValidator.range(problems, "healthCheck.intervalSeconds", check.intervalSeconds(), 1, 3600);
        ManifestValidator.range(problems, "healthCheck.timeoutSeconds", check.timeoutSeconds(), 1, 3600);
        ManifestValidator.range(problems, "healthCheck.maxConsecutiveFailures", check.maxConsecutiveFailures(), 1, 1000);
    }

    private static void checkReadiness(ReadinessCheck check, List<Problem> problems) {
        if (!check.path().startsWith("/")) {
            problems.add(new Problem("readinessCheck.path", "\"" + check.path() + "\" (expected: starts with /)"));
        }
        ManifestValidator.range(problems, "readinessCheck.intervalSeconds", check.intervalSeconds(), 1, 3600);
        ManifestValidator.range(problems, "readinessCheck.timeoutSeconds", check.timeoutSeconds(), 1, 3600);
        if (check.httpStatusCodesForReady().isEmpty()) {
            problems.add(new Problem("readinessCheck.httpStatusCodesForReady", "must list at least one status"));
        }
        for (int i = 0; i < check.httpStatusCodesForReady().size(); i++) {
            Integer code = check.httpStatusCodesForReady().get(i);
            ManifestValidator.range(problems, "readinessCheck.httpStatusCodesForReady[" + i + "]", code == null ? -1 : code, 100, 599);
        }
    }
}
