package io.sluice.dataplane.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Helpers for {@link CompletableFuture}, the type the agent composes: from Netty's futures, and back to causes. */
public final class Futures {
    private Futures() {
    }

    /** Completes with the channel once {@code connect} succeeds, or with its failure. */
    public static CompletableFuture<Channel> connected(ChannelFuture connect) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        connect.addListener((ChannelFuture attempt) -> {
            if (attempt.isSuccess()) {
                result.complete(attempt.channel());
            } else {
                result.completeExceptionally(attempt.cause());
            }
        });
        return result;
    }

    /** Completes when the channel has closed. */
    public static CompletableFuture<Void> closed(Channel channel) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        channel.closeFuture().addListener(ignored -> result.complete(null));
        return result;
    }

    /** The failure itself rather than the {@link CompletionException} that a dependent stage wraps it in. */
    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
