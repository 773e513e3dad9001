package io.citustestkit.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code main(testClass...)}: runs test classes in this JVM with the JUnit Platform and prints
 * {@code SUMMARY found=n succeeded=n failed=n skipped=n aborted=n} (then the failures); exits 0 when none failed.
 * For a JVM of its own with another environment, such as another Docker engine ({@code RemoteEngineIT}).
 */
public final class SuiteProcess {

    private SuiteProcess() {}

    public static void main(String[] testClasses) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        Arrays.stream(testClasses).forEach(c -> request.selectors(selectClass(c)));
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request.build(), listener);
        TestExecutionSummary s = listener.getSummary();
        System.out.printf("SUMMARY found=%d succeeded=%d failed=%d skipped=%d aborted=%d%n", s.getTestsFoundCount(),
                s.getTestsSucceededCount(), s.getTotalFailureCount(), s.getTestsSkippedCount(),
                s.getTestsAbortedCount());
        s.printFailuresTo(new PrintWriter(System.out, true), 20);
        System.out.flush();
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
