package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import io.citustestkit.internal.SqlScripts;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link CitusCluster @CitusCluster}; not API.
 *
 * <p>Parameters: it claims only {@code CitusClusterContainer}, {@code DataSource} and {@code Connection} parameters,
 * and parameters annotated {@link Worker @Worker} or {@link CitusClusterResource @CitusClusterResource} (an annotated
 * parameter of a type it cannot give fails naming what it supports). Any other type, even from {@code java.sql} or
 * Testcontainers, is left to other resolvers.
 *
 * <p>State: which cluster a context uses, and where its holder lives, is {@link ClusterLookup}'s job (per class, or
 * per run of a class with several images, {@link CitusClusterTemplate}); the {@link ClusterEnvironment} of the test
 * run lives in the root store. Connections handed out live in the namespace of the context that asked
 * ({@link #namespaceOf}) and are closed when it ends (after each test: before reset).
 *
 * <p>Fields: static {@code @CitusClusterResource} fields are filled before {@code @BeforeAll}; for a class with
 * several images, at the start of each run instead (JUnit runs {@code @BeforeAll} once for all runs).
 */
final class CitusClusterExtension implements BeforeAllCallback, BeforeClassTemplateInvocationCallback,
        AfterEachCallback, ParameterResolver, TestInstancePostProcessor, ExecutionCondition {

    static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CitusClusterExtension.class);

    static final String SUPPORTED = "CitusClusterContainer (or, with @CitusClusterResource, a Testcontainers"
            + " supertype such as JdbcDatabaseContainer), javax.sql.DataSource, java.sql.Connection and CitusNode"
            + " with @Worker(index)";

    // ---------------------------------------------------------------------------------------------
    // conditions
    // ---------------------------------------------------------------------------------------------

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent() || context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        Optional<CitusCluster> annotation = findOwnerAnnotation(context.getRequiredTestClass());
        if (annotation.isEmpty() || !annotation.get().disabledWithoutDocker()) {
            return ConditionEvaluationResult.enabled("@CitusCluster(disabledWithoutDocker = false)");
        }
        if (ClusterEnvironment.of(context).dockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is available");
        }
        String reason = "@CitusCluster(disabledWithoutDocker = true): Docker is not available (set DOCKER_HOST or"
                + " docker.host in ~/.testcontainers.properties to point at one)";
        // on the console too, where a person reads the build: a skipped class is easy to miss in "Skipped: n"
        System.err.println("[citus-testkit] SKIPPED " + context.getRequiredTestClass().getName() + ": " + reason
                + ": these tests did not run");
        return ConditionEvaluationResult.disabled(reason);
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle
    // ---------------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (ClusterLookup.clusterPerRun(context)) {
            return; // several images: the cluster and the static fields come with each run
        }
        holder(context).get();
        injectFields(context.getRequiredTestClass(), null, context);
    }

    /** A run of a class with several images: its cluster, then its static fields (and a per-class instance's). */
    @Override
    public void beforeClassTemplateInvocation(ExtensionContext context) throws Exception {
        if (CitusClusterTemplate.imageOf(context).isEmpty() || ClusterLookup.imagesOf(context).size() == 1) {
            return; // one image: done in beforeAll, as without templates
        }
        holder(context).get();
        injectFields(context.getRequiredTestClass(), null, context);
        if (context.getTestInstance().isPresent()) {
            injectFields(context.getRequiredTestClass(), context.getTestInstance().get(), context);
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
        if (ClusterLookup.clusterPerRun(context)) {
            return; // an instance per class with several images: filled at the start of each run
        }
        injectFields(testInstance.getClass(), testInstance, context);
    }

    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        // constructor parameters and instance fields get the test's context: a Connection closes after the test
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeConnections(context);
        ClusterHolder holder = holder(context);
        CitusClusterContainer cluster = holder.ifStarted();
        if (cluster == null) {
            return;
        }
        switch (holder.settings().reset()) {
            case TRUNCATE:
                cluster.truncateTables();
                break;
            case DROP:
                cluster.reset();
                runScripts(cluster, holder.settings().initScripts(), holder.settings().dataScripts());
                break;
            default:
                break;
        }
    }

    /** Init scripts, then data scripts, as the container runs them at start (errors name script and line). */
    static void runScripts(CitusClusterContainer cluster, List<String> initScripts, List<String> dataScripts) {
        SqlScripts.run(() -> cluster.createConnection(""), initScripts, dataScripts);
    }

    // ---------------------------------------------------------------------------------------------
    // parameters and fields
    // ---------------------------------------------------------------------------------------------

    /** Ours: the types we always give, and parameters annotated for us (whose misuse we then explain). */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == CitusClusterContainer.class || type == DataSource.class || type == Connection.class
                || parameterContext.isAnnotated(Worker.class)
                || parameterContext.isAnnotated(CitusClusterResource.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        java.lang.reflect.Parameter p = parameterContext.getParameter();
        String what = "parameter [" + p.getType().getName() + " " + p.getName() + "] in "
                + parameterContext.getDeclaringExecutable();
        return resolve(p.getType(), parameterContext.findAnnotation(Worker.class), extensionContext, what,
                ParameterResolutionException::new);
    }

    private void injectFields(Class<?> testClass, Object instance, ExtensionContext context) {
        boolean statics = instance == null;
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, CitusClusterResource.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics);
        for (Field field : fields) {
            String what = (statics ? "static " : "") + "field [" + field.getType().getName() + " " + field.getName()
                    + "] of " + field.getDeclaringClass().getName();
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@CitusClusterResource " + what
                        + " is final; allowed: a non-final field");
            }
            Object value = resolve(field.getType(), Optional.ofNullable(field.getAnnotation(Worker.class)), context,
                    what, ExtensionConfigurationException::new);
            try {
                field.setAccessible(true);
                field.set(instance, value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException("could not set @CitusClusterResource " + what + ": " + e, e);
            }
        }
    }

    private interface Failure {
        RuntimeException create(String message, Throwable cause);
    }

    private Object resolve(Class<?> type, Optional<Worker> worker, ExtensionContext context, String what,
            Failure failure) {
        if (worker.isPresent() && type != CitusNode.class) {
            throw failure.create("Cannot resolve " + what + ": @Worker applies to CitusNode only, the type is "
                    + type.getName() + "; @CitusCluster supports " + SUPPORTED, null);
        }
        if (!isSupported(type)) {
            throw failure.create("Cannot resolve " + what + ": type " + type.getName()
                    + " is not supported; @CitusCluster supports " + SUPPORTED, null);
        }
        if (type == CitusNode.class && worker.isEmpty()) {
            throw failure.create("Cannot resolve " + what + ": a CitusNode needs @Worker(index) to say which worker"
                    + " (0-based); for the coordinator use CitusClusterContainer.getCoordinator(). @CitusCluster"
                    + " supports " + SUPPORTED, null);
        }
        CitusClusterContainer cluster = holder(context).get();
        if (type == CitusNode.class) {
            int index = worker.get().value();
            int count = cluster.getWorkerCount();
            if (index < 0 || index >= count) {
                throw failure.create("Cannot resolve " + what + ": @Worker(" + index + ") is out of range; allowed: "
                        + (count == 0 ? "none (the cluster has no workers)"
                                : "0.." + (count - 1) + " (the cluster has " + count + " workers, indexes are 0-based)"),
                        null);
            }
            return cluster.getWorker(index);
        }
        if (type == DataSource.class) {
            return new CoordinatorDataSource(cluster);
        }
        if (type == Connection.class) {
            try {
                Connection connection = new CoordinatorDataSource(cluster).getConnection();
                connections(context).add(connection);
                return connection;
            } catch (SQLException e) {
                throw failure.create("Cannot resolve " + what + ": could not connect to the coordinator at "
                        + cluster.getJdbcUrl() + ": " + e.getMessage(), e);
            }
        }
        return cluster; // CitusClusterContainer or a Testcontainers supertype
    }

    /** What a parameter or field that is ours may be; Testcontainers supertypes only when annotated. */
    static boolean isSupported(Class<?> type) {
        return type == CitusClusterContainer.class || type == DataSource.class || type == Connection.class
                || type == CitusNode.class
                || (type.isAssignableFrom(CitusClusterContainer.class) && type.getName().startsWith("org.testcontainers."));
    }

    // ---------------------------------------------------------------------------------------------
    // connections
    // ---------------------------------------------------------------------------------------------

    /** Connections handed out in one context; closed when it ends. */
    static final class OpenConnections implements AutoCloseable {
        private final List<Connection> connections = new ArrayList<>();

        synchronized void add(Connection c) {
            connections.add(c);
        }

        @Override
        public synchronized void close() {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway; nothing the test can act on
                }
            }
            connections.clear();
        }
    }

    private static OpenConnections connections(ExtensionContext context) {
        return context.getStore(namespaceOf(context)).getOrComputeIfAbsent(OpenConnections.class,
                k -> new OpenConnections(), OpenConnections.class);
    }

    private static void closeConnections(ExtensionContext context) {
        OpenConnections open = context.getStore(namespaceOf(context)).get(OpenConnections.class, OpenConnections.class);
        if (open != null) {
            open.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // which cluster
    // ---------------------------------------------------------------------------------------------

    /** The holder of the cluster for any context of a class using the extension ({@link ClusterLookup}). */
    static ClusterHolder holder(ExtensionContext context) {
        return ClusterLookup.holder(context);
    }

    /**
     * The extension's namespace for one context. Store lookups fall back to the parent contexts' stores; in a
     * namespace of its own a context finds only what was put there for it (its connections, a class's holder).
     */
    static ExtensionContext.Namespace namespaceOf(ExtensionContext context) {
        return NAMESPACE.append(context.getUniqueId());
    }

    /** The annotation of a class or, for a @Nested class without one, of its nearest enclosing class. */
    static Optional<CitusCluster> findOwnerAnnotation(Class<?> testClass) {
        return ClusterLookup.findOwnerAnnotation(testClass);
    }
}
