package io.cutover.controller.auth;

/** A request named a token that does not exist. */
public final class TokenNotFoundException extends RuntimeException {

    public TokenNotFoundException(String name) {
        super("token \"" + name + "\" not found");
    }
}
