package dev.threadline.problem;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import jakarta.inject.Singleton;

/** Puts {@link StagedConnectionClose} first in every server connection's pipeline, where it sees every close. */
@Singleton
class StagedConnectionCloseInstaller implements BeanCreatedEventListener<ChannelPipelineCustomizer> {

    static final String HANDLER = "threadline-staged-close";

    @Override
    public ChannelPipelineCustomizer onCreated(BeanCreatedEvent<ChannelPipelineCustomizer> event) {
        ChannelPipelineCustomizer customizer = event.getBean();
        if (customizer.isServerChannel()) {
            customizer.doOnConnect(pipeline -> pipeline.addFirst(HANDLER, new StagedConnectionClose()));
        }
        return customizer;
    }
}
