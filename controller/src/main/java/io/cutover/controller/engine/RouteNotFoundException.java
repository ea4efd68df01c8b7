package io.cutover.controller.engine;

/** A request named a route that does not exist. */
public final class RouteNotFoundException extends RuntimeException {

    public RouteNotFoundException(String route) {
        super("route \"" + route + "\" not found");
    }
}
