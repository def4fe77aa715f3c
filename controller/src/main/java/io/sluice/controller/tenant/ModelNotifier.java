package io.sluice.controller.tenant;

import io.sluice.models.tenant.TenantModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each new model to the repository's watchers on a thread of its own, so a slow watcher (a compile)
 * never holds up a commit. Models arrive in revision order; one that is superseded before its turn is skipped,
 * since the newer one contains it.
 */
final class ModelNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelNotifier.class);

    private final List<Consumer<TenantModel>> watchers = new CopyOnWriteArrayList<>();
    private final AtomicReference<TenantModel> latest = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tenant-model-watch");
        t.setDaemon(true);
        return t;
    });
    private long delivered = -1;

    AutoCloseable add(Consumer<TenantModel> watcher, TenantModel current) {
        thread.execute(() -> {
            watchers.add(watcher);
            TenantModel newer = latest.get();
            deliver(watcher, newer != null && newer.revision() > current.revision() ? newer : current);
        });
        return () -> watchers.remove(watcher);
    }

    void publish(TenantModel model) {
        latest.set(model);
        thread.execute(this::drain);
    }

    private void drain() {
        TenantModel model = latest.get();
        if (model == null || model.revision() <= delivered) {
            return;
        }
        delivered = model.revision();
        watchers.forEach(w -> deliver(w, model));
    }

    private static void deliver(Consumer<TenantModel> watcher, TenantModel model) {
        try {
            watcher.accept(model);
        } catch (RuntimeException e) {
            log.warn("tenant model watcher failed at revision {}", model.revision(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
