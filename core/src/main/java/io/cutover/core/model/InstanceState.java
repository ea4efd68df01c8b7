package io.cutover.core.model;

/** Where an instance is in its life. */
public enum InstanceState {
    /** Launched; its checks have not passed yet. */
    STARTING,
    /** Running and past its first successful checks. */
    RUNNING,
    /** Being taken out: drained, then SIGTERM, then SIGKILL. */
    STOPPING,
    /** The process is gone. */
    EXITED
}
