package io.cutover.sandbox;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.concurrent.ThreadLocalRandom;

/** What the sandbox's controllers share: how they name what they make, and how they learn of changes. */
final class Controllers {

    private Controllers() {}

    /** Five characters, as Kubernetes' generated names end. */
    static String suffix() {
        StringBuilder out = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            out.append("bcdfghjklmnpqrstvwxz2456789".charAt(ThreadLocalRandom.current().nextInt(27)));
        }
        return out.toString();
    }

    /** A handler that runs {@code reconcile} after every add, update and delete, whatever changed. */
    static <T> ResourceEventHandler<T> onAnyChange(Runnable reconcile) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T added) {
                reconcile.run();
            }

            @Override
            public void onUpdate(T before, T after) {
                reconcile.run();
            }

            @Override
            public void onDelete(T deleted, boolean finalStateUnknown) {
                reconcile.run();
            }
        };
    }
}
