package io.facegate.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation, beside JMH's wall-clock score: on a shared machine other processes
 * stretch wall time, while the CPU time the work itself needs changes much less. Enable with
 * {@code -prof io.facegate.bench.CpuTimeProfiler} (the {@code bench} profile does). Adds two secondary results:
 * {@code cpu.time} (process CPU microseconds per operation: the benchmark thread, where ONNX Runtime also computes
 * with one intra-op thread, plus GC and JIT threads) and {@code cpu.share} (process CPU time over wall time; about 1.0
 * when the benchmark thread had a core to itself).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "process CPU time per operation and CPU time over wall time";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || cpu < 0) {
            return List.of();
        }
        return List.of(
                new ScalarResult("cpu.time", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.share", (double) cpu / wall, "cpu/wall", AggregationPolicy.AVG));
    }
}
