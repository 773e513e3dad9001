package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.FanOutReport;
import io.citustestkit.internal.LoggedStatement;
import io.citustestkit.internal.StatementCapture;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link RouterQueriesOnly @RouterQueriesOnly}; not API. Opens a capture per cluster right
 * before the test method and ends it right after; the open captures live in the test's store (closed, settings set
 * back, also when the test or the check fails).
 */
final class RouterQueriesOnlyExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RouterQueriesOnlyExtension.class);

    /** The captures of one test, one per cluster; closing ends those not ended. */
    static final class Captures implements AutoCloseable {
        final Map<String, StatementCapture.Capture> byCluster = new LinkedHashMap<>();
        final List<Pattern> allow;

        Captures(List<Pattern> allow) {
            this.allow = allow;
        }

        @Override
        public void close() {
            byCluster.values().forEach(StatementCapture.Capture::close);
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        RouterQueriesOnly annotation = annotation(context);
        List<Pattern> allow;
        try {
            allow = FanOutReport.patterns("@RouterQueriesOnly(allow)", annotation.allow());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage() + " (on " + where(context) + ")", e);
        }
        Map<String, CitusClusterContainer> clusters = clusters(context);
        Captures captures = new Captures(allow);
        context.getStore(NAMESPACE).put(Captures.class, captures);
        for (Map.Entry<String, CitusClusterContainer> e : clusters.entrySet()) {
            captures.byCluster.put(e.getKey(), StatementCapture.of(e.getValue()).begin());
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Captures captures = context.getStore(NAMESPACE).remove(Captures.class, Captures.class);
        if (captures == null) {
            return;
        }
        try {
            List<LoggedStatement> offending = new ArrayList<>();
            for (StatementCapture.Capture capture : captures.byCluster.values()) {
                offending.addAll(FanOutReport.notAllowed(capture.end(), captures.allow));
            }
            if (!offending.isEmpty()) {
                throw new AssertionError(FanOutReport.message(where(context), offending, FanOutReport.ANNOTATION_HINT));
            }
        } finally {
            captures.close();
        }
    }

    private static RouterQueriesOnly annotation(ExtensionContext context) {
        Optional<RouterQueriesOnly> onMethod = AnnotationSupport.findAnnotation(context.getTestMethod(),
                RouterQueriesOnly.class);
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            Optional<RouterQueriesOnly> a = AnnotationSupport.findAnnotation(c, RouterQueriesOnly.class);
            if (a.isPresent()) {
                return a.get();
            }
        }
        throw new ExtensionConfigurationException("no @RouterQueriesOnly found for " + where(context));
    }

    /** The clusters of the test, by a name for messages: its @CitusCluster's, else its started container fields. */
    static Map<String, CitusClusterContainer> clusters(ExtensionContext context) {
        Map<String, CitusClusterContainer> out = new LinkedHashMap<>();
        if (CitusClusterExtension.findOwnerAnnotation(context.getRequiredTestClass()).isPresent()) {
            out.put("@CitusCluster", CitusClusterExtension.holder(context).get());
            return out;
        }
        List<String> notStarted = new ArrayList<>();
        List<Object> instances = context.getTestInstances().map(i -> (List<Object>) new ArrayList<>(i.getAllInstances()))
                .orElse(List.of());
        for (Object instance : instances) {
            fields(instance.getClass(), instance, out, notStarted);
        }
        fields(context.getRequiredTestClass(), null, out, notStarted);
        if (out.isEmpty()) {
            throw new ExtensionConfigurationException("@RouterQueriesOnly on " + where(context) + " needs a Citus"
                    + " cluster, and "
                    + (notStarted.isEmpty() ? "the test has none" : "these are not started: " + notStarted)
                    + "; allowed: @CitusCluster on the class, or a started CitusClusterContainer in a field"
                    + " (for example @Container with @Testcontainers)");
        }
        return out;
    }

    private static void fields(Class<?> type, Object instance, Map<String, CitusClusterContainer> out,
            List<String> notStarted) {
        for (Field f : ReflectionSupport.findFields(type, f -> CitusClusterContainer.class.isAssignableFrom(f.getType())
                && Modifier.isStatic(f.getModifiers()) == (instance == null), HierarchyTraversalMode.TOP_DOWN)) {
            String name = f.getDeclaringClass().getSimpleName() + "." + f.getName();
            try {
                f.setAccessible(true);
                CitusClusterContainer c = (CitusClusterContainer) f.get(instance);
                if (c != null && c.getContainerId() != null) {
                    out.putIfAbsent(c.getContainerId(), c);
                } else {
                    notStarted.add(name);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                notStarted.add(name + " (" + e + ")");
            }
        }
    }

    private static String where(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "."
                + context.getTestMethod().map(m -> m.getName() + "()").orElse(context.getDisplayName());
    }
}
