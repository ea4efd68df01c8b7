package io.cutover.controller.engine;

/** A request named a deployment that does not exist. */
public final class DeploymentNotFoundException extends RuntimeException {

    public DeploymentNotFoundException(long id) {
        super("deployment " + id + " not found");
    }
}
