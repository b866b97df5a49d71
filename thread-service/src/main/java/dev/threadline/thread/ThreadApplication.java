package dev.threadline.thread;

import io.micronaut.runtime.Micronaut;

/** Entry point of the thread service: conversation events in, PostgreSQL read model and REST out. */
public final class ThreadApplication {

    private ThreadApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ThreadApplication.class, args);
    }
}
