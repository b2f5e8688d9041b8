package io.facegate.observe;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The JDK's log manager closes every handler from its own shutdown hook, which runs in parallel with facegate's: the
 * lines the shutdown writes (each output driven to its safe state) were lost. This one ignores that early reset;
 * facegate's hook calls {@link #finish()} as its last step, which flushes and closes the handlers. Installed by
 * {@code Main} through {@code java.util.logging.manager} before any logger exists.
 */
public final class ShutdownSafeLogManager extends LogManager {

    /** The JDK's shutdown hook thread class ({@code LogManager.Cleaner}), whose reset is deferred. */
    private static final String JDK_CLEANER = LogManager.class.getName() + "$Cleaner";

    @Override
    public void reset() {
        if (!Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
            super.reset();
        }
    }

    /** Flushes and closes every handler (the JDK's deferred reset); a no-op under another log manager. */
    public static void finish() {
        LogManager manager = LogManager.getLogManager();
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        if (manager instanceof ShutdownSafeLogManager) {
            manager.reset();
        }
    }
}
