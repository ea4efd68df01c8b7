package io.cutover.controller.engine;

/** A request named an app that does not exist. */
public final class AppNotFoundException extends RuntimeException {

    public AppNotFoundException(String app) {
        super("app \"" + app + "\" not found");
    }
}
