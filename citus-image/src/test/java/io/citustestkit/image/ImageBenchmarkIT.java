package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Image figures for docs/performance.md ("Image"). Runs only with {@code -Dcitustestkit.benchmark=true}:
 * <pre>
 * TESTCONTAINERS_RYUK_DISABLED=true ./mvnw -B -pl citus-image -am verify -Dcitustestkit.benchmark=true \
 *     -Dit.test=ImageBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Prints: one container from {@code docker run} to a Citus query answered over TCP (tuned and plain base), the
 * size the tuned layer adds, the first tuned build (no layer cache) and a cached resolve, and idle memory per node.
 */
class ImageBenchmarkIT {

    private static final int RUNS = Integer.getInteger("citustestkit.benchmark.runs", 5);

    @Test
    void imageFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("citustestkit.benchmark"),
                "benchmark: run with -Dcitustestkit.benchmark=true");
        String baseName = TestImages.primary();
        TestImages.assumeAvailable(baseName);
        DockerImageName base = DockerImageName.parse(baseName);
        DockerClient docker = DockerClientFactory.instance().client();
        DockerImageName tuned = ImageNode.tunedImage(baseName);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%n== citus-image benchmark (base %s, tuned %s, %d runs, %d CPUs) ==%n",
                baseName, tuned.asCanonicalNameString(), RUNS, Runtime.getRuntime().availableProcessors()));

        // 1. docker run -> Citus answers over TCP: the baked directory in place (what the library runs), copied into
        // PGDATA (the image's default), and the base image
        Map<String, String> inPlace = Map.of("PGDATA", TunedImages.BAKED_DATA_DIRECTORY);
        List<Long> inPlaceMs = new ArrayList<>();
        List<Long> inPlaceStartMs = new ArrayList<>();
        List<Long> tunedMs = new ArrayList<>();
        List<Long> baseMs = new ArrayList<>();
        // own credentials: applied to the baked directory at the first start (no initdb)
        Map<String, String> own = Map.of("POSTGRES_USER", "ads_app", "POSTGRES_PASSWORD", "s3cret", "POSTGRES_DB", "ads");
        Map<String, String> inPlaceOwn = new java.util.HashMap<>(own);
        inPlaceOwn.putAll(inPlace);
        List<Long> inPlaceOwnMs = new ArrayList<>();
        List<Long> tunedOwnMs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long[] t = runToCitusReady(tuned, inPlace);
            inPlaceMs.add(t[0]);
            inPlaceStartMs.add(t[1]);
            inPlaceOwnMs.add(runToCitusReady(tuned, inPlaceOwn)[0]);
            tunedMs.add(runToCitusReady(tuned, Map.of())[0]);
            tunedOwnMs.add(runToCitusReady(tuned, own)[0]);
            baseMs.add(runToCitusReady(base, Map.of())[0]);
        }
        long inPlaceMedian = median(inPlaceMs);
        long tunedMedian = median(tunedMs);
        long baseMedian = median(baseMs);
        report.append(String.format(Locale.ROOT,
                "container to Citus-ready  tuned, PGDATA in place (library): median %d ms (min %d, max %d)  goal <= 1000 ms"
                        + "  ratio %.2f%n",
                inPlaceMedian, Collections.min(inPlaceMs), Collections.max(inPlaceMs), inPlaceMedian / 1000.0));
        report.append(String.format(Locale.ROOT,
                "  of which docker create + start (API calls): median %d ms%n", median(inPlaceStartMs)));
        report.append(String.format(Locale.ROOT,
                "container to Citus-ready  tuned, copied into PGDATA (image default): median %d ms (min %d, max %d)%n",
                tunedMedian, Collections.min(tunedMs), Collections.max(tunedMs)));
        report.append(String.format(Locale.ROOT,
                "container to Citus-ready  tuned, own credentials, in place: median %d ms (min %d, max %d)"
                        + "  ratio to default credentials %.2f%n", median(inPlaceOwnMs), Collections.min(inPlaceOwnMs),
                Collections.max(inPlaceOwnMs), (double) median(inPlaceOwnMs) / inPlaceMedian));
        report.append(String.format(Locale.ROOT,
                "container to Citus-ready  tuned, own credentials, copied: median %d ms (min %d, max %d)"
                        + "  ratio to default credentials %.2f%n", median(tunedOwnMs), Collections.min(tunedOwnMs),
                Collections.max(tunedOwnMs), (double) median(tunedOwnMs) / tunedMedian));
        report.append(String.format(Locale.ROOT,
                "container to Citus-ready  base : median %d ms (min %d, max %d)  ratio in place/base %.2f%n",
                baseMedian, Collections.min(baseMs), Collections.max(baseMs), (double) inPlaceMedian / baseMedian));

        // 2. size the tuned layer adds
        long baseSize = docker.inspectImageCmd(base.asCanonicalNameString()).exec().getSize();
        long tunedSize = docker.inspectImageCmd(tuned.asCanonicalNameString()).exec().getSize();
        report.append(String.format(Locale.ROOT, "tuned layer over base     %.1f MB (base %.1f MB)  goal <= 40 MB%n",
                (tunedSize - baseSize) / 1e6, baseSize / 1e6));

        // 3. first build (no layer cache) and cached resolve
        DockerImageName scratch = DockerImageName.parse(TunedImages.REPOSITORY + ":benchmark-" + System.nanoTime());
        long buildStart = System.nanoTime();
        TunedImages.build(base, scratch, true);
        long buildMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - buildStart);
        docker.removeImageCmd(scratch.asCanonicalNameString()).withForce(true).exec();
        long cachedStart = System.nanoTime();
        DockerImageName again = TunedImages.resolve(base);
        long cachedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cachedStart);
        assertThat(again).isEqualTo(tuned);
        report.append(String.format(Locale.ROOT, "first tuned build         %d ms (no layer cache)  goal <= 10000 ms%n", buildMs));
        report.append(String.format(Locale.ROOT, "cached tuned image        %d ms (lookup only)  goal 0 s%n", cachedMs));

        // 4. idle memory per node, test profile (the library's settings)
        for (String role : List.of("coordinator", "worker")) {
            try (ImageNode node = ImageNode.builder(tuned).env("CITUS_ROLE", role).env("CITUS_PROFILE", "test")
                    .command("postgres", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off")
                    .start()) {
                node.awaitHealthy(Duration.ofSeconds(90));
                report.append(String.format(Locale.ROOT, "idle memory %-12s  %.1f MiB (docker stats: usage - inactive file)  goal <= 64 MiB%n",
                        role, idleMemoryMiB(docker, node.id())));
            }
        }
        try (ImageNode plain = ImageNode.builder(base).start()) {
            plain.awaitHealthy(Duration.ofSeconds(120));
            report.append(String.format(Locale.ROOT, "idle memory plain base    %.1f MiB%n", idleMemoryMiB(docker, plain.id())));
        }
        report.append(String.format(Locale.ROOT, "load (1, 5, 15 min) at the end: %s%n", loadAverage()));
        System.out.println(report);
        assertThat(tunedMs).hasSize(RUNS);
    }

    /**
     * docker create + start, then polls a TCP connection until SELECT citus_version() answers. Returns the total
     * and the part spent in the create and start calls, in ms.
     */
    private static long[] runToCitusReady(DockerImageName image, Map<String, String> env) throws Exception {
        long start = System.nanoTime();
        ImageNode.Builder builder = ImageNode.builder(image);
        env.forEach(builder::env);
        try (ImageNode node = builder.start()) {
            long started = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try (Connection c = node.connect();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT citus_version()")) {
                    rs.next();
                    long now = System.nanoTime();
                    return new long[] {TimeUnit.NANOSECONDS.toMillis(now - start),
                            TimeUnit.NANOSECONDS.toMillis(started - start)};
                } catch (SQLException e) {
                    if (!node.isRunning()) {
                        throw new AssertionError("container exited:\n" + node.logs());
                    }
                    TimeUnit.MILLISECONDS.sleep(10);
                }
            }
            throw new AssertionError(image + " not ready within 120 s");
        }
    }

    private static double idleMemoryMiB(DockerClient docker, String id) throws InterruptedException {
        AtomicReference<Statistics> stats = new AtomicReference<>();
        docker.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                stats.compareAndSet(null, s);
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        MemoryStatsConfig memory = stats.get().getMemoryStats();
        long usage = memory.getUsage() == null ? 0 : memory.getUsage();
        long inactive = 0;
        if (memory.getStats() != null) {
            Long v1 = memory.getStats().getTotalInactiveFile();
            Long v2 = memory.getStats().getInactiveFile();
            inactive = v1 != null ? v1 : v2 != null ? v2 : 0;
        }
        return (usage - inactive) / (1024.0 * 1024.0);
    }

    /** What uptime prints as load average (/proc/loadavg). */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

}
