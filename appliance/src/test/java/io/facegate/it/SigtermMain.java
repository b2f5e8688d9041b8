package io.facegate.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import io.facegate.Main;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.gpio.MockGpio;
import io.facegate.model.ModelRegistry;
import io.facegate.ops.SystemdNotifier;
import io.facegate.Appliance;

/**
 * The service as {@code Main.main} runs it, with Pi4J's mock lines instead of gpiod, for {@link SigtermIT}: prints
 * {@code ready}, then every level of output {@code door}, and, once facegate's shutdown hook has finished, the level
 * the line was left at.
 */
public final class SigtermMain {

    private SigtermMain() {
    }

    public static void main(String[] args) throws Exception {
        FacegateConfig config = ConfigLoader.load(Path.of(args[0]), Path.of("models"));
        ModelRegistry models = ModelRegistry.load(config.models());
        MockGpio gpio = new MockGpio();
        Appliance server = Main.start(config, models, gpio);
        gpio.output("door").addListener(e -> System.out.println("level door " + e.state()));
        // No NOTIFY_SOCKET here: the notifier does nothing (SystemdNotifierIT covers it).
        Thread hook = Main.shutdownHook(SystemdNotifier.start(Map.of(), URI.create("http://127.0.0.1:" + server.port())), server,
                models);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hook.run();
            } catch (Throwable e) {
                System.out.println("hook failed: " + e);
                e.printStackTrace(System.out);
            } finally {
                System.out.println("final door " + (gpio.high("door") ? "HIGH" : "LOW"));
                System.out.flush();
            }
        }));
        System.out.println("ready " + (gpio.high("door") ? "HIGH" : "LOW"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
