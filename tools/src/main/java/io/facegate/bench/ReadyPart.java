package io.facegate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Parts 1 and 2 (headline): {@code starts} launches of the service as installed (no camera), each timed to
 * readiness, with VmRSS read at once; after the last start, DetectFaces traffic with every attribute, then VmRSS and
 * VmHWM (the peak) again. No NMT here: these are the figures of the service as it runs on a board.
 */
final class ReadyPart {

    private ReadyPart() {
    }

    static void run(BenchSetup setup, int starts, int calls, int clients) {
        Out.section("1. Ready time and 2. RSS (service as installed, no camera, no NMT)");
        Out.line("measured: wall time from starting the JVM to the first 200 of GET /observe/health/ready (polled every 20 ms);");
        Out.line("  CPU = utime+stime of the service process at that moment (/proc/PID/stat; less disturbed by other load);");
        Out.line("  RSS = VmRSS of /proc/PID/status read right after ready, and after the traffic (VmHWM = its peak)");
        List<Double> ready = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            int port = ServiceJvm.freePort();
            try (ServiceJvm service = ServiceJvm.start(setup, "ready-" + i, port, ServiceYaml.plain(port), List.of())) {
                ProcFs.Memory atReady = ProcFs.memory(service.pid());
                ready.add(service.readyMillis());
                cpu.add((double) service.cpuMillisAtReady());
                rss.add(atReady.mb());
                Out.line("  start %d: ready %.0f ms (CPU %d ms), RSS at ready %.0f MB", i, service.readyMillis(),
                        service.cpuMillisAtReady(), atReady.mb());
                if (i == starts) {
                    Out.line("  median of %d starts: ready %.0f ms, CPU to ready %.0f ms, RSS at ready %.0f MB", starts,
                            Stats.median(ready), Stats.median(cpu), Stats.median(rss));
                    traffic(setup, service, i, calls, clients);
                }
            }
        }
    }

    private static void traffic(BenchSetup setup, ServiceJvm service, int start, int calls, int clients) {
        DetectFacesTraffic.Result result;
        try {
            result = DetectFacesTraffic.run(service.uri(), setup.photos(), calls, clients);
        } catch (BenchException e) {
            service.checkAlive("during the DetectFaces traffic");
            throw e;
        }
        ProcFs.Memory after = ProcFs.memory(service.pid());
        Out.line("  traffic (on start %d): %s", start, result);
        Out.line("    DetectFaces, Attributes [\"ALL\"], photos %s in turn, %d clients at once",
                setup.photos().stream().map(p -> p.getFileName().toString()).toList(), clients);
        Out.line("  RSS after ALL traffic: %.0f MB (VmHWM peak %.0f MB; RssAnon %.0f MB, RssFile %.0f MB)", after.mb(),
                Out.mb(after.vmHwm()), Out.mb(after.rssAnon()), Out.mb(after.rssFile()));
    }
}
