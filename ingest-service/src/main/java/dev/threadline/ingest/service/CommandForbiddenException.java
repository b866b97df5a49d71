package dev.threadline.ingest.service;

/** The caller's token does not allow the command (answered 403); nothing was published. */
public class CommandForbiddenException extends RuntimeException {

    public CommandForbiddenException(String reason) {
        super(reason);
    }
}
